"""The read-only web application: a Starlette app over one KnowledgeGraph (ssvkg.open).

create_app(engine) -> an ASGI app. Pages render with Jinja2 (autoescaped);
CSS is bundled under static/; nothing is fetched from elsewhere.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Literal, URIRef
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ssvkg.version import __version__
from ssvkg.queries.binding import bind_text
from ssvkg.queries.catalogue import NamedQuery, query_files, read_query
from ssvkg.api import KnowledgeGraph
from ssvkg.results import QueryResult
from ssvkg.errors import SsvkgError
from ssvkg.gate.iri import iri_problem
from ssvkg.web import i18n, openapi
from ssvkg.web.browse import ENTITY_EXISTS, ENTITY_RDF, Browser, Text, prepare_queries
from ssvkg.web.charts import charts_for
from ssvkg.web.formats import graph_bytes, result_bytes
from ssvkg.web.iris import ONTOLOGY, decode_path, iri_for, is_local, path_for
from ssvkg.web.limits import LimitError, Limits, open_stores
from ssvkg.web.negotiation import HTML, RDF_FORMATS, RESULT_FORMATS, by_extension, choose
from ssvkg.web.overview import Overview, figure_words

HERE = Path(__file__).resolve().parent
RETRY_AFTER = 2  # seconds, on every 503
HTML_ROWS = 1000  # rows shown in a page; downloads have them all
RESERVED_PARAMS = {"lang"}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
                "json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
SECURITY_HEADERS = [
    # No inline script anywhere, so a label that sneaks markup in cannot run.
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                 b"script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every response, and Retry-After to a 503.

    Every 503 of this server means "busy or out of time, try again": queries wait in a
    bounded queue for a worker, and a client told so should come back, not hammer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or []) + SECURITY_HEADERS
                if message.get("status") == 503 and not any(k.lower() == b"retry-after" for k, _ in headers):
                    headers.append((b"retry-after", str(RETRY_AFTER).encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def template_env() -> Environment:
    """The pages' templates (templates/), for `ssvkg serve` and the static site of `ssvkg publish`."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html", "svg"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["figure_words"] = figure_words
    env.globals["tag_name"] = i18n.tag_name
    env.globals["language_name"] = i18n.language_name
    return env


def present_labels(browser: Browser):
    """The presentation layer's labels (ssvkg.present), read as the browser's are."""
    from ssvkg.present import labels_from_rows
    from ssvkg.present.labels import LABELS_QUERY
    from ssvkg.web.browse import LABEL_TTL, MAX_LABELS

    return browser.cached(
        "present-labels", lambda: labels_from_rows(browser.store.query(LABELS_QUERY, max_rows=MAX_LABELS).rows,
                                                   browser.store.namespaces()), LABEL_TTL)


