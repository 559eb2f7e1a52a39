"""Checks of the check itself, reported like SHACL results (check != "shacl").

- shapes:      the shapes conform to the W3C SHACL-for-SHACL shapes, and every SPARQL
               query inside them parses, has no SERVICE and calls only known functions
               (rdflib turns an unknown function into a silent FALSE: the constraint
               would never fire and the data would "conform").
- queries:     every queries/*.rq parses (grlc decorators included).
- closure:     every class and predicate used in the data, and every class and path a
               shape names, is declared, for the namespaces the vocabulary declares terms in.
- datatypes:   no literal is ill-typed ("abc"^^xsd:integer).
- isomorphism: the parser of record (pyoxigraph, ssvkg.validation.syntax) reads the same graph from each
               file as rdflib, whose graph is validated.
- quotes:      every quote is verbatim in the text of a source it cites, and every source text
               matches its SHA-256 (ssvkg.validation.quotes).
- imports:     an owl:imports that no input provides is reported, never ignored (always on).
- cube:        the W3C Data Cube well-formedness constraints IC-1 … IC-21 hold (ssvkg.validation.cube).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SH, XSD, Graph, Literal, URIRef
from rdflib.term import BNode, Node

from ssvkg.validation.locate import Locator
from ssvkg.validation.model import ValidationIssue

CHECKS = ("shapes", "queries", "closure", "datatypes", "isomorphism", "quotes",
          "cube")  # cube: the W3C Data Cube integrity constraints, ssvkg.validation.cube
CHECK_URI = "https://w3id.org/ssvkg/check#"


def issue(check: str, message: str, loc=None, focus=None, path=None, value=None,
          severity: str = "Violation") -> ValidationIssue:
    return ValidationIssue(
        severity=severity, focus=focus, path=path, value=value, message=message,
        shape=None, constraint=URIRef(CHECK_URI + check), check=check,
        file=loc.file if loc else None, line=loc.line if loc else None,
        column=getattr(loc, "column", None) if loc else None,
    )


def _n3(node: Node, g: Graph) -> str:
    try:
        return node.n3(g.namespace_manager)
    except Exception:
        return node.n3()


# ---------------------------------------------------------------- shapes


def _shacl_shacl() -> Graph:
    import pickle

    import pyshacl

    # pySHACL ships the W3C SHACL-SHACL shapes (https://www.w3.org/TR/shacl/#shacl-shacl) pickled.
    assets = Path(pyshacl.__file__).parent / "assets"
    with open(assets / "shacl-shacl.pickle", "rb") as f:
        store, identifier = pickle.Unpickler(f, fix_imports=False).load()
    return Graph(store=store, identifier=identifier)


def shapes_against_shacl_shacl(shapes: Graph, where: Locator) -> list[ValidationIssue]:
    import pyshacl

    from ssvkg.validation.model import issues_from_report

    conforms, report, text = pyshacl.validate(shapes, shacl_graph=_shacl_shacl(), inference="none")
    found = issues_from_report(report)
    out = [issue("shapes", f"not valid SHACL: {i.message}", where.result(i.focus, i.path, i.value, report),
                 focus=i.focus, path=i.path, value=i.value, severity=i.severity) for i in found]
    if not conforms and not out:
        out.append(issue("shapes", f"not valid SHACL: {text.strip().splitlines()[-1]}"))
    return out


_SPARQL_KEYS = (SH.select, SH.ask, SH.construct)


def _prefixes(shapes: Graph) -> str:
    lines = []
    for decl in shapes.objects(None, SH.declare):
        prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        if prefix is not None and ns is not None:
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def shape_queries(shapes: Graph, where: Locator) -> list[ValidationIssue]:
    """Parse every SPARQL query in the shapes as pySHACL would, before pySHACL runs them."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.operators import _CUSTOM_FUNCTIONS
    from rdflib.plugins.sparql.parserutils import CompValue

    from ssvkg.gate.sparql import _walk

    known = set(_CUSTOM_FUNCTIONS) | set(shapes.subjects(RDF.type, SH.SPARQLFunction)) \
        | set(shapes.subjects(RDF.type, SH.Function))
    header = _prefixes(shapes)
    out = []
    for key in _SPARQL_KEYS:
        for node, text in shapes.subject_objects(key):
            loc = where.triple(node, key, text)
            body = f"{header}\n{text}"
            try:
                parsed = prepareQuery(body)
            except Exception as e:
                why = (str(e).splitlines() or [type(e).__name__])[0].strip().rstrip(".")
                out.append(issue("shapes", f"the SPARQL query of this constraint does not parse ({why}); "
                                 "pySHACL would stop or skip it", loc, focus=node, path=key))
                continue
            for n in _walk(parsed.algebra):
                if not isinstance(n, CompValue):
                    continue
                if n.name == "ServiceGraphPattern":
                    out.append(issue("shapes", "a SPARQL constraint uses SERVICE, which is refused "
                                     "(it would send requests to another server)", loc, focus=node, path=key))
                elif n.name == "Function" and n.get("iri") is not None and n.iri not in known:
                    out.append(issue("shapes", f"the SPARQL query calls unknown function <{n.iri}>: every "
                                     "call would be an error, so the constraint could never report anything",
                                     loc, focus=node, path=key))
    return out


