"""The static site of `ssvkg publish`: `ssvkg serve`'s pages, rendered once into files.

static_site(build) -> {release path: bytes}, a step of ssvkg.publish.release (the CLI hands it to
publish()). The pages come from serve's own view code (Browser, Overview, result_view) and
templates, over an Oxigraph store in this process; the templates'
absolute links (/id/x, /figures, /static/style.css) are then made relative to each page's file.
The store is loaded from the release's ssvkg.nq.gz (so blank nodes keep its canonical labels).

Paths: English pages at X.html, Chinese ones at X.zh.html, beside the data files publish writes
(id/x.html next to id/x.ttl, id/x.jsonld, id/x.nt). The site's pages: index, figures, types,
queries (queries/NAME for each named query, with the example result computed now with the
parameters' defaults), search (every resource in a list page; static/search.js filters it by
?q=), one page per entity and concept (id/, concept/) and per named graph (graph/). Ontology
terms link to the ontology documentation (ontology/index.html#Term, ontology/zh.html#Term),
which the docs step writes before this one. What needs a server (the SPARQL box, the query
form, downloads of live results, the OpenAPI description) is left out of the static pages.
"""

from __future__ import annotations

import gzip
import html
import posixpath
import re
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib.namespace import RDF

from ssvkg.api import run_named
from ssvkg.errors import SsvkgError
from ssvkg.publish.build import Build
from ssvkg.store.oxigraph_engine import OxigraphEngine
from ssvkg.store.oxigraph_load import declared_prefixes, namespaces_like_rdflib
from ssvkg.web import i18n
from ssvkg.web.app import FORMAT_NAMES, HERE, _choices, result_view, template_env
from ssvkg.web.browse import LABEL_PROPS, Browser, EntityView, _values_clause
from ssvkg.web.iris import BASE, ONTOLOGY, path_for
from ssvkg.web.limits import CappedEngine, Limits
from ssvkg.web.negotiation import RDF_FORMATS
from ssvkg.web.overview import Overview

DUMP = "ssvkg.nq.gz"  # what the pages are made from: the release's own dump
STATIC_FILES = ("style.css", "favicon.svg", "search.js")
RELEASE_FORMATS = ("turtle", "jsonld", "nt")  # the per-resource files publish writes (not RDF/XML)
PAGES = {"/": "index", "/figures": "figures", "/types": "types", "/queries": "queries", "/search": "search"}
DOCS_PAGES = {"en": "ontology/index.html", "zh": "ontology/zh.html"}
ATTRIBUTE = re.compile(r'\b(href|src|action)="(/[^"]*)"')
SEARCH_LABELS = f"""SELECT ?s ?l WHERE {{
    {_values_clause('p', LABEL_PROPS + ['http://www.w3.org/2004/02/skos/core#altLabel',
                                        'http://www.w3.org/2004/02/skos/core#hiddenLabel'])}
    ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l)) }}"""
TYPES = "SELECT ?s ?t WHERE { ?s a ?t . FILTER(isIRI(?s) && isIRI(?t)) }"


class MemoStore(CappedEngine):
    """The store, each query text answered once: the second language's page asks the same queries."""

    def __init__(self, engine, limits: Limits):
        super().__init__(engine, limits)
        self._answers: dict[tuple[str, int | None], object] = {}

    def query(self, text: str, max_rows: int | None = None):
        key = (text, max_rows)
        if key not in self._answers:
            self._answers[key] = super().query(text, max_rows)
        return self._answers[key]


def page_file(stem: str, lang: str) -> str:
    """index -> index.html (English) or index.zh.html (Chinese)."""
    return f"{stem}.html" if lang == i18n.DEFAULT_LANG else f"{stem}.{lang}.html"


