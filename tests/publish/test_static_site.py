"""The static site in a release (ssvkg.web.release_site): every link lands on a file of the folder,
each entity's pages sit beside its data files, the home page embeds the schema.org description,
the search page holds the labels, the query pages their example results. Read as files, with
Python's own HTML parser; the pages in a browser: tests/web/test_static_site_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import build

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"


class Links(HTMLParser):
    """The href/src/action values of a page, and its element ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)
        self._in_json_ld = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_json_ld = False


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def broken_links(folder: Path) -> tuple[list[str], int]:
    """(page: link) for every link of every page of folder that names no file of the folder, or an
    id its page lacks; and how many links were followed. Links with a scheme go elsewhere."""
    broken, followed, ids = [], 0, {}
    folder = folder.resolve()
    for page in sorted(folder.rglob("*.html")):
        for url in parsed(page).urls:
            parts = urlsplit(url)
            if parts.scheme:
                continue
            where = f"{page.relative_to(folder)}: {url}"
            if url.startswith("/"):
                broken.append(where + " (absolute: breaks on a host's sub-folder)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            followed += 1
            if not target.is_relative_to(folder) or not target.is_file():
                broken.append(where)
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parsed(target).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(where + " (no such id)")
    return broken, followed


def test_no_page_links_to_a_missing_file(real_release):
    broken, followed = broken_links(real_release)
    assert broken == []
    assert followed > 20_000  # ~1,300 pages, most with dozens of links


def test_the_link_check_sees_a_missing_file_and_a_missing_id(tmp_path):
    (tmp_path / "id").mkdir()
    (tmp_path / "index.html").write_text('<a href="id/x.html">x</a> <a href="id/y.html#figure">y</a>'
                                         '<a href="https://example.org/">out</a>', encoding="utf-8")
    (tmp_path / "id" / "x.html").write_text('<a href="../index.html">home</a> <a href="/figures.html">f</a>',
                                            encoding="utf-8")
    (tmp_path / "id" / "y.html").write_text('<p id="other">', encoding="utf-8")
    broken, followed = broken_links(tmp_path)
    assert broken == ["id/x.html: /figures.html (absolute: breaks on a host's sub-folder)",
                      "index.html: id/y.html#figure (no such id)"]
    (tmp_path / "id" / "x.html").unlink()
    assert "index.html: id/x.html" in broken_links(tmp_path)[0]


def test_each_entity_has_its_pages_beside_its_data(real_release):
    data = sorted(p.with_suffix("") for root in ("id", "concept", "graph") for p in (real_release / root).rglob("*.ttl"))
    assert len(data) > 400
    for stem in data:
        for page in (stem.with_name(stem.name + ".html"), stem.with_name(stem.name + ".zh.html")):
            assert page.is_file(), page
    text = (real_release / "id" / "program-99-giving-day.zh.html").read_text(encoding="utf-8")
    assert '<h1 id="entity-label" lang="zh">99公益日</h1>' in text
    assert 'href="program-99-giving-day.ttl"' in text and 'href="program-99-giving-day.jsonld"' in text
    assert 'id="lang-en"' in text and 'href="program-99-giving-day.html"' in text
    english = (real_release / "id" / "program-99-giving-day.html").read_text(encoding="utf-8")
    assert '<h1 id="entity-label" lang="en">99 Giving Day</h1>' in english and "99公益日" in english


def test_no_page_needs_a_server(real_release):
    for page in [real_release / "index.html", real_release / "queries" / "programs-by-pillar.html",
                 real_release / "queries.html", real_release / "id" / "program-tianlai-action.html"]:
        urls = parsed(page).urls
        assert not [u for u in urls if re.search(r"sparql|openapi|queries\.json|\?", u)], page
    query = (real_release / "queries" / "programs-by-pillar.html").read_text(encoding="utf-8")
    assert "<form" not in query.replace('<form class="search"', "")  # only the search box


def test_the_home_page_embeds_the_schema_org_description(real_release):
    blocks = parsed(real_release / "index.html").json_ld
    assert len(blocks) == 1
    assert json.loads(blocks[0]) == json.loads((real_release / "dataset.jsonld").read_text(encoding="utf-8"))
    assert json.loads(parsed(real_release / "index.zh.html").json_ld[0])["@type"] == "Dataset"


def search_texts(page: Path) -> list[str]:
    return [t for t in re.findall(r'data-text="([^"]*)"', page.read_text(encoding="utf-8"))]


def test_the_search_page_holds_every_label(real_release):
    for name in ("search.html", "search.zh.html"):
        texts = search_texts(real_release / name)
        assert len(texts) > 400
        assert any("99公益日" in t.split("\n") for t in texts)
        assert any("tianlai action" in t.split("\n") for t in texts)
    assert (real_release / "static" / "search.js").is_file()


def test_a_query_page_shows_its_text_and_example_result(real_release):
    page = (real_release / "queries" / "programs-by-pillar.html").read_text(encoding="utf-8")
    assert 'id="results"' in page and "Tianlai Action" in page and "SELECT" in page
    assert 'id="query-params"' in page and "<code>pillar</code>" in page  # its parameters, as text
    zh = (real_release / "queries" / "programs-by-pillar.zh.html").read_text(encoding="utf-8")
    assert 'id="results"' in zh and "天籁行动" in zh
    names = {p.stem for p in (Path(__file__).resolve().parents[2] / "queries").glob("*.rq")}
    assert {p.name[:-5] for p in (real_release / "queries").glob("*.html") if not p.name.endswith(".zh.html")} == names


def test_ontology_docs_and_changes(real_release):
    assert (real_release / "ontology" / "index.html").is_file() and (real_release / "ontology" / "zh.html").is_file()
    assert not (real_release / "CHANGES.md").exists()  # no --previous


def test_changes_against_the_previous_release(tmp_path):
    assert build(MINI, tmp_path / "v1").exit_code == 0
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    obs = root / "graph" / "observations.ttl"
    text = obs.read_text(encoding="utf-8")
    m = re.search(r"ssv:beneficiaries (1200) \.", text)  # id:o1, 2022
    assert m, "the mini project's figure o1"
    obs.write_text(text[:m.start(1)] + "12007" + text[m.end(1):], encoding="utf-8")
    res = build(root, tmp_path / "v2", "--previous", str(tmp_path / "v1"), "--version", "10.0")
    assert res.exit_code == 0, res.output
    changes = (tmp_path / "v2" / "CHANGES.md").read_text(encoding="utf-8")
    assert "from release 9.9.9 to release 10.0" in changes
    assert "removed 1200; added 12007" in changes.replace(",", "") and "id:o1" in changes
    patch = (tmp_path / "v2" / "CHANGES.rdfp").read_text(encoding="utf-8").splitlines()
    assert [r[0] for r in patch if r[:1] in ("A", "D")] == ["D", "A"]
    assert (tmp_path / "v2" / "index.html").read_text(encoding="utf-8").count('href="CHANGES.md"') == 1


def test_without_ontology_docs_a_note_and_term_links_to_the_iris(tmp_path):
    # The mini ontology has no owl:Ontology header, which pyLODE needs: no docs, one sentence.
    res = build(MINI, tmp_path / "out")
    assert res.exit_code == 0
    assert "No ontology documentation in the release: " in res.stderr
    assert not (tmp_path / "out" / "ontology").exists()
    assert 'href="https://w3id.org/ssvkg/ontology"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert broken_links(tmp_path / "out")[0] == []


@pytest.mark.parametrize("lang_page", ["index.html", "index.zh.html"])
def test_language_switch_links(real_release, lang_page):
    text = (real_release / lang_page).read_text(encoding="utf-8")
    assert 'id="lang-en"' in text and 'href="index.html"' in text and 'href="index.zh.html"' in text
