"""The ontology's pages: pyLODE (OntPub profile) on a one-language copy of the ontology, plus a
table per class of the SHACL shapes that apply to it and their messages.

pyLODE renders from the graph it is given and fetches nothing (its Supermodel profile has an HTTP
loader, which is not used); its stylesheet is inlined, so the pages need no network either.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, VANN

from ssvkg.docs.language import in_language
from ssvkg.docs.requirements import Requirements, ShapeRequirement, requirements_by_class
from ssvkg.docs.words import UI, translate_pylode
from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.store.dataset import parse_turtle

LANGUAGES = ("en", "zh")
PAGE_FILES = {"en": "index.html", "zh": "zh.html"}


def write_ontology_docs(project: str | os.PathLike | Project | None, out_dir: str | os.PathLike,
                        languages: tuple[str, ...] = LANGUAGES) -> dict[str, Path]:
    """Write one page per language into out_dir (created if missing); returns lang -> file."""
    project = Project.find(project)
    ontology = _read(project, project.ontology_files(), "ontology/")
    shapes = _read(project, project.shapes_files(), None)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a directory.")
    unknown = [lang for lang in languages if lang not in PAGE_FILES]
    if unknown:
        raise InputError(f"language {unknown[0]!r}: the ontology pages are in {', '.join(LANGUAGES)}.")
    reqs = class_requirements(ontology, shapes)  # once: parsing the SPARQL targets is the slow part
    pages = {lang: render_ontology_page(ontology, shapes, lang, reqs) for lang in languages}
    out.mkdir(parents=True, exist_ok=True)  # only once every page is made: bad input writes nothing
    written = {}
    for lang, text in pages.items():
        written[lang] = out / PAGE_FILES[lang]
        written[lang].write_text(text, encoding="utf-8")
    return written


def _read(project: Project, files: list[Path], required: str | None) -> Graph:
    if required and not files:
        raise InputError(f"{required}: no Turtle files, so there is no ontology to document.")
    g = Graph()
    for f in files:
        parse_turtle(g, f, project.relative(f))
    return g


def class_requirements(ontology: Graph, shapes: Graph) -> Requirements:
    """What the shapes require of each class of the ontology (see ssvkg.docs.requirements)."""
    return requirements_by_class(ontology, shapes, _classes(ontology))


def _classes(ontology: Graph) -> list[URIRef]:
    return sorted(c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


def render_ontology_page(ontology: Graph, shapes: Graph, lang: str, reqs: Requirements | None = None) -> str:
    """The HTML of the ontology's page in `lang` ("en" or "zh")."""
    if (None, RDF.type, OWL.Ontology) not in ontology:
        raise InputError("the ontology has no owl:Ontology header, which pyLODE needs for its title.")
    classes = _classes(ontology)
    if reqs is None:
        reqs = requirements_by_class(ontology, shapes, classes)
    page = _pylode(_canonical(in_language(own_terms(ontology), lang)))
    page.fids.update(_stable_anchors(ontology))
    page._make_head(page._make_schema_org(), include_css=True)
    page._make_body()
    _sort_set_members(page.content)
    page.doc.set_attribute("lang", "zh-Hans" if lang == "zh" else lang)
    _add_shapes(page, reqs, classes, shapes, lang)
    _add_language_switch(page, lang)
    text = page.doc.render()
    return translate_pylode(text) if lang == "zh" else text


def _canonical(graph: Graph) -> Graph:
    """The graph with canonical blank-node labels (rdflib.compare), so that pyLODE, which sorts
    triples and lists union members in the order it meets them, writes the same page every time."""
    from rdflib.compare import to_canonical_graph

    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    out += to_canonical_graph(graph)
    return out


def _sort_set_members(node) -> None:
    """pyLODE lists the members of an owl:unionOf ("A or B or C") from a Python set, in an order
    that changes from run to run; they are put in the order of their HTML, so that the same
    ontology always gives the same bytes."""
    children = getattr(node, "children", None)
    if not children:
        return
    joins = children[1::2]
    if len(children) >= 3 and len(children) % 2 == 1 and all(
            type(j).__name__ == "span" and j.attributes.get("class") == "cardinality" for j in joins):
        members = sorted(children[0::2], key=lambda c: c.render() if hasattr(c, "render") else str(c))
        children[0::2] = members
    for child in children:
        _sort_set_members(child)


def own_terms(ontology: Graph) -> Graph:
    """The owl:Ontology header and the terms in its namespace (vann:preferredNamespaceUri), with
    their blank nodes; the concept schemes of ontology/ stay out, as pyLODE would take a
    skos:ConceptScheme for the document's subject."""
    header = ontology.value(None, RDF.type, OWL.Ontology)
    namespace = str(ontology.value(header, VANN.preferredNamespaceUri) or "")
    keep = Graph()
    for prefix, ns in ontology.namespaces():
        keep.bind(prefix, ns, override=True, replace=True)
    todo = [s for s in set(ontology.subjects()) if s == header or (namespace and str(s).startswith(namespace))]
    seen = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in ontology.predicate_objects(s):
            keep.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return keep