# ---------------------------------------------------------------- queries


def queries_parse(queries_dir: Path, project, memo=None) -> list[ValidationIssue]:
    from ssvkg.queries.catalogue import read_query
    from ssvkg.errors import SsvkgError
    from ssvkg.validation.locate import Location

    out = []
    for path in sorted(queries_dir.glob("*.rq")) if queries_dir.is_dir() else []:
        shown = project.relative(path) if project else str(path)
        try:
            read_query(path, project, *(() if memo is None else (memo,)))
        except SsvkgError as e:
            msg = str(e)
            if msg.startswith(shown):
                msg = msg[len(shown):].lstrip(":").strip()
            m = re.search(r"\bline (\d+)(?:, column (\d+))?", msg)
            loc = Location(shown, int(m.group(1)) if m else None, int(m.group(2)) if m and m.group(2) else None)
            out.append(issue("queries", msg.rstrip("."), loc))
    return out


# ---------------------------------------------------------------- closure


def _namespace(term: URIRef) -> str:
    s = str(term)
    cut = max(s.rfind("#"), s.rfind("/"))
    return s[: cut + 1]


_DECLARING = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)


def declared_terms(vocabulary: Iterable[Graph]) -> set[URIRef]:
    """Classes and properties a vocabulary declares (typed *Class / *Property, or sub-of/domain/range)."""
    out: set[URIRef] = set()
    for g in vocabulary:
        for s, t in g.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(t, URIRef) and re.search(r"(Class|Property)$", str(t)):
                out.add(s)
        for p in _DECLARING:
            out.update(s for s in g.subjects(p, None) if isinstance(s, URIRef))
    return out


def closure(data_files: Sequence, vocabulary_files: Sequence, shapes: Graph | None,
            shapes_where: Locator | None, vocabulary_label: str) -> list[ValidationIssue]:
    return closure_from_facts([(f.shown, facts_of(f)) for f in data_files],
                              [(f.shown, facts_of(f)) for f in vocabulary_files],
                              shapes, shapes_where, vocabulary_label)


def closure_from_facts(data: Sequence, vocabulary: Sequence, shapes: Graph | None,
                       shapes_where: Locator | None, vocabulary_label: str) -> list[ValidationIssue]:
    """data, vocabulary: (shown, Facts) per file, in file order."""
    from ssvkg.validation.locate import Location

    declared: set = set().union(*(fc.declared for _, fc in vocabulary))
    owned = {_namespace(t) for t in declared}
    if not owned:
        return []
    # (term, kind) -> [number of uses, first use]; first = lowest (file, line), earliest on ties.
    used: dict[tuple[URIRef, str], list] = {}
    for shown, fc in data:
        for kind, term, n3, count, line, t in fc.uses:
            if _namespace(term) in owned and term not in declared:
                entry = used.get((term, kind))
                if entry is None:
                    used[(term, kind)] = [count, (shown, line, n3, t)]
                else:
                    entry[0] += count
                    if (shown, line or 0) < (entry[1][0], entry[1][1] or 0):
                        entry[1] = (shown, line, n3, t)
    out = []
    for (term, kind), (count, (shown, line, n3, t)) in sorted(used.items(), key=lambda kv: str(kv[0][0])):
        more = f" ({count} uses)" if count > 1 else ""
        out.append(issue("closure", f"{n3} is used as a {kind}{more} but is not declared in "
                         f"{vocabulary_label}", Location(shown, line), focus=t[0], path=t[1], value=t[2]))
    if shapes is not None and shapes_where is not None:
        for key, kind in ((SH.targetClass, "class"), (SH["class"], "class"), (SH.path, "property"),
                          (SH.targetSubjectsOf, "property"), (SH.targetObjectsOf, "property")):
            for shape, term in shapes.subject_objects(key):
                if isinstance(term, URIRef) and _namespace(term) in owned and term not in declared:
                    out.append(issue("closure", f"the shape names {kind} {_n3(term, shapes)}, which is not "
                                     f"declared in {vocabulary_label}", shapes_where.triple(shape, key, term),
                                     focus=shape, path=key, value=term))
    return out


