"""The W3ID redirect rules for https://w3id.org/ssvkg/, as the perma-id/w3id.org repository takes them:
an Apache .htaccess in its folder ssvkg/, so the patterns see the path after "ssvkg/".

Each IRI is sent (303 See Other) to the release on the static host (--base-url) at the paths
`ssvkg serve` uses too, so the same rules work with a live server as base: Turtle, N-Triples and
JSON-LD by the Accept header (or an explicit .ttl/.nt/.jsonld), HTML otherwise: the static site's
page X.html (serve answers /id/x.html too), and for the ontology its documentation ontology/
(ontology/index.html; the browser keeps the #Term of an ontology term's IRI, pyLODE's anchor).
A media type in a RewriteCond is a regular expression, so the + of ld+json is escaped.
"""

from __future__ import annotations

# Accept header pattern -> file extension, in the order the rules are tried.
NEGOTIATED = (("text/turtle", "ttl"), ("application/ld\\+json", "jsonld"), ("application/n-triples", "nt"))
ROOTS = "(id|concept|graph)"

HEADER = """\
# https://w3id.org/ssvkg/ -- the Sustainable Social Value Knowledge Graph (ssvkg).
# Written by `ssvkg publish --base-url {base}`; copy to perma-id/w3id.org as ssvkg/.htaccess.
# Maintainers: (fill in the names and GitHub accounts of the people who answer for these IRIs;
# w3id.org asks for them in the pull request.)
#
#   https://w3id.org/ssvkg/id/X, concept/X, graph/G -> X.ttl | X.jsonld | X.nt by Accept, else X.html
#   https://w3id.org/ssvkg/ontology (and ontology#Term) -> ontology.ttl | .jsonld | .nt, else ontology/
#   https://w3id.org/ssvkg/dataset -> void.ttl | void.jsonld, else the landing page
Options +FollowSymLinks
RewriteEngine on
"""


def htaccess(base_url: str | None) -> str:
    """The rules redirecting to base_url (ends with /); without one, a placeholder to replace."""
    base = base_url or "https://BASE-URL-OF-THE-RELEASE/"
    lines = [HEADER.format(base=base_url or "URL")]
    lines.append("# An explicit extension asks for that format.")
    lines.append(f"RewriteRule ^{ROOTS}/(.+)\\.(ttl|nt|jsonld)$ {base}$1/$2.$3 [R=303,L]")
    lines.append(f"RewriteRule ^ontology\\.(ttl|nt|jsonld)$ {base}ontology.$1 [R=303,L]")
    for accept, ext in NEGOTIATED:
        lines.append("")
        lines.append(f"# Accept: {accept.replace(chr(92), '')}")
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {accept}")
        lines.append(f"RewriteRule ^{ROOTS}/(.+)$ {base}$1/$2.{ext} [R=303,L]")
        lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {accept}")
        lines.append(f"RewriteRule ^ontology$ {base}ontology.{ext} [R=303,L]")
        if ext != "nt":
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {accept}")
            lines.append(f"RewriteRule ^dataset$ {base}void.{ext} [R=303,L]")
    lines.append("")
    lines.append("# Everything else: the HTML page (the static site's pages, or `ssvkg serve`'s).")
    lines.append(f"RewriteRule ^{ROOTS}/(.+)$ {base}$1/$2.html [R=303,L]")
    lines.append(f"RewriteRule ^ontology$ {base}ontology/ [R=303,L]")
    lines.append(f"RewriteRule ^dataset$ {base} [R=303,L]")
    lines.append(f"RewriteRule ^$ {base} [R=302,L]")
    return "\n".join(lines) + "\n"