def _pylode(graph: Graph):
    """pyLODE's OntPub on the graph; its complaints (no namespace, no title) become InputError."""
    ontpub = ontpub_class()
    try:
        return ontpub(graph, sort_subjects=True)
    except Exception as e:  # pyLODE raises bare Exception and its PylodeError
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0].rstrip(".")
        raise InputError(f"pyLODE cannot document the ontology ({reason}).") from None


def ontpub_class():
    """pyLODE's OntPub class. Importing pylode configures the root logger (its Supermodel loader
    calls logging.basicConfig(level=DEBUG) at import): that is undone, so the import leaves no trace."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode.profiles.ontpub import OntPub
    except ImportError:
        raise InputError("the ontology pages need pyLODE: pip install 'ssvkg[docs]'.") from None
    finally:
        for h in root.handlers[:]:
            if h not in handlers:
                root.removeHandler(h)
        root.setLevel(level)
    return OntPub


def _stable_anchors(ontology: Graph) -> dict[str, str]:
    """Fragment ids from the IRIs' local names (pyLODE makes them from labels), so that #Program is
    the same place on both pages."""
    anchors = {}
    for s in set(ontology.subjects(RDF.type, None)):
        if isinstance(s, URIRef) and "#" in s and s.split("#", 1)[1]:
            anchors[str(s)] = s.split("#", 1)[1]
    return anchors


def _add_shapes(page, reqs: Requirements, classes: list[URIRef], shapes: Graph, lang: str) -> None:
    from dominate.tags import div, h2, p, tr, th, td

    words = UI[lang]
    for cls in classes:
        box = _element(page.content, page.fids.get(str(cls)))
        if box is None:
            continue
        table = _element(box, None, "table")
        rows = reqs.by_class.get(cls, [])
        cell = td(_shape_list(rows, shapes, lang) if rows else words["no_shapes"], cls="shacl")
        row = tr(th(words["shapes"]), cell)
        (table or box).add(row)
    with page.content:
        with div(cls="section", id="shapes-elsewhere"):
            h2(words["elsewhere_title"])
            p(words["elsewhere_intro"])
            _shape_list(reqs.elsewhere, shapes, lang)


def _shape_list(rows: list[ShapeRequirement], shapes: Graph, lang: str):
    from dominate.tags import code, dd, dl, dt, li, span, ul

    words = UI[lang]
    box = dl(cls="shapes")
    for r in rows:
        name = shapes.namespace_manager.normalizeUri(r.shape)
        term = dt(code(name), cls="shape")
        if r.how != "class":
            via = shapes.namespace_manager.normalizeUri(r.via) if r.via is not None else ""
            term.add(span(" " + words["how_" + r.how].format(via=via), cls="how"))
        box.add(term)
        desc = dd()
        comment = _pick(r.comment, lang)
        if comment is not None:
            desc.add(span(str(comment), cls="comment"))
        items = ul(cls="messages")
        for m in _in_lang(r.messages, lang):
            items.add(li((code(m.path), ": ") if m.path else (), str(m.text), cls="message"))
        desc.add(items)
        box.add(desc)
    return box


def _pick(literals, lang):
    chosen = [x for x in literals if (x.language or "").startswith(lang)]
    return (chosen or sorted(literals, key=str) or [None])[0]


def _in_lang(messages, lang):
    """The messages of each path in the page's language where the shapes have it, else as written."""
    by_path: dict[str, list] = {}
    for m in messages:
        by_path.setdefault(m.path, []).append(m)
    out = []
    for group in by_path.values():
        out += [m for m in group if (m.text.language or "").startswith(lang)] or group
    return sorted(out, key=lambda m: (m.path, str(m.text)))


def _element(root, elem_id: str | None, tag: str | None = None):
    for child in getattr(root, "children", []):
        if not hasattr(child, "attributes"):
            continue
        if (elem_id is None or child.attributes.get("id") == elem_id) and (tag is None or type(child).__name__ == tag):
            return child
        if elem_id is not None or tag is not None:
            found = _element(child, elem_id, tag)
            if found is not None:
                return found
    return None


def _add_language_switch(page, lang: str) -> None:
    from dominate.tags import a, nav

    links = nav(id="languages", cls="languages")
    for other in LANGUAGES:
        label = UI[other]["language_name"]
        if other == lang:
            links.add(a(label, cls="current", aria_current="page"))
        else:
            links.add(a(label, href=PAGE_FILES[other], hreflang=other))
    page.content.children.insert(0, links)
    with page.doc.head:
        from dominate.tags import style
        style(html.escape(_CSS, quote=False))


_CSS = """
nav.languages { float: right; } nav.languages a { margin-left: 0.8em; } nav.languages a.current { font-weight: bold; }
dl.shapes dt { margin-top: 0.4em; } dl.shapes .how { font-style: italic; color: #555; }
dl.shapes ul.messages { margin: 0.2em 0 0.4em 1.2em; padding: 0; } dl.shapes .comment { display: block; }
"""