# ---------------------------------------------------------------- facts of one file


@dataclass(frozen=True)
class Facts:
    """What imports and closure need from one file, so that they can run without its graph."""
    namespaces: list  # (prefix, namespace) as the file's graph binds them
    ontologies: list  # str of every subject typed owl:Ontology
    imports: list  # (subject, imported, line)
    declared: frozenset  # declared_terms of this file alone
    uses: list  # (kind, term, term as n3, uses, line, first triple) per predicate / rdf:type class


def file_facts(f) -> dict:
    """Facts of a read file (.graph, .lines), as JSON; decode with decode_facts."""
    from ssvkg.validation.model import enc

    g, lines = f.graph, f.lines
    uses: dict = {}  # (kind, term) -> [count, line, triple]; first seen first
    for t in g:
        s, p, o = t
        for kind, term in (("predicate", p), ("class", o)):
            if kind == "class" and not (p == RDF.type and isinstance(o, URIRef)):
                continue
            line = lines.get(t)
            entry = uses.get((kind, term))
            if entry is None:
                uses[(kind, term)] = [1, line, t]
            else:
                entry[0] += 1
                if (line or 0) < (entry[1] or 0):
                    entry[1], entry[2] = line, t
    return {
        "namespaces": [[p, str(n)] for p, n in g.namespaces()],
        "ontologies": [str(s) for s in g.subjects(RDF.type, OWL.Ontology)],
        "imports": [[enc(s), enc(o), lines.get((s, OWL.imports, o))] for s, o in g.subject_objects(OWL.imports)],
        "declared": sorted(str(t) for t in declared_terms([g])),
        "uses": [[kind, str(term), _n3(term, g), count, line, [enc(x) for x in t]]
                 for (kind, term), (count, line, t) in uses.items()],
    }


def decode_facts(doc) -> Facts | None:
    """The Facts recorded in doc, or None if doc is not exactly such a record."""
    from ssvkg.validation.model import dec

    def line(x):
        if x is not None and not isinstance(x, int):
            raise ValueError("line")
        return x

    try:
        return Facts(
            namespaces=[(str(p), str(n)) for p, n in doc["namespaces"]],
            ontologies=[str(o) for o in doc["ontologies"]],
            imports=[(dec(s), dec(o), line(n)) for s, o, n in doc["imports"]],
            declared=frozenset(URIRef(t) for t in doc["declared"]),
            uses=[(kind, URIRef(term), str(n3), int(count), line(n), tuple(dec(x) for x in t))
                  for kind, term, n3, count, n, t in doc["uses"] if kind in ("predicate", "class")],
        )
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None


def facts_of(f) -> Facts:
    """f.facts() for an InputFile (memoized), else computed from the read file."""
    if hasattr(f, "facts"):
        return f.facts()
    return decode_facts(file_facts(f))


# ---------------------------------------------------------------- datatypes


def datatypes(data_files: Sequence) -> list[ValidationIssue]:
    from ssvkg.validation.locate import Location

    out = []
    for f in data_files:
        for s, p, o in f.graph:
            if isinstance(o, Literal) and o.datatype is not None and getattr(o, "ill_typed", False):
                out.append(issue("datatypes", f"\"{o}\" is not a valid {_n3(o.datatype, f.graph)}",
                                 Location(f.shown, f.lines.get((s, p, o))), focus=s, path=p, value=o))
    return out


# ---------------------------------------------------------------- imports


def imports(files: Sequence) -> list[ValidationIssue]:
    return imports_from_facts([(f.shown, facts_of(f)) for f in files])


