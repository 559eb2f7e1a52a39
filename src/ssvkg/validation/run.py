"""SHACL validation with pySHACL plus meta-checks, reported as plain data with file and line.

validate() reads the inputs (safe_input.read_rdf: guards on, lines recorded), runs the
meta-checks (metachecks.py), runs pySHACL on the data (run_shacl: the one place it
runs), then finds the file and line of every result (locate.py). Report formats live
in ssvkg.report.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import SH, Dataset, Graph
from rdflib.term import BNode, Node

from ssvkg.store.dataset import merged_graph, parse_turtle
from ssvkg.errors import InputError, SsvkgError
from ssvkg.validation.model import (FAIL_ON, SEVERITIES, ValidationIssue, ValidationResult,  # noqa: F401  (re-exported)
                                    issues_from_report)

def read_graph(files: list[Path], shown) -> Graph:
    g = Graph(bind_namespaces="core")
    for f in files:
        parse_turtle(g, f, shown(f))
    return g


def _order(i: ValidationIssue):
    return (i.file or "~", i.line or 0, i.rank, str(i.focus), str(i.path), i.message)


def run_shacl(data: Graph, shapes: Graph, store: str = "oxigraph") -> ValidationResult:
    """SHACL on data; the result's issues carry no file/line yet.

    store: "oxigraph" or "rdflib" (ssvkg.validation.store). On oxigraph the shapes are compiled to SPARQL
    (ssvkg.validation.compiled; pySHACL only for shapes it does not compile) and run on data's own
    pyoxigraph Store when data is validation_store.oxigraph_graph(...), else on an in-memory
    copy; on rdflib pySHACL runs on data as given (the reference). Both report the same
    issues: pySHACL's top-level results (sh:result; nested sh:detail results only explain them).
    """
    from ssvkg.validation.store import compiled_validate, pyshacl_validate, store_name

    store = store_name(store)
    if store == "oxigraph" and (None, SH.rule, None) not in shapes:  # sh:rule writes: pySHACL only
        outcome = compiled_validate(data, shapes)
        return ValidationResult(outcome.conforms, [_issue(r) for r in outcome.results], None,
                                report_from=lambda _: outcome.build_report())  # cached by the result

    # The ontology is merged into the data graph (not passed as ont_graph) so that
    # sh:class sees rdfs:subClassOf triples without turning inference on. owl:imports
    # are never followed (metachecks.imports reports them instead).
    conforms, report, text = pyshacl_validate(
        data, shapes, store, inference="none", advanced=True, allow_warnings=False,
        do_owl_imports=False,
    )
    # On some refusals (e.g. SERVICE in a constraint) pySHACL returns a ValidationFailure, not a graph.
    issues = top_level_issues(report) if isinstance(report, Graph) else []
    if not isinstance(report, Graph):
        conforms, report = False, Graph()
    if not conforms and not issues:
        # pySHACL says "Validation Failure" without results (e.g. SERVICE in a constraint):
        # that is never a pass.
        why = next((ln.strip() for ln in reversed(text.splitlines()) if ln.strip()), "no reason given")
        issues = [ValidationIssue("Violation", None, None, None, f"pySHACL did not validate: {why}",
                                  None, None)]
    return ValidationResult(bool(conforms) and not issues, issues, report)


def top_level_issues(report: Graph) -> list[ValidationIssue]:
    """pySHACL's top-level results (sh:result of the report) as issues, as run_shacl reports them."""
    from ssvkg.validation.compiled.run import results_from_report

    return [_issue(r) for r in results_from_report(report)]


def _issue(r) -> ValidationIssue:
    """A shacl_sparql Result (from either engine) as an issue without file/line."""
    return ValidationIssue(
        severity=str(r.severity).rsplit("#", 1)[-1] if r.severity else "Violation",
        focus=r.focus, path=r.path, value=r.value,
        message="; ".join(sorted(str(m) for m in r.messages)),
        shape=r.shape, constraint=r.component)


def as_graph(ds_or_graph) -> Graph:
    return merged_graph(ds_or_graph) if isinstance(ds_or_graph, Dataset) else ds_or_graph


# ---------------------------------------------------------------- the whole run


def _shown_for(project):
    def shown(path: Path) -> str:
        if project is not None:
            rel = project.relative(path)
            if not os.path.isabs(rel):
                return rel
        try:
            return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return str(path)
    return shown


def _merge(files: Iterable) -> Graph:
    g = Graph(bind_namespaces="core")
    for f in files:
        for prefix, ns in f.graph.namespaces():
            g.bind(prefix, ns, override=False)
        g += f.graph
    return g