class Paths:
    """Server paths (as serve's templates write them) -> release paths of the static site."""

    def __init__(self, files: dict[str, bytes], has_docs: bool, sparql_url: str | None):
        self.files = files
        self.has_docs = has_docs
        self.sparql_url = sparql_url
        self._links: dict[tuple[str, str, str], str] = {}

    def target(self, server_path: str, lang: str) -> str | None:
        """The release path (maybe with #fragment) or absolute URL a server path stands for, None
        if the static site has nothing there."""
        parts = urlsplit(server_path)
        path, fragment = parts.path, ("#" + parts.fragment if parts.fragment else "")
        if path == "/resource":
            iri = (parse_qs(parts.query).get("iri") or [""])[0]
            graph = iri.startswith(BASE + "graph/") and f"{iri[len(BASE):]}.ttl" in self.files
            return page_file(iri[len(BASE):], lang) if graph else (iri or None)
        if path in PAGES:
            return page_file(PAGES[path], lang) + fragment
        if path.startswith("/static/"):
            return path[1:]
        if path == "/ontology" or path.startswith("/ontology/"):
            term = path[len("/ontology/"):]
            if not self.has_docs:  # no docs in this release: the term's IRI
                return ONTOLOGY + (f"#{term}" if term else "")
            return DOCS_PAGES[lang] + (f"#{term}" if term else fragment)
        rel = path[1:]
        if rel.startswith(("id/", "concept/", "queries/", "graph/")):
            if rel.rsplit(".", 1)[-1] in ("ttl", "nt", "jsonld"):
                return rel
            return page_file(rel, lang) + fragment
        if rel in self.files:  # void.ttl, CHANGES.md, …
            return rel
        return None

    def relative(self, folder: str, server_path: str, lang: str) -> str:
        """The link from a page in folder (a release path, "" at the top) to server_path."""
        key = (folder, server_path, lang)
        if key not in self._links:  # pages share most links (the header, labels of common things)
            target = self.target(server_path, lang)
            if target is None:
                raise ValueError(f"{folder}/: the static site has nothing for the link {server_path}")
            if "://" not in target:
                path, _, fragment = target.partition("#")
                target = posixpath.relpath(path, folder or ".") + (f"#{fragment}" if fragment else "")
            self._links[key] = html.escape(target, quote=True)
        return self._links[key]

    def rewrite(self, page: str, text: str, lang: str) -> str:
        """Every href/src/action starting with / made relative to page (a release path)."""
        folder = posixpath.dirname(page)
        return ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{self.relative(folder, html.unescape(m.group(2)), lang)}"',
                             text)


class ReleaseBrowser(Browser):
    """serve's Browser, with the types of every resource read in one query rather than a query
    per page (each a new text that the SPARQL gate parses: 4 s of the real graph's build)."""

    def _types(self, iris) -> dict[str, list[str]]:
        def make():
            out: dict[str, list[str]] = {}
            for r in self.store.query(TYPES).rows:
                out.setdefault(str(r["s"]), []).append(str(r["t"]))
            return out

        known = self.cached("all-types", make, float("inf"))
        return {i: known[i] for i in iris if i in known}


class Renderer:
    """serve's templates, rendered for a file of the release rather than for a request."""

    def __init__(self, build: Build, paths: Paths):
        self.env = template_env()
        self.paths = paths
        self.static = {"version": build.info.version, "issued": build.info.issued,
                       "sparql_url": build.info.sparql_url, "changes": "CHANGES.md" in build.files}

    def page(self, stem: str, server_path: str, template: str, lang: str, **context) -> tuple[str, bytes]:
        page = page_file(stem, lang)
        here = posixpath.dirname(page) or "."
        switch = {l: posixpath.relpath(page_file(stem, l), here) for l in i18n.LANGS}
        text = self.env.get_template(template).render(
            ui=i18n.UI[lang], lang=lang, switch=switch, version=self.static["version"], path=server_path,
            q="", static=self.static, **context)
        return page, self.paths.rewrite(page, text, lang).encode("utf-8")


def _store(build: Build) -> MemoStore:
    """An Oxigraph store holding the release's N-Quads dump, blank nodes with its canonical labels
    (loaded from the Turtle files, they would get new random ones each build, and a page that shows
    one would differ); the prefixes as the files declare them."""
    store = ox.Store()
    store.extend(ox.parse(gzip.decompress(build.files[DUMP]), format=ox.RdfFormat.N_QUADS,
                          rename_blank_nodes=False))
    declared = [d for path in build.project.data_files() for d in declared_prefixes(path.read_bytes())]
    engine = OxigraphEngine(build.project, store, namespaces_like_rdflib(declared))
    return MemoStore(engine, Limits(max_rows=1_000_000))


def _resources(files: dict[str, bytes], root: str) -> list[str]:
    """The IRIs publish wrote Turtle files for under root/ (id, concept, graph)."""
    return sorted(BASE + name[:-4] for name in files
                  if name.startswith(root + "/") and name.endswith(".ttl"))


def _data_links(iri: str) -> list[tuple[str, str, str]]:
    base = path_for(iri)
    if base.startswith("/resource?"):  # a named graph
        base = "/" + iri[len(BASE):]
    return [(FORMAT_NAMES[name], RDF_FORMATS[name][0], f"{base}.{RDF_FORMATS[name][1]}")
            for name in RELEASE_FORMATS]


