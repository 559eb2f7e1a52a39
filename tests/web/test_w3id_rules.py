"""The W3ID rules `ssvkg publish` writes, played by a small interpreter (tests/publish/htaccess.py)
against every IRI of a release of the web fixture graph: each target exists in the release folder (a
data file, or for a browser a page of the static site: X.html, the ontology docs at ontology/, the
landing page index.html) and `ssvkg serve` answers the same path with the same media type."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from publish.htaccess import parse, play

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture"
BASE = "https://example.org/ssvkg/"
W3ID = "https://w3id.org/ssvkg/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
ACCEPTS = {"html": BROWSER, "ttl": "text/turtle", "jsonld": "application/ld+json",
           "nt": "application/n-triples", "curl": "*/*"}
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    from ssvkg.cli import main

    out = tmp_path_factory.mktemp("w3id") / "release"
    res = CliRunner().invoke(main, ["--root", str(FIXTURE), "publish", str(out), "--base-url", BASE,
                                    "--date", "2026-12-01"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def rules(release):
    return parse((release / "w3id" / ".htaccess").read_text())


def iris_of(release: Path) -> list[str]:
    """Every IRI the release has files for, plus an ontology term and the dataset."""
    iris = {W3ID + p.relative_to(release).with_suffix("").as_posix()
            for root in ("id", "concept", "graph") for p in (release / root).rglob("*.ttl")}
    return sorted(iris | {W3ID + "ontology", W3ID + "ontology#Program", W3ID + "dataset"})


def get(url: str, accept: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", "")


def in_folder(release: Path, rel: str) -> Path:
    """The file a static host serves for rel: a folder's index.html."""
    path = release / rel
    return path / "index.html" if rel == "" or rel.endswith("/") else path


def test_every_iri_and_accept_header_lands_on_a_file_or_a_page(release, rules, site_url):
    pages, checked = set(), 0
    for iri in iris_of(release):
        for kind, accept in ACCEPTS.items():
            hit = play(rules, iri, accept)
            assert hit is not None, f"no rule for {iri} with Accept {accept}"
            status, target = hit
            assert status == 303 and target.startswith(BASE), (iri, accept, hit)
            rel = target[len(BASE):]
            last = rel.rsplit("/", 1)[-1]
            ext = last.rsplit(".", 1)[1] if "." in last else None
            wanted = kind if kind in MEDIA else None
            if iri.endswith("/dataset") and wanted == "nt":
                wanted = None  # the description is in Turtle and JSON-LD only
            if wanted is None:  # a page: X.html, a folder's index.html
                assert ext in ("html", None), (iri, accept, target)
                assert ext == "html" or rel == "" or rel.endswith("/"), (iri, accept, target)
                pages.add(rel)
            else:
                assert ext == wanted, (iri, accept, target)
            assert in_folder(release, rel).is_file(), f"{iri} ({kind}) -> {target}: not in the release"
            if not rel.startswith("graph/") and not iri.endswith("/dataset"):
                code, media = get(f"{site_url}/{rel}", accept)
                want = MEDIA[ext] if wanted else "text/html"
                assert code == 200 and media.startswith(want), (rel, code, media)
            checked += 1
    assert checked > 50
    assert {"", "ontology/", "id/program-rural-teachers.html", "concept/qualifier-more-than.html",
            "graph/figures.html"} <= pages, sorted(pages)[:20]


def test_an_unknown_path_has_no_rule(rules):
    assert play(rules, W3ID + "people/someone", "text/turtle") is None
    assert play(rules, W3ID + "graphs", BROWSER) is None


def test_an_unescaped_media_type_would_fail(release):
    # A RewriteCond pattern is a regular expression: with "ld+json" unescaped, JSON-LD clients
    # would get the HTML page. The interpreter must see that, or it proves nothing.
    text = (release / "w3id" / ".htaccess").read_text().replace("ld\\+json", "ld+json")
    hit = play(parse(text), W3ID + "id/program-rural-teachers", "application/ld+json")
    assert hit is not None and not hit[1].endswith(".jsonld")


def test_an_explicit_extension_wins_over_accept(rules):
    assert play(rules, W3ID + "id/x.nt", "text/turtle") == (303, BASE + "id/x.nt")
    assert play(rules, W3ID + "ontology.jsonld", BROWSER) == (303, BASE + "ontology.jsonld")