def _shape_label(shape: Node | None, shapes: Graph) -> str | None:
    from ssvkg.validation.metachecks import _n3

    if shape is None:
        return None
    if not isinstance(shape, BNode):
        return _n3(shape, shapes)
    parent = shapes.value(predicate=SH.property, object=shape)
    path = shapes.value(shape, SH.path)
    on = f"property {_n3(path, shapes)}" if path is not None and not isinstance(path, BNode) else "a property"
    return f"{_n3(parent, shapes)}, {on}" if parent is not None else f"a shape on {on}"


def _shape_location(shape: Node | None, shapes: Graph, where) -> tuple[str | None, int | None]:
    if shape is None or where is None:
        return None, None
    loc = where.node(shape)
    if isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is not None:
            loc = where.triple(parent, SH.property, shape) or loc
    return (loc.file, loc.line) if loc else (None, None)


def _per_file(check: str, files, fn) -> list[ValidationIssue]:
    """fn([file]) for each file, kept by the file's content (ssvkg.validation.inputs)."""
    return [i for f in files for i in f.issues(check, lambda f: fn([f]))]


def _namespaces(given: Graph | None, files) -> dict[str, str]:
    """The prefixes of the merged data graph (as _merge binds them), without parsing it again."""
    if given is not None:
        return {p: str(n) for p, n in given.namespaces() if p}
    g = Graph(bind_namespaces="core")
    for f in files:
        for prefix, ns in f.facts().namespaces:
            g.bind(prefix, ns, override=False)
    return {p: str(n) for p, n in g.namespaces() if p}


def _store_data(project, data_files, shapes: Graph, namespaces: dict[str, str], engine: str,
                cache_dir: Path | None):
    """(data graph, Locator) over the engine's on-disk Oxigraph store, or None to parse.

    The store (ssvkg.store.cache) is built once per content change and shared with queries;
    it is used only if it holds exactly these files with these contents, with the
    Oxigraph validation store chosen, and when no sh:rule would write into the data.
    """
    import json

    from ssvkg.validation.store import oxigraph_graph

    if project is None or engine != "oxigraph" or cache_dir is None or (None, SH.rule, None) in shapes:
        return None
    try:
        from ssvkg.store.cache import open_store
        from ssvkg.validation.locate import StoreLocator

        opened = open_store(project, cache_dir)
        files = json.loads((opened.entry / "manifest.json").read_bytes())["files"]
        if [(f["path"], f["sha256"]) for f in files] != [(project.relative(f.path), f.digest) for f in data_files]:
            return None
    except (SsvkgError, ImportError, OSError, ValueError, KeyError, TypeError):
        # e.g. a file Oxigraph cannot parse: the rdflib parse is validated instead.
        return None
    return oxigraph_graph(opened.store, namespaces), StoreLocator(data_files, opened.store,
                                                                 [f["graph"] for f in files])


def _as_paths(value) -> list:
    return [value] if isinstance(value, (str, os.PathLike)) else list(value)