def imports_from_facts(files: Sequence) -> list[ValidationIssue]:
    """files: (shown, Facts) in file order."""
    from ssvkg.validation.locate import Location

    provided = {o.rstrip("#/") for _, fc in files for o in fc.ontologies}
    out = []
    for shown, fc in files:
        for s, o, line in fc.imports:
            if str(o).rstrip("#/") not in provided:
                out.append(issue("imports", f"owl:imports <{o}> is not followed (ssvkg never fetches over the "
                                 "network), so what it imports is not validated; add that file to the inputs "
                                 "or remove the owl:imports", Location(shown, line),
                                 focus=s, path=OWL.imports, value=o))
    return out


# ---------------------------------------------------------------- isomorphism


def _from_ox(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _norm_literal(term.value, term.language, term.datatype.value if term.datatype else None)
    raise ValueError(f"unsupported term {term!r}")


def _norm_literal(value: str, lang: str | None, datatype: str | None) -> Literal:
    if lang:
        return Literal(value, lang=lang.lower())
    if datatype in (None, str(XSD.string)):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def _norm(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal):
            o = _norm_literal(str(o), o.language, str(o.datatype) if o.datatype else None)
        out.add((s, p, o))
    return out


def _oxigraph_graph(f) -> Graph:
    import pyoxigraph as ox

    from ssvkg.validation.syntax import ox_format

    g = Graph()
    for q in ox.parse(f.text.encode("utf-8"), format=ox_format(f.format), base_iri=f.path.resolve().as_uri()):
        g.add((_from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)))
    return g


def _with_bnodes(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if any(isinstance(x, BNode) for x in t):
            out.add(t)
    return out


def _ground(g: Graph) -> set:
    return {t for t in g if not any(isinstance(x, BNode) for x in t)}


def isomorphism(files: Sequence) -> list[ValidationIssue]:
    """rdflib's graph of each file must equal pyoxigraph's (blank nodes up to renaming).

    A file pyoxigraph rejects never gets here: reading it (safe_input.read_rdf) stopped
    the run as bad input. Should one get here all the same, it is bad input too.
    """
    from rdflib.compare import isomorphic

    from ssvkg.validation.locate import Location
    from ssvkg.validation.read import no_network
    from ssvkg.validation.syntax import OX_FORMATS, syntax_error

    out = []
    for f in files:
        if f.format not in OX_FORMATS or getattr(f, "parser", "rdflib") != "rdflib":
            continue  # a graph read from pyoxigraph (rdflib could not parse the file) is its own reading
        try:
            with no_network():
                other = _oxigraph_graph(f)
        except SyntaxError as e:
            raise syntax_error(e, f.text, f.shown) from None
        except Exception as e:  # e.g. a term rdflib has no form for
            out.append(issue("isomorphism", f"a second parser (pyoxigraph) could not read this file: "
                             f"{str(e).splitlines()[0] if str(e) else type(e).__name__}", Location(f.shown)))
            continue
        mine = _norm(f.graph)
        only_rdflib = _ground(mine) - _ground(other)
        only_ox = _ground(other) - _ground(mine)
        if not only_rdflib and not only_ox:
            if isomorphic(_with_bnodes(mine), _with_bnodes(other)):
                continue
            out.append(issue("isomorphism", "rdflib and pyoxigraph read different blank-node structures "
                             "from this file", Location(f.shown)))
            continue
        for t in sorted(only_rdflib)[:5]:
            orig = next((x for x in f.graph.triples((t[0], t[1], None)) if _norm_literal_eq(x[2], t[2])), t)
            out.append(issue("isomorphism", f"rdflib reads {_fmt(t, f.graph)} here but pyoxigraph does not",
                             Location(f.shown, f.lines.get(orig)), focus=t[0], path=t[1], value=t[2]))
        for t in sorted(only_ox)[:5]:
            out.append(issue("isomorphism", f"pyoxigraph reads {_fmt(t, f.graph)} from this file but "
                             "rdflib does not", Location(f.shown, f.lines.get(t)), focus=t[0], path=t[1], value=t[2]))
    return out


def _norm_literal_eq(a: Node, b: Node) -> bool:
    if isinstance(a, Literal) and isinstance(b, Literal):
        return _norm_literal(str(a), a.language, str(a.datatype) if a.datatype else None) == b
    return a == b


def _fmt(t, g: Graph) -> str:
    return " ".join(_n3(x, g) for x in t)
