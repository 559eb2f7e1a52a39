"""Content negotiation: media types, file extensions and the Accept header."""

from __future__ import annotations

# Our format name -> (media type, file extension).
RDF_FORMATS = {
    "turtle": ("text/turtle", "ttl"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "rdfxml": ("application/rdf+xml", "rdf"),
}
RESULT_FORMATS = {  # SELECT / ASK
    "json": ("application/sparql-results+json", "json"),
    "xml": ("application/sparql-results+xml", "xml"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
    "turtle": ("text/turtle", "ttl"),  # as the W3C result-set vocabulary
}
HTML = ("text/html", "html")

# Other names clients use for the same formats (SPARQLWrapper's format=…, plain JSON, …).
ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml",
    "application/x-turtle": "turtle", "text/plain": "nt", "application/json+ld": "jsonld",
    "ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "json-ld": "jsonld", "rdf": "rdfxml",
    "rdf+xml": "rdfxml", "sparql-results+json": "json", "sparql-results+xml": "xml",
    "text/html": "html", "html": "html",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q, best first (stable for equal q)."""
    out = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        out.append((media, q, i))
    out.sort(key=lambda t: (-t[1], t[2]))
    return [(m, q) for m, q, _ in out if q > 0]


def media_to_name(media: str, table: dict) -> str | None:
    for name, (mt, ext) in table.items():
        if media == mt or media == name or media == ext:
            return name
    alias = ALIASES.get(media)
    return alias if alias in table else None


def choose(accept: str | None, table: dict, default: str) -> str | None:
    """The format in table (or "html" if table has it) that Accept prefers; None if none fits."""
    if not (accept or "").strip():
        return default
    ranges = parse_accept(accept)
    for media, _ in ranges:
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            major = media[:-1]
            for name, (mt, _) in table.items():
                if mt.startswith(major):
                    return name
            continue
        name = media_to_name(media, table)
        if name:
            return name
    return None


def by_extension(ext: str, table: dict) -> str | None:
    for name, (_, e) in table.items():
        if ext == e:
            return name
    return None