def validate(project=None, data=None, shapes=None, queries: str | os.PathLike | None = None,
             skip: Iterable[str] = (), max_file_mb: float | None = None, *, engine: str = "oxigraph",
             cache_dir: Path | None = None, sources: str | os.PathLike | None = None) -> ValidationResult:
    """Validate data against shapes and run the meta-checks.

    project: a Project (or None when PATHs and shapes are given). data: None for the
    project's ontology/ + graph/, else files/folders or an rdflib Graph. shapes: None
    for shapes/, else files/folders or a Graph. queries: a folder of .rq files (the
    project's queries/ when data is None). skip: names from metachecks.CHECKS. engine:
    the validation store, "oxigraph" or "rdflib" (ssvkg.validation.store). cache_dir: the
    cache folder (the project's on-disk store, results per file content), None for none.
    sources: the folder of source texts for the quotes check (default: the project's
    graph/sources/ when data is None; otherwise the check runs only when given).
    """
    from ssvkg.memo import Memo

    from ssvkg.validation import metachecks as mc
    from ssvkg.validation.inputs import checks_salt, memoized_issues, open_inputs
    from ssvkg.validation.locate import Locator
    from ssvkg.validation.quotes import quotes
    from ssvkg.validation.read import MAX_FILE_MB, collect, no_network, quiet_library_logs

    skip = set(skip)
    memo = Memo(cache_dir)
    salt = checks_salt() if cache_dir is not None else ""  # the versions that made a recorded result
    unknown = skip - set(mc.CHECKS)
    if unknown:
        raise InputError(f"unknown check {sorted(unknown)[0]!r} to skip; use one of: {', '.join(mc.CHECKS)}.")
    max_file_mb = MAX_FILE_MB if max_file_mb is None else max_file_mb
    shown = _shown_for(project)
    sources_dir = sources_folder(project, data, sources)
    skipped: dict[str, str] = {}

    # No time limit here: ssvkg.executor runs this in a worker and ends it at the deadline.
    with quiet_library_logs():
        # Inputs.
        if shapes is None:
            if project is None:
                raise InputError("no SHACL shapes: pass --shapes DIR.")
            shape_paths = project.shapes_files()
            if not shape_paths:
                raise InputError(f"no SHACL shapes: no Turtle files under shapes/ in {project.root}.")
        elif isinstance(shapes, Graph):
            shape_paths = []
        else:
            shape_paths = collect(_as_paths(shapes), "shapes")
        shape_files = open_inputs(shape_paths, shown, max_file_mb, memo, salt)
        shapes_graph = as_graph(shapes) if isinstance(shapes, Graph) else _merge(shape_files)

        vocabulary_label = "the inputs"
        if data is None:
            if project is None:
                raise InputError("no data to validate: pass PATHs or run inside a project.")
            data_paths = project.data_files()
            if not data_paths:
                raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
            data_files = open_inputs(data_paths, shown, max_file_mb, memo, salt)
            vocabulary = [f for f in data_files if f.shown.startswith("ontology/")]
            instance_files = [f for f in data_files if not f.shown.startswith("ontology/")]
            vocabulary_label = "ontology/"
            queries = project.queries_dir if queries is None else queries
        elif isinstance(data, (Graph, Dataset)):
            data_files, vocabulary, instance_files = [], [], []
        else:
            data_files = open_inputs(collect(_as_paths(data)), shown, max_file_mb, memo, salt)
            vocabulary = instance_files = data_files
        given = as_graph(data) if isinstance(data, (Graph, Dataset)) else None
        data_namespaces = _namespaces(given, data_files)

        shapes_where = Locator(shape_files)
        refuse_remote_shapes(shapes_graph, shapes_where)
        issues: list[ValidationIssue] = []
        checks: list[str] = []

        def run(name: str, why_not: str | None, fn):
            if name in skip:
                skipped[name] = "skipped on request"
            elif why_not:
                skipped[name] = why_not
            else:
                checks.append(name)
                issues.extend(fn())

        def shapes_check():
            return mc.shapes_against_shacl_shacl(shapes_graph, shapes_where) \
                + mc.shape_queries(shapes_graph, shapes_where)

        checks.append("imports")
        issues.extend(mc.imports_from_facts([(f.shown, f.facts()) for f in data_files + shape_files]))
        with no_network():
            # The shapes' checks depend on the shape files alone: kept by their content.
            run("shapes", None, lambda: memoized_issues("shapes-check", shape_files, shapes_check, memo, salt)
                if shape_files else shapes_check())
        second_parser = importlib.util.find_spec("pyoxigraph") is not None
        run("isomorphism", None if second_parser else "pyoxigraph is not installed: pip install 'ssvkg[validate]'",
            lambda: _per_file("isomorphism", data_files + shape_files, mc.isomorphism))
        broken_shapes = any(i.check == "shapes" and i.rank == 0 for i in issues)
        # (A file pyoxigraph rejects, on which pySHACL would crash, stopped the run when read.)

        view: list = []  # (data graph, its Locator), made once when first needed

        def data_view():
            if not view:
                on_store = None if given is not None or data is not None else \
                    _store_data(project, data_files, shapes_graph, data_namespaces, engine, cache_dir)
                view.append(on_store if on_store is not None else
                            (given if given is not None else _merge(data_files), Locator(data_files)))
            return view[0]

        if broken_shapes:
            skipped["shacl"] = "the shapes have errors; fix them first"
        else:
            checks.append("shacl")
            data_graph, data_where = data_view()
            try:
                with no_network():
                    shacl = run_shacl(data_graph, shapes_graph, engine)
            except SsvkgError:
                raise
            except Exception as e:
                first = (str(e).strip().splitlines() or [type(e).__name__])[0].rstrip(".")
                raise InputError(f"pySHACL could not validate the data: {first}.") from None
            for i in shacl.issues:
                # The report only explains blank-node paths (inverse paths): built just for those.
                loc = data_where.result(i.focus, i.path, i.value,
                                        shacl.report if isinstance(i.path, BNode) else None)
                shape_file, shape_line = _shape_location(i.shape, shapes_graph, shapes_where)
                issues.append(ValidationIssue(
                    i.severity, i.focus, i.path, i.value, i.message, i.shape, i.constraint, "shacl",
                    loc.file if loc else None, loc.line if loc else None, None,
                    _shape_label(i.shape, shapes_graph), shape_file, shape_line))

        if queries is not None:  # PATH mode has no queries unless asked for
            run("queries", None if Path(queries).is_dir() else f"no folder {queries}",
                lambda: mc.queries_parse(Path(queries), project, memo))
        no_files = "the data was given as a graph, not files" if not data_files else None
        run("closure", no_files, lambda: mc.closure_from_facts(
            [(f.shown, f.facts()) for f in instance_files], [(f.shown, f.facts()) for f in vocabulary],
            shapes_graph, shapes_where, vocabulary_label))
        run("datatypes", no_files, lambda: _per_file("datatypes", data_files, mc.datatypes))
        if sources_dir is not None:  # like queries: PATHs or a Graph have none unless given
            run("quotes", None, lambda: quotes(*data_view(), sources_dir, shown, max_file_mb))
        run("cube", None, lambda: _cube(data_files, given, data_namespaces, memo, salt))
        for f in data_files + shape_files:
            f.save_memo()


    issues.sort(key=_order)
    namespaces = dict(data_namespaces)
    for p, n in shapes_graph.namespaces():
        if p:
            namespaces.setdefault(p, str(n))
    conforms = not issues
    return ValidationResult(conforms, issues, None, checks, skipped,
                            [f.shown for f in data_files + shape_files], namespaces)