def result_view(browser: Browser, result, lang: str) -> dict:
    """Table cells (Link/Text), charts and counts for a QueryResult, for templates."""
    if result.kind == "ask":
        return {"kind": "ask", "boolean": result.boolean}
    if result.kind == "graph":
        triples = sorted(result.graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
        rows = [dict(zip(("subject", "predicate", "object"), t)) for t in triples]
        variables = ["subject", "predicate", "object"]
    else:
        rows, variables = result.rows, result.vars
    shown = rows[:HTML_ROWS]
    labels = browser.labels()

    def cell(term):
        if term is None:
            return None
        if isinstance(term, URIRef):
            return browser.link(str(term), labels, lang)
        if isinstance(term, Literal) and term.datatype and i18n.number(term) is not None \
                and not str(term.datatype).endswith("gYear"):
            return Text(i18n.format_number(i18n.number(term)), None, str(term))
        return Text(str(term), getattr(term, "language", None))

    def show(term):
        return browser.words(term, lang)

    if result.kind == "select":  # the one presentation layer, as in the CLI's tables
        from ssvkg.present import present

        display = present(QueryResult("select", result.vars, shown, namespaces=result.namespaces),
                          present_labels(browser), lang)
        return {
            "kind": "table", "vars": display.headers, "total": len(rows),
            "rows": [[(replace(browser.link(iri, labels, lang), label=text) if iri else Text(text))
                      if text else None
                      for text, iri in zip(texts, iris)]
                     for texts, iris in zip(display.rows, display.links)],
            "charts": charts_for(result, lang, show),
        }
    return {
        "kind": "table", "vars": variables, "total": len(rows),
        "headers": [i18n.column_name(v, lang) for v in variables],
        "rows": [[cell(r.get(v)) for v in variables] for r in shown],
        "charts": [],  # a graph's triples: no chart
    }


class Site:
    """The state behind the routes: the limited store, the page builder, the templates."""

    def __init__(self, kg: KnowledgeGraph, limits: Limits, endpoint: str | None = None):
        self.stores = open_stores(kg, limits)
        self.store = self.stores.pages  # entity pages, search, named queries
        self.browser = Browser(self.store)
        self.overview = Overview(self.browser)
        prepare_queries()  # the first visitor does not wait for their binding to be checked
        self.project = kg.project
        self.endpoint = endpoint
        self._graphs: set[str] | None = None
        self._queries = None  # (files' signature, named_queries())
        self.env = template_env()

    def close(self) -> None:
        self.stores.close()

    # -- helpers ---------------------------------------------------------

    def lang(self, request: Request) -> str:
        asked = request.query_params.get("lang")
        if asked in i18n.LANGS:
            return asked
        cookie = request.cookies.get("lang")
        return cookie if cookie in i18n.LANGS else i18n.DEFAULT_LANG

    def page(self, request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        lang = self.lang(request)
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        # scope["path"] is decoded (and, unlike request.url, never mixed with the Host header)
        here = quote(request.scope["path"], safe="/:@!$&'()*+,;=-._~")
        switch = {l: here + "?" + urlencode(params + [("lang", l)]) for l in i18n.LANGS}
        html = self.env.get_template(template).render(
            ui=i18n.UI[lang], lang=lang, switch=switch, version=__version__,
            path=request.scope["path"], q=request.query_params.get("q", ""), **context)
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in i18n.LANGS:
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
        response.headers["Vary"] = "Accept, Cookie"
        return response

    def error_page(self, request: Request, status: int, message: str, html: bool = True) -> Response:
        if html:
            title = i18n.UI[self.lang(request)]["not_found" if status == 404 else "error"]
            return self.page(request, "error.html", status=status, title=title, message=message)
        return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8")

    def graph_iris(self) -> set[str]:
        """The named graphs that hold triples."""
        if self._graphs is None:
            self._graphs = {g for g, n in self.store.triples_per_graph().items() if n}
        return self._graphs

    def named_queries(self) -> tuple[list[NamedQuery], list[tuple[str, str]]]:
        """The readable queries, and (file name, error) for those that are not.

        Read again only when a file under queries/ changed (its name, size or mtime):
        parsing 25 files cost ~9 ms, most of a named query's request."""
        files = query_files(self.project)
        signature = []
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            signature.append((path.name, st.st_size, st.st_mtime_ns))
        known = self._queries
        if known is not None and known[0] == signature:
            return known[1]
        good, bad = [], []
        for path in files:
            try:
                good.append(read_query(path, self.project))
            except SsvkgError as e:
                bad.append((path.stem, str(e)))
        self._queries = (signature, (good, bad))  # one assignment: readers see old or new
        return good, bad

    def present_labels(self):
        return present_labels(self.browser)

    def result_view(self, result, lang: str) -> dict:
        """Table cells (Link/Text), charts and counts for a QueryResult, for templates."""
        return result_view(self.browser, result, lang)


def _choices(query: NamedQuery, browser: Browser, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Parameter name -> (IRI, label in lang) of the values each IRI parameter can take:
    the query form offers them in a list instead of a box for an IRI. Read once per parameter
    name (the values depend on nothing else) and kept in the browser's cache, like its labels."""
    from ssvkg.queries.resolve import candidates, candidates_query

    out = {}
    for p in query.params.values():
        if p.type == "iri":
            found = browser.cached("choices:" + candidates_query(p),
                                   lambda p=p: candidates(p, browser.store)).values()
            out[p.name] = sorted(((c.iri, c.shown(lang) or c.iri) for c in found), key=lambda x: x[1].casefold())
    return out


def _split_ext(name: str, table: dict) -> tuple[str, str | None]:
    stem, dot, ext = name.rpartition(".")
    if dot and stem:
        if ext == "html":
            return stem, "html"
        fmt = by_extension(ext, table)
        if fmt:
            return stem, fmt
    return name, None


class AnyPath(PathConvertor):
    """{rest:anypath}: like "path", but newlines too, so that entity() judges every such path
    (a 400 for a path no IRI can have) rather than the router (a 404)."""

    regex = "(?s:.*)"


# Starlette's public way to add a convertor (a registry keyed by name; registering twice is harmless).
register_url_convertor("anypath", AnyPath())


def _negotiate(request: Request, table: dict, ext_fmt: str | None) -> str | None:
    if ext_fmt:
        return ext_fmt
    return choose(request.headers.get("accept"), {"html": HTML, **table}, "html")


def create_app(kg: KnowledgeGraph, limits: Limits = Limits(), endpoint: str | None = None,
               base_url: str | None = None) -> Starlette:
    """The site over kg (ssvkg.open(...)), whose store its worker pools open. base_url: where
    the site is public (https://host/, from `ssvkg serve --base-url`), for the few places
    that need an absolute URL; the request's Host header is never used for one."""
    site = Site(kg, limits, endpoint)
    base = base_url.rstrip("/") if base_url else ""
    endpoint_url = base + "/sparql"

    async def blocking(fn, *args):
        return await run_in_threadpool(fn, *args)

    # -- home, search -------------------------------------------------------

    async def home(request: Request):
        lang = site.lang(request)
        data = await blocking(site.overview.home, lang)
        return site.page(request, "home.html", title=i18n.UI[lang]["title"], **data)

    async def types(request: Request):
        lang = site.lang(request)
        data = await blocking(site.browser.home, lang)
        queries, _ = await blocking(site.named_queries)
        return site.page(request, "types.html", title=i18n.UI[lang]["types"], queries=queries[:8],
                         n_queries=len(queries), **data)

    async def figures(request: Request):
        lang = site.lang(request)
        tables = await blocking(site.overview.table, lang)
        return site.page(request, "figures.html", title=i18n.UI[lang]["figures_overview"], tables=tables)

    async def search(request: Request):
        lang = site.lang(request)
        q = request.query_params.get("q", "")[:200]
        hits = await blocking(site.browser.search, q, lang) if q.strip() else []
        as_json = request.scope["path"].endswith(".json") or choose(
            request.headers.get("accept"), {"html": HTML, "json": ("application/json", "json")}, "html") == "json"
        if as_json:
            return JSONResponse({"query": q, "results": [
                {"iri": h.iri, "label": h.label, "lang": h.lang, "types": h.types, "href": h.href}
                for h in hits]})
        return site.page(request, "search.html", title=f"{i18n.UI[lang]['search']}: {q}", hits=hits)

    # -- entities -------------------------------------------------------------

    async def entity(request: Request):
        raw = request.scope.get("raw_path")
        # uvicorn hands over the raw bytes; a server without raw_path has decoded the path once
        path = decode_path(raw) if raw is not None else request.scope["path"].lstrip("/")
        if path is None:
            return site.error_page(request, 400, "The address is not UTF-8 once its %-escapes are decoded.",
                                   html=_negotiate(request, RDF_FORMATS, None) == "html")
        if path == "ontology/":  # where the W3ID rules send people (the release's ontology docs)
            path = "ontology"
        stem, ext_fmt = _split_ext(path, RDF_FORMATS)
        problem = iri_problem(iri_for(path))  # then iri_for(stem) is an IRI too: only ".ext" is cut off
        if problem:
            # 400 and not 404: no graph can hold this IRI, so no page can ever be here
            return site.error_page(request, 400, f"This address cannot stand for an IRI: {problem}.",
                                   html=_negotiate(request, RDF_FORMATS, ext_fmt) == "html")
        iri = iri_for(stem)
        if ext_fmt and stem != path and not await blocking(_exists, iri):
            iri, ext_fmt = iri_for(path), None  # a dot that belongs to the name
        return await show_resource(request, iri, ext_fmt)

    def _exists(iri: str) -> bool:
        return site.store.query(bind_text(ENTITY_EXISTS, {"e": URIRef(iri)})).boolean

    async def resource(request: Request):
        iri = request.query_params.get("iri", "")
        fmt = request.query_params.get("format")
        fmt = fmt if fmt in RDF_FORMATS else None
        problem = iri_problem(iri) if iri else None
        if not iri or problem:
            return site.error_page(request, 400, f"The iri parameter must be an IRI: {problem}." if problem
                                   else "Name the resource to show with ?iri= and its IRI.",
                                   html=_negotiate(request, RDF_FORMATS, fmt) == "html")
        if is_local(iri):
            return RedirectResponse(path_for(iri), status_code=303)
        return await show_resource(request, iri, fmt)

    async def show_resource(request: Request, iri: str, ext_fmt: str | None):
        fmt = _negotiate(request, RDF_FORMATS, ext_fmt)
        if fmt is None:
            return site.error_page(request, 406, "no representation fits the Accept header; "
                                   "this resource is available as HTML, Turtle, N-Triples, JSON-LD "
                                   "and RDF/XML.", html=False)
        if fmt != "html":
            result = await blocking(lambda: site.store.query(bind_text(ENTITY_RDF, {"e": URIRef(iri)})))
            if not len(result):
                return site.error_page(request, 404, f"no statements about <{iri}> in the graph.", html=False)
            body = graph_bytes(result.graph, fmt, site.store.namespaces())
            return Response(body, media_type=RDF_FORMATS[fmt][0] + "; charset=utf-8",
                            headers={"Vary": "Accept"})
        lang = site.lang(request)
        view = await blocking(site.browser.describe, iri, lang)
        if view is None:
            return site.error_page(request, 404, f"The graph has no statements about {iri}.")
        base = path_for(iri)
        data_links = [(FORMAT_NAMES[name], media,
                       (base + "." + ext) if not base.startswith("/resource?")
                       else base + "&" + urlencode({"format": name}))
                      for name, (media, ext) in RDF_FORMATS.items()]
        return site.page(request, "entity.html", title=view.label, view=view, data_links=data_links,
                         outside=None if is_local(iri) else iri,
                         is_ontology=iri.startswith(ONTOLOGY))

    # -- named queries ---------------------------------------------------------

    async def queries_list(request: Request):
        good, bad = await blocking(site.named_queries)
        if request.scope["path"].endswith(".json") or _negotiate(request, {"json": ("application/json", "json")},
                                                            None) == "json":
            return JSONResponse([{
                "name": q.name, "summary": q.summary, "description": q.description, "kind": q.kind,
                "summary_zh": q.summary_zh, "description_zh": q.description_zh,
                "tags": q.tags, "href": f"/queries/{q.name}",
                "params": [{"name": p.name, "type": p.type_label, "required": p.required,
                            "default": p.default, "enum": list(p.enum)} for p in q.params.values()],
            } for q in good])
        return site.page(request, "queries.html", title=i18n.UI[site.lang(request)]["queries"],
                         queries=good, broken=bad)

    async def query_page(request: Request):
        raw = request.path_params["name"]
        name, ext_fmt = _split_ext(raw, {**RESULT_FORMATS, **RDF_FORMATS})
        good, _ = await blocking(site.named_queries)
        by_name = {q.name: q for q in good}
        if name not in by_name and raw in by_name:
            name, ext_fmt = raw, None
        query = by_name.get(name)
        html_wanted = ext_fmt == "html" or (ext_fmt is None and _negotiate(
            request, {**RESULT_FORMATS, **RDF_FORMATS}, None) == "html")
        if query is None:
            return site.error_page(request, 404, f"no named query {name!r}; see /queries.", html=html_wanted)
        table = RDF_FORMATS if query.kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS
        fmt = "html" if html_wanted else (ext_fmt or _negotiate(request, table, None))
        if fmt not in table and fmt != "html":
            # .json of a graph query means JSON-LD; anything else does not fit
            fmt = {"json": "jsonld", "jsonld": "json"}.get(fmt or "", None)
            if fmt not in table:
                return site.error_page(request, 406, f"query {name} is a {query.kind}; it is available as "
                                       + ", ".join(t[0] for t in table.values()) + ".", html=False)
        values = {k: v for k, v in request.query_params.multi_items()
                  if k not in RESERVED_PARAMS and v != ""}
        from ssvkg.api import run_named

        missing = [p.name for p in query.params.values()
                   if p.required and p.default is None and p.name not in values]
        if fmt != "html":
            try:
                result = await blocking(lambda: run_named(query, values, site.store))
            except LimitError as e:
                return site.error_page(request, e.status, str(e), html=False)
            except SsvkgError as e:
                return site.error_page(request, 400, str(e), html=False)
            body, media = result_bytes(result, fmt)
            return Response(body, media_type=media, headers={"Vary": "Accept"})
        lang = site.lang(request)
        view, error = None, None
        if not missing:
            try:
                result = await blocking(lambda: run_named(query, values, site.store))
                view = await blocking(site.result_view, result, lang)
            except LimitError as e:
                error = str(e)
            except SsvkgError as e:
                error = str(e)
        choices = await blocking(_choices, query, site.browser, lang)
        qs = urlencode(list(values.items()))
        downloads = [(FORMAT_NAMES[n],
                      f"/queries/{name}.{ext}" + (f"?{qs}" if qs else "")) for n, (_, ext) in table.items()]
        return site.page(request, "query.html", status=400 if error else 200, title=query.summary_in(lang) or name,
                         query=query, values=values, view=view, error=error, downloads=downloads,
                         missing=missing, choices=choices)

    # -- SPARQL endpoint -------------------------------------------------------

    async def sparql(request: Request):
        try:
            text = await _sparql_text(request, limits, site.graph_iris)
        except HttpError as e:
            return site.error_page(request, e.status, str(e), html=False)
        accept = request.headers.get("accept")
        if text is None:
            return site.page(request, "sparql.html", title="SPARQL", text=_example(site), view=None,
                             error=None, endpoint_url=endpoint_url)
        from ssvkg.api import sparql as run_sparql

        fmt_param = request.query_params.get("format") or request.query_params.get("output")
        fmt_asked = None
        if fmt_param:
            fmt_asked = ("html" if fmt_param == "html"
                         else choose(fmt_param, {**RESULT_FORMATS, **RDF_FORMATS}, "json"))
        html_wanted = fmt_asked == "html" or (fmt_asked is None and choose(
            accept, {"html": HTML, **RESULT_FORMATS, **RDF_FORMATS}, "json") == "html")
        try:
            result = await blocking(run_sparql, text, None, site.stores.sparql)
        except LimitError as e:
            if html_wanted:
                return site.page(request, "sparql.html", status=e.status, title="SPARQL", text=text,
                                 view=None, error=str(e), endpoint_url=endpoint_url)
            return site.error_page(request, e.status, str(e), html=False)
        except SsvkgError as e:
            if html_wanted:
                return site.page(request, "sparql.html", status=400, title="SPARQL", text=text, view=None,
                                 error=str(e), endpoint_url=endpoint_url)
            return site.error_page(request, 400, str(e), html=False)
        if html_wanted:
            view = await blocking(site.result_view, result, site.lang(request))
            return site.page(request, "sparql.html", title="SPARQL", text=text, view=view, error=None,
                             endpoint_url=endpoint_url)
        table = RDF_FORMATS if result.kind == "graph" else {
            k: v for k, v in RESULT_FORMATS.items() if k != "turtle"}
        fmt = fmt_asked if fmt_asked in table else choose(accept, table, next(iter(table)))
        if fmt is None:
            fmt = next(iter(table))  # the protocol lets a server answer in its default
        body, media = result_bytes(result, fmt)
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    # -- API description --------------------------------------------------------

    async def openapi_json(request: Request):
        good, _ = await blocking(site.named_queries)
        return JSONResponse(openapi.build(good, base or "/"))

    async def favicon(request: Request):
        return RedirectResponse("/static/favicon.svg", status_code=301)

    routes = [
        Route("/", home), Route("/types", types), Route("/figures", figures),
        Route("/search", search), Route("/search.json", search),
        Route("/queries", queries_list), Route("/queries.json", queries_list),
        Route("/queries/{name}", query_page),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/openapi.json", openapi_json),
        Route("/resource", resource),
        Route("/favicon.ico", favicon),
        Route("/ontology", entity), Route("/ontology.{ext}", entity),
        *(Route(f"/{root}/{{rest:anypath}}", entity) for root in ("ontology", "id", "concept")),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def on_error(request: Request, exc: Exception):
        status = getattr(exc, "status_code", 500)
        message = getattr(exc, "detail", None) or "internal error"
        if status == 404:
            message = "There is no page at this address."
        elif status == 405:
            message = f"This address does not answer {request.method} requests."
        elif status == 500:
            message = "the server failed on this request; see its log."
        return site.error_page(request, status, str(message),
                               html="text/html" in request.headers.get("accept", ""))

    async def on_ssvkg_error(request: Request, exc: SsvkgError):
        # Errors from pages without their own handling: a limit, or a store that failed.
        status = getattr(exc, "status", None) or (502 if type(exc).__name__.startswith("Endpoint") else 400)
        return site.error_page(request, status, str(exc),
                               html="text/html" in request.headers.get("accept", ""))

    app = Starlette(routes=routes, exception_handlers={
        404: on_error, 405: on_error, 500: on_error, SsvkgError: on_ssvkg_error})
    app.state.site = site
    # Starlette would redirect /queries/ to an absolute URL made from the Host header.
    app.router.redirect_slashes = False
    app.add_middleware(SecurityHeaders)
    return app


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise HttpError(413, f"the request body is larger than the server's limit of {limit} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"the request body is larger than the server's limit of {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


async def _sparql_text(request: Request, limits: Limits, all_graphs) -> str | None:
    """The query of a SPARQL Protocol request, or None for the bare query page."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        body = await _read_body(request, limits.max_body)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                raise HttpError(400, "the request body is not UTF-8.") from None
        elif ctype == "application/sparql-query":
            try:
                params.append(("query", body.decode("utf-8")))
            except UnicodeDecodeError:
                raise HttpError(400, "the request body is not UTF-8.") from None
        elif ctype == "application/sparql-update":
            raise HttpError(403, "SPARQL Update is not allowed: this endpoint is read-only.")
        else:
            raise HttpError(415, "POST a query as application/x-www-form-urlencoded or "
                                 "application/sparql-query.")
    names = [k for k, _ in params]
    if "update" in names:
        raise HttpError(403, "SPARQL Update is not allowed: this endpoint is read-only.")
    dataset = [v for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
    if dataset and not set(dataset) >= all_graphs():
        # Clients that name every graph (as ssvkg's own endpoint engine does) get what
        # they asked for: the union. A smaller dataset is not supported.
        raise HttpError(400, "default-graph-uri and named-graph-uri must list all the graphs or none: "
                             "queries run over the union of all named graphs (use GRAPH to pick one).")
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise HttpError(400, "give exactly one query parameter.")
    if not queries:
        return None
    if len(queries[0]) > limits.max_query:
        raise HttpError(413, f"the query is longer than the server's limit of {limits.max_query} characters.")
    if not queries[0].strip():
        raise HttpError(400, "the query is empty.")
    return queries[0]


def _example(site: Site) -> str:
    ns = site.store.namespaces()
    wanted = [p for p in ("ssv", "ssvd", "rdfs", "skos") if p in ns]
    prefixes = "".join(f"PREFIX {p}: <{ns[p]}>\n" for p in wanted)
    return prefixes + ("\nSELECT ?class (COUNT(?s) AS ?instances) WHERE {\n  ?s a ?class\n}\n"
                       "GROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 20\n")


__all__ = ["create_app", "Limits"]