def _graph_view(browser: Browser, iri: str, lang: str) -> EntityView:
    """A named graph's page: what the graph says about its IRI, or its name and files only."""
    view = browser.describe(iri, lang)
    if view is not None:
        return view
    name = iri[len(BASE):]
    return EntityView(iri=iri, label=name, label_lang=None, labels=[], types=[], groups=[],
                      figure=None, figures=[], incoming=[])


def _search_entries(browser: ReleaseBrowser, iris: list[str], lang: str):
    """(Link with type labels, every label lower-cased one per line) for each IRI with a page."""
    labels = browser.labels()
    names: dict[str, set[str]] = {}
    for r in browser.store.query(SEARCH_LABELS).rows:
        names.setdefault(str(r["s"]), set()).add(" ".join(str(r["l"]).split()).lower())
    types = browser._types(iris)
    out = []
    for iri in iris:
        if iri not in names:
            continue
        link = browser.link(iri, labels, lang,
                            types=sorted({browser.link(t, labels, lang).label for t in types.get(iri, ())}))
        out.append((link, "\n".join(sorted(names[iri]))))
    return sorted(out, key=lambda e: (e[0].label.casefold(), e[0].iri))


def static_site(build: Build) -> dict[str, bytes]:
    """Release path -> bytes of every page of the static site (see the module's docstring)."""
    store = _store(build)
    try:
        return _site(build, store)
    finally:
        store.close()


def _site(build: Build, store: MemoStore) -> dict[str, bytes]:
    has_docs = all(p in build.files for p in DOCS_PAGES.values())
    paths = Paths(build.files, has_docs, build.info.sparql_url)
    render = Renderer(build, paths)
    browser = ReleaseBrowser(store)
    overview = Overview(browser)
    out: dict[str, bytes] = {f"static/{name}": (HERE / "static" / name).read_bytes() for name in STATIC_FILES}
    paths.files = {**build.files, **out}
    entities = _resources(build.files, "id") + _resources(build.files, "concept")
    graphs = _resources(build.files, "graph")
    ontology_terms = sorted({str(s) for s in build.dataset.subjects(RDF.type, None)
                             if str(s).startswith(ONTOLOGY + "#")}) if has_docs else []
    queries = build.queries
    dataset_jsonld = build.files.get("dataset.jsonld", b"").decode("utf-8").replace("</", "<\\/")
    for lang in i18n.LANGS:
        ui = i18n.UI[lang]
        pages = [
            render.page("index", "/", "home.html", lang, title=ui["title"], dataset_jsonld=dataset_jsonld,
                        **overview.home(lang)),
            render.page("figures", "/figures", "figures.html", lang, title=ui["figures_overview"],
                        tables=overview.table(lang)),
            render.page("types", "/types", "types.html", lang, title=ui["types"], queries=queries[:8],
                        n_queries=len(queries), **browser.home(lang)),
            render.page("queries", "/queries", "queries.html", lang, title=ui["queries"], queries=queries,
                        broken=[]),
            render.page("search", "/search", "static_search.html", lang, title=ui["search"],
                        entries=_search_entries(browser, entities + ontology_terms, lang)),
        ]
        for query in queries:
            pages.append(_query_page(render, browser, store, query, lang))
        for iri in entities:
            view = browser.describe(iri, lang)
            pages.append(render.page(iri[len(BASE):], path_for(iri), "entity.html", lang, title=view.label,
                                     view=view, data_links=_data_links(iri), outside=None, is_ontology=False))
        for iri in graphs:
            view = _graph_view(browser, iri, lang)
            pages.append(render.page(iri[len(BASE):], "/" + iri[len(BASE):], "entity.html", lang,
                                     title=view.label, view=view, data_links=_data_links(iri),
                                     outside=None, is_ontology=False))
        out.update(pages)
    return out


def _query_page(render: Renderer, browser: Browser, store, query, lang: str) -> tuple[str, bytes]:
    """A named query's page: its text, its parameters, the result with the defaults."""
    values = {p.name: p.default for p in query.params.values() if p.default is not None}
    view, error = None, None
    try:
        view = result_view(browser, run_named(query, {}, store), lang)
    except SsvkgError as e:
        error = str(e)
    return render.page(f"queries/{query.name}", f"/queries/{query.name}", "query.html", lang,
                       title=query.summary_in(lang) or query.name, query=query, values=values, view=view,
                       error=error, downloads=[], missing=[], choices=_choices(query, browser, lang))


__all__ = ["Paths", "page_file", "static_site"]
