"""Named queries: queries/*.rq with grlc decorator comments.

grlc reads the "#+ " lines at the top of a query as one YAML document; so do we
(PyYAML's safe loader), so that a folder that works with grlc works here and a
malformed block is an error naming the file and line, never a silent misreading.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ssvkg.errors import QueryError
from ssvkg.queries.params import Param, params_of
from ssvkg.memo import NO_MEMO, Memo
from ssvkg.project import Project
from ssvkg.gate.sparql import check


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
    # "#+ summary_zh:" / "#+ description_zh:": the Chinese title and description (grlc reads
    # only the keys it knows, by name, so it ignores these: grlc src/swagger.py, unpack_metadata)
    summary_zh: str = ""
    description_zh: str = ""

    def summary_in(self, lang: str) -> str:
        """The title in lang ("en" or "zh"), the English one where no Chinese is given."""
        return (self.summary_zh if lang == "zh" else "") or self.summary

    def description_in(self, lang: str) -> str:
        return (self.description_zh if lang == "zh" else "") or self.description


def _stringify(value):
    # YAML reads 2023 as an int and yes as a bool; parameter values are text until typed.
    if isinstance(value, dict):
        return {str(k): _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_decorators(text: str, where: str) -> dict:
    """The "#+ key: value" lines at the top of a query file, as a dict (YAML, read by PyYAML)."""
    return _parse_decorators(text, where)


def _parse_decorators(text: str, where: str) -> dict:
    import yaml

    lines, first = [], None
    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#+"):
            first = first or lineno
            lines.append(raw[3:] if raw.startswith("#+ ") else raw[2:])
        elif raw.strip() and not raw.lstrip().startswith("#"):
            break  # decorators end where the query begins
        elif lines:
            lines.append("")  # keep YAML line numbers aligned with the file
    if not lines:
        return {}
    block = "\n".join(lines)
    try:
        # libyaml's loader when PyYAML was built with it: 7x faster on the 25 files. Its error
        # marks point past the end of an unclosed block, so errors come from the Python loader.
        data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        data = None
    try:
        data = yaml.safe_load(block) if data is None else data
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" line {first + mark.line}" if mark is not None else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise QueryError(f"{where}{line}: the '#+' decorator block is {problem}.") from None
    if not isinstance(data, dict):
        raise QueryError(f"{where} line {first}: expected '#+ key: value' lines.")
    return _stringify(data)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_map(value, key: str, where: str) -> dict:
    """grlc's "- name: value" list (or one inline mapping) as a dict."""
    out = {}
    for item in _as_list(value):
        if not isinstance(item, dict):
            raise QueryError(f"{where}: '#+ {key}:' items must look like '- name: value'.")
        out.update(item)
    return out


def read_query(path: Path, project: Project | None = None, memo: Memo = NO_MEMO) -> NamedQuery:
    where = project.relative(path) if project else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{where}: cannot read ({e}).") from None
    deco = parse_decorators(text, where)
    checked = check(text, f"{where}: ", memo)
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
        summary_zh=str(deco.get("summary_zh") or ""),
        description_zh=str(deco.get("description_zh") or ""),
    )


def query_files(project: Project) -> list[Path]:
    d = project.queries_dir
    return sorted(d.glob("*.rq")) if d.is_dir() else []


def list_queries(project: Project, memo: Memo = NO_MEMO) -> list[NamedQuery]:
    return [read_query(p, project, memo) for p in query_files(project)]


def get_query(name: str, project: Project, memo: Memo = NO_MEMO) -> NamedQuery:
    path = project.queries_dir / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        names = [p.stem for p in query_files(project)]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        if close:
            raise QueryError(f"no query named {name!r}; did you mean {' or '.join(close)}? "
                             "(ssvkg query list shows them all)")
        raise QueryError(f"no query named {name!r}; known queries: {', '.join(names) or 'none'}.")
    return read_query(path, project, memo)


_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.I | re.M)


def declared_prefixes(project: Project) -> dict[str, str]:
    """Prefix -> namespace declared by the queries/*.rq files (a prefix two files declare
    differently is left out: it has no one meaning in this project)."""
    seen: dict[str, set[str]] = {}
    for path in query_files(project):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for prefix, iri in _PREFIX_LINE.findall(text):
            seen.setdefault(prefix, set()).add(iri)
    return {p: next(iter(iris)) for p, iris in sorted(seen.items()) if p and len(iris) == 1}