def _cube(data_files, given: Graph | None, namespaces: dict[str, str], memo, salt: str):
    """The Data Cube integrity constraints (ssvkg.validation.cube), kept by the content of all files."""
    from ssvkg.validation import cube
    from ssvkg.validation.inputs import memoized_issues
    from ssvkg.validation.locate import Locator
    from ssvkg.validation.read import no_network

    def compute(sources, locate):
        with no_network():
            return cube.check(sources, locate, namespaces)

    if given is not None:
        return compute(cube.sources_of_graph(given), None)
    return memoized_issues("cube-check", data_files, lambda: compute(
        cube.sources_of_files(data_files), lambda: Locator([f.located() for f in data_files])),
        memo, f"{salt}; qb {cube.texts_digest()}")


_SPARQL_TEXTS = (SH.select, SH.ask, SH.construct)


def refuse_remote_shapes(shapes: Graph, where=None) -> None:
    """InputError for a shape whose SPARQL could reach the network, or that updates.

    Every text pySHACL or the compiled validation may hand to an engine (constraints,
    validators of constraint components, SPARQL targets, rules) is checked as the
    engines read it, before anything runs: not a meta-check, so --skip keeps it."""
    from ssvkg.gate.sparql import refuse_remote

    def at(s, p, o) -> str:
        loc = where.triple(s, p, o) if where is not None else None
        return f"{loc.file} line {loc.line}: " if loc and loc.file and loc.line else ""

    for shape, text in shapes.subject_objects(SH.update):
        raise InputError(f"{at(shape, SH.update, text)}the shapes hold a SPARQL Update (sh:update); "
                         "validation never writes.")
    for prop in _SPARQL_TEXTS:
        for shape, text in shapes.subject_objects(prop):
            try:
                refuse_remote(str(text))
            except SsvkgError as e:
                raise InputError(f"{at(shape, prop, text)}{prop.n3(shapes.namespace_manager)}: {e}") from None


def sources_folder(project, data, sources) -> Path | None:
    """The folder of source texts for the quotes check, or None: it does not run.

    Given, it must be a folder (else InputError); by default it is the project's
    graph/sources/ when the project's own data is validated, and the check runs even if that
    folder is missing (every text described is then reported missing). PATHs or a Graph
    have no folder unless one is given."""
    from ssvkg.validation.read import refuse_url

    if sources is not None:
        refuse_url(str(sources))
        folder = Path(sources)
        if not folder.is_dir():
            raise InputError(f"--sources {os.fspath(sources)}: no such directory.")
        return folder
    if data is None and project is not None:
        return project.root / "graph" / "sources"
    return None


def project_for(root, data, shapes):
    """The Project for a run, or None when PATHs and --shapes make a root unnecessary."""
    from ssvkg.project import Project

    if root is not None or data is None or shapes is None:
        return Project.find(root)
    try:
        return Project.find(None)
    except InputError:
        return None


__all__ = ["ValidationIssue", "ValidationResult", "validate", "run_shacl", "issues_from_report",
           "SEVERITIES", "FAIL_ON"]
