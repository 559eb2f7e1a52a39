"""SHACL validation with pySHACL plus meta-checks, reported as plain data with file and line.

validate() reads the inputs (safe_input.read_rdf: guards on, lines recorded), runs the
meta-checks (metachecks.py), runs pySHACL on the data (run_shacl: the one place it
runs), then finds the file and line of every result (locate.py). Report formats live
in ssvkg.report.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SH, Dataset, Graph
from rdflib.term import BNode, Node

from .dataset import merged_graph, parse_turtle
from .errors import InputError, SsvkgError

SEVERITIES = ("Violation", "Warning", "Info")  # most to least severe
FAIL_ON = {"violation": 1, "warning": 2, "info": 3}  # how many of SEVERITIES make the exit 1


@dataclass(frozen=True)
class ValidationIssue:
    severity: str  # Violation / Warning / Info
    focus: Node | None
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    constraint: Node | None  # sh:sourceConstraintComponent
    check: str = "shacl"  # shacl, or the meta-check that found it (see metachecks.CHECKS)
    file: str | None = None  # where the offending triple is written
    line: int | None = None
    column: int | None = None
    shape_label: str | None = None  # e.g. "ssvsh:ProgramShape, property ssv:name"
    shape_file: str | None = None
    shape_line: int | None = None

    @property
    def rank(self) -> int:
        # Custom severities count as violations: never weaker than what we know.
        return SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 0


@dataclass
class ValidationResult:
    conforms: bool
    issues: list[ValidationIssue] = field(default_factory=list)
    report: Graph = field(default_factory=Graph)  # the sh:ValidationReport, meta-check results included
    checks: list[str] = field(default_factory=list)  # checks that ran
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it did not run
    inputs: list[str] = field(default_factory=list)  # files read, as shown
    namespaces: dict[str, str] = field(default_factory=dict)

    @property
    def violations(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "Violation"]

    def failing(self, fail_on: str = "violation") -> list[ValidationIssue]:
        """Issues at or above the --fail-on level."""
        return [i for i in self.issues if i.rank < FAIL_ON[fail_on]]

    def exit_code(self, fail_on: str = "violation") -> int:
        return 1 if self.failing(fail_on) else 0


def read_graph(files: list[Path], shown) -> Graph:
    g = Graph(bind_namespaces="core")
    for f in files:
        parse_turtle(g, f, shown(f))
    return g


def issues_from_report(report: Graph) -> list[ValidationIssue]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = report.value(r, SH.resultSeverity)
        msgs = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        out.append(ValidationIssue(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            focus=report.value(r, SH.focusNode),
            path=report.value(r, SH.resultPath),
            value=report.value(r, SH.value),
            message="; ".join(msgs),
            shape=report.value(r, SH.sourceShape),
            constraint=report.value(r, SH.sourceConstraintComponent),
        ))
    return out


_issues = issues_from_report  # the old name


def _order(i: ValidationIssue):
    return (i.file or "~", i.line or 0, i.rank, str(i.focus), str(i.path), i.message)


def run_shacl(data: Graph, shapes: Graph, store: str | None = None) -> ValidationResult:
    """pySHACL on data; the result's issues carry no file/line yet.

    store: "oxigraph" or "rdflib", where pySHACL runs (ssvkg.validation_store; default
    the --engine / $SSVKG_ENGINE choice, else oxigraph). Results are the same.
    """
    from .validation_store import pyshacl_validate  # imports pySHACL: only when validating

    # The ontology is merged into the data graph (not passed as ont_graph) so that
    # sh:class sees rdfs:subClassOf triples without turning inference on. owl:imports
    # are never followed (metachecks.imports reports them instead).
    conforms, report, text = pyshacl_validate(
        data, shapes, store, inference="none", advanced=True, allow_warnings=False,
        do_owl_imports=False,
    )
    # On some refusals (e.g. SERVICE in a constraint) pySHACL returns a ValidationFailure, not a graph.
    issues = issues_from_report(report) if isinstance(report, Graph) else []
    if not isinstance(report, Graph):
        conforms, report = False, Graph()
    if not conforms and not issues:
        # pySHACL says "Validation Failure" without results (e.g. SERVICE in a constraint):
        # that is never a pass.
        why = next((ln.strip() for ln in reversed(text.splitlines()) if ln.strip()), "no reason given")
        issues = [ValidationIssue("Violation", None, None, None, f"pySHACL did not validate: {why}",
                                  None, None)]
    return ValidationResult(bool(conforms) and not issues, issues, report)


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


def _read_all(paths: Sequence[Path], shown, max_file_mb) -> list:
    from .safe_input import read_rdf

    return [read_rdf(p, shown(p), max_file_mb) for p in paths]


def _merge(files: Iterable) -> Graph:
    g = Graph(bind_namespaces="core")
    for f in files:
        for prefix, ns in f.graph.namespaces():
            g.bind(prefix, ns, override=False)
        g += f.graph
    return g


def _shape_label(shape: Node | None, shapes: Graph) -> str | None:
    from .metachecks import _n3

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


def _as_paths(value) -> list:
    return [value] if isinstance(value, (str, os.PathLike)) else list(value)


def validate(project=None, data=None, shapes=None, queries: str | os.PathLike | None = None,
             skip: Iterable[str] = (), max_file_mb: float | None = None,
             timeout: float | None = None) -> ValidationResult:
    """Validate data against shapes and run the meta-checks.

    project: a Project (or None when PATHs and shapes are given). data: None for the
    project's ontology/ + graph/, else files/folders or an rdflib Graph. shapes: None
    for shapes/, else files/folders or a Graph. queries: a folder of .rq files (the
    project's queries/ when data is None). skip: names from metachecks.CHECKS.
    """
    from . import metachecks as mc
    from .locate import Locator
    from .safe_input import MAX_FILE_MB, collect, no_network, quiet_library_logs, time_limit

    skip = set(skip)
    unknown = skip - set(mc.CHECKS)
    if unknown:
        raise InputError(f"unknown check {sorted(unknown)[0]!r} to skip; use one of: {', '.join(mc.CHECKS)}.")
    max_file_mb = MAX_FILE_MB if max_file_mb is None else max_file_mb
    shown = _shown_for(project)
    skipped: dict[str, str] = {}

    with time_limit(timeout, f"validation took longer than {timeout:g} s; raise --timeout or validate "
                             "fewer files." if timeout else ""), quiet_library_logs():
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
        shape_files = _read_all(shape_paths, shown, max_file_mb)
        shapes_graph = as_graph(shapes) if isinstance(shapes, Graph) else _merge(shape_files)

        vocabulary_label = "the inputs"
        if data is None:
            if project is None:
                raise InputError("no data to validate: pass PATHs or run inside a project.")
            data_paths = project.data_files()
            if not data_paths:
                raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
            data_files = _read_all(data_paths, shown, max_file_mb)
            vocabulary = [f for f in data_files if f.shown.startswith("ontology/")]
            instance_files = [f for f in data_files if not f.shown.startswith("ontology/")]
            vocabulary_label = "ontology/"
            queries = project.queries_dir if queries is None else queries
        elif isinstance(data, (Graph, Dataset)):
            data_files, vocabulary, instance_files = [], [], []
        else:
            data_files = _read_all(collect(_as_paths(data)), shown, max_file_mb)
            vocabulary = instance_files = data_files
        data_graph = as_graph(data) if isinstance(data, (Graph, Dataset)) else _merge(data_files)

        data_where, shapes_where = Locator(data_files), Locator(shape_files)
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

        checks.append("imports")
        issues.extend(mc.imports(data_files + shape_files))
        with no_network():
            run("shapes", None, lambda: mc.shapes_against_shacl_shacl(shapes_graph, shapes_where)
                + mc.shape_queries(shapes_graph, shapes_where))
        second_parser = importlib.util.find_spec("pyoxigraph") is not None
        run("isomorphism", None if second_parser else "pyoxigraph is not installed: pip install 'ssvkg[validate]'",
            lambda: mc.isomorphism(data_files + shape_files))
        broken_shapes = any(i.check == "shapes" and i.rank == 0 for i in issues)
        # pySHACL hands terms to pyoxigraph when it is installed, and crashes on what it rejects.
        unreadable = any(i.check == "isomorphism" and i.message.startswith(mc.REJECTED) for i in issues)

        if broken_shapes or unreadable:
            skipped["shacl"] = ("the shapes have errors; fix them first" if broken_shapes else
                                "a file is not valid RDF for a strict parser; fix it first")
        else:
            checks.append("shacl")
            try:
                with no_network():
                    shacl = run_shacl(data_graph, shapes_graph)
            except SsvkgError:
                raise
            except Exception as e:
                first = (str(e).strip().splitlines() or [type(e).__name__])[0].rstrip(".")
                raise InputError(f"pySHACL could not validate the data: {first}.") from None
            for i in shacl.issues:
                loc = data_where.result(i.focus, i.path, i.value, shacl.report)
                shape_file, shape_line = _shape_location(i.shape, shapes_graph, shapes_where)
                issues.append(ValidationIssue(
                    i.severity, i.focus, i.path, i.value, i.message, i.shape, i.constraint, "shacl",
                    loc.file if loc else None, loc.line if loc else None, None,
                    _shape_label(i.shape, shapes_graph), shape_file, shape_line))

        if queries is not None:  # PATH mode has no queries unless asked for
            run("queries", None if Path(queries).is_dir() else f"no folder {queries}",
                lambda: mc.queries_parse(Path(queries), project))
        no_files = "the data was given as a graph, not files" if not data_files else None
        run("closure", no_files, lambda: mc.closure(instance_files, vocabulary, shapes_graph,
                                                    shapes_where, vocabulary_label))
        run("datatypes", no_files, lambda: mc.datatypes(data_files))

    from .report.turtle import build_graph

    issues.sort(key=_order)
    namespaces = {p: str(n) for p, n in data_graph.namespaces() if p}
    for p, n in shapes_graph.namespaces():
        if p:
            namespaces.setdefault(p, str(n))
    conforms = not issues
    result = ValidationResult(conforms, issues, Graph(), checks, skipped,
                              [f.shown for f in data_files + shape_files], namespaces)
    result.report = build_graph(result)
    return result


def project_for(root, data, shapes):
    """The Project for a run, or None when PATHs and --shapes make a root unnecessary."""
    from .project import Project

    if root is not None or data is None or shapes is None:
        return Project.find(root)
    try:
        return Project.find(None)
    except InputError:
        return None


__all__ = ["ValidationIssue", "ValidationResult", "validate", "run_shacl", "issues_from_report",
           "SEVERITIES", "FAIL_ON"]
