"""Named queries: queries/*.rq with grlc decorator comments.

grlc reads the "#+ " lines at the top of a query as one YAML document. We parse
the small subset grlc queries use (scalars, "- item" lists, "[a, b]" lists,
"- key: value" lists) by hand instead of adding PyYAML as a fourth dependency;
anything outside that subset is an error naming the file and line, not a
silent misreading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QueryError
from .params import Param, params_of
from .project import Project
from .sparql_checks import check


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    tags: list[str]
    params: dict[str, Param]
    text: str
    kind: str  # SELECT / ASK / CONSTRUCT / DESCRIBE
    decorators: dict = field(default_factory=dict)  # everything from the #+ lines


def _scalar(text: str):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(t) for t in text[1:-1].split(",") if t.strip()]
    return text


def _item(text: str):
    key, sep, value = text.partition(":")
    if sep and key.strip() and not key.strip().startswith(("'", '"', "[")) and (
        not value or value[0] == " "
    ):
        return {key.strip(): _scalar(value)}
    return _scalar(text)


def parse_decorators(text: str, where: str) -> dict:
    """The "#+ key: value" lines at the top of a query file, as a dict."""
    out: dict = {}
    current = None  # key whose block list is being read
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.startswith("#+"):
            if raw.strip() and not raw.lstrip().startswith("#"):
                break  # decorators end where the query begins
            continue
        line = raw[2:].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("- "):
            if current is None:
                raise QueryError(f"{where} line {lineno}: list item outside a '#+ key:' block.")
            if not isinstance(out[current], list):
                out[current] = []
            out[current].append(_item(stripped[2:]))
            continue
        key, sep, value = stripped.partition(":")
        if not sep or not key or " " in key or line.startswith("  "):  # no nested mappings
            raise QueryError(f"{where} line {lineno}: expected '#+ key: value', got {raw.strip()!r}.")
        value = value.strip()
        out[key] = _scalar(value) if value else None
        current = key if not value else None
    return out


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_map(value, key: str, where: str) -> dict:
    """grlc's "- name: value" list (or one inline mapping) as a dict."""
    out = {}
    for item in _as_list(value):
        if isinstance(item, dict):
            out.update(item)
        elif key != "enumerate":
            raise QueryError(f"{where}: '#+ {key}:' items must look like '- name: value'.")
    return out


def read_query(path: Path, project: Project | None = None) -> NamedQuery:
    where = project.relative(path) if project else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{where}: cannot read ({e}).") from None
    deco = parse_decorators(text, where)
    checked = check(text, f"{where}: ")
    defaults = _as_map(deco.get("defaults"), "defaults", where)
    enums = {k: _as_list(v) for k, v in _as_map(deco.get("enumerate"), "enumerate", where).items()}
    try:
        params = params_of(checked.variables, defaults, enums)
    except QueryError as e:
        raise QueryError(f"{where}: {e}") from None
    return NamedQuery(
        name=path.stem,
        path=path,
        summary=str(deco.get("summary") or ""),
        description=str(deco.get("description") or ""),
        tags=[str(t) for t in _as_list(deco.get("tags"))],
        params=params,
        text=text,
        kind=checked.kind,
        decorators=deco,
    )


def query_files(project: Project) -> list[Path]:
    d = project.queries_dir
    return sorted(d.glob("*.rq")) if d.is_dir() else []


def list_queries(root: str | os.PathLike | Project | None = None) -> list[NamedQuery]:
    project = Project.find(root)
    return [read_query(p, project) for p in query_files(project)]


def get_query(name: str, root: str | os.PathLike | Project | None = None) -> NamedQuery:
    project = Project.find(root)
    path = project.queries_dir / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        known = ", ".join(p.stem for p in query_files(project)) or "none"
        raise QueryError(f"no query named {name!r}; known queries: {known}.")
    return read_query(path, project)
