"""grlc's parameter convention: query variables that are API parameters.

?_name is required, ?__name optional. A suffix gives the type: ?_name_iri,
?_name_integer (or any type in XSD_TYPES), ?_name_xsd_integer, ?_name_number,
?_name_literal / ?_name_string / no suffix (plain string), ?_name_en (two
letters: a language tag). Like grlc, the name itself has no underscore.
Values are checked against their type and made RDF terms here; ssvkg.queries.binding
writes them into the query as a VALUES block (one meaning on every engine).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ssvkg.errors import QueryError
from ssvkg.gate.iri import NO_SCHEME, iri_problem
from ssvkg.gate.unicode import bad_unicode

_PARAM_VAR = re.compile(r"^(?P<req>_{1,2})(?P<name>[^_]+)(?:_(?P<type>.+))?$")
_INTERNAL_VAR = re.compile(r"^__agg_\d+__$")  # rdflib's aggregate variables

_INT = r"[+-]?\d+"
_DEC = r"[+-]?(\d+(\.\d*)?|\.\d+)"
_DBL = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN"
_TZ = r"(Z|[+-]\d\d:\d\d)?"

# type name (lowercase) -> (XSD datatype, lexical pattern, article + noun for messages)
XSD_TYPES = {
    "integer": (XSD.integer, _INT, "an integer"),
    "int": (XSD.int, _INT, "an integer"),
    "long": (XSD.long, _INT, "an integer"),
    "nonnegativeinteger": (XSD.nonNegativeInteger, r"\+?\d+", "a non-negative integer"),
    "decimal": (XSD.decimal, _DEC, "a decimal number"),
    "float": (XSD.float, _DBL, "a number"),
    "double": (XSD.double, _DBL, "a number"),
    "boolean": (XSD.boolean, r"true|false|1|0", "a boolean (true or false)"),
    "date": (XSD.date, r"-?\d{4,}-\d\d-\d\d" + _TZ, "a date (YYYY-MM-DD)"),
    "datetime": (XSD.dateTime, r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?" + _TZ,
                 "a date-time (YYYY-MM-DDThh:mm:ss)"),
    "gyear": (XSD.gYear, r"-?\d{4,}" + _TZ, "a year (YYYY)"),
    "string": (None, None, "a string"),
}


@dataclass(frozen=True)
class Param:
    name: str
    var: str  # the SPARQL variable, without "?"
    required: bool
    type: str  # "iri", "number", "string", "lang" or a key of XSD_TYPES
    lang: str | None = None
    default: str | None = None
    enum: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return f"string@{self.lang}" if self.type == "lang" else self.type


def _type_of(var: str, suffix: str | None) -> tuple[str, str | None]:
    if suffix is None or suffix in ("literal", "string"):
        return "string", None
    if suffix in ("iri", "number"):
        return suffix, None
    low = suffix.lower()
    if low.startswith("xsd_"):
        low = low[4:]
    if low in XSD_TYPES:
        return low, None
    if re.fullmatch(r"[a-z]{2}", suffix):
        return "lang", suffix
    raise QueryError(f"variable ?{var} has an unknown parameter type {suffix!r}.")


def params_of(variables, defaults: Mapping[str, str] | None = None,
              enums: Mapping[str, list[str]] | None = None) -> dict[str, Param]:
    """The parameters among a query's variable names, keyed by parameter name."""
    defaults, enums = defaults or {}, enums or {}
    out: dict[str, Param] = {}
    for var in sorted(variables):
        m = _PARAM_VAR.match(var)
        if not m or _INTERNAL_VAR.match(var):
            continue
        name = m["name"]
        ptype, lang = _type_of(var, m["type"])
        if name in out and out[name].var != var:
            raise QueryError(f"parameter {name} is used by two variables: ?{out[name].var} and ?{var}.")
        default = defaults.get(name, defaults.get(var))
        enum = enums.get(name, enums.get(var)) or ()
        out[name] = Param(name, var, m["req"] == "_", ptype, lang,
                          None if default is None else str(default), tuple(str(e) for e in enum))
    return out


def to_term(param: Param, value: str, namespaces: Mapping[str, str] | None = None) -> Node:
    """Check value against the parameter's type and make the RDF term."""
    value = str(value)
    problem = bad_unicode(value)
    if problem:  # no RDF term, hash or store can take it
        raise QueryError(f"parameter {param.name} is not valid text: {problem}.")
    bad = f"parameter {param.name} must be {{}}, got {value!r}."
    if param.enum and value not in param.enum:
        raise QueryError(f"parameter {param.name} must be one of {', '.join(param.enum)}, got {value!r}.")
    if param.type == "iri":
        return URIRef(expand_iri(param, value, namespaces or {}))
    if param.type == "lang":
        return Literal(value, lang=param.lang)
    if param.type == "number":
        for t in ("integer", "decimal", "double"):
            if re.fullmatch(XSD_TYPES[t][1], value):
                return Literal(value, datatype=XSD_TYPES[t][0])
        raise QueryError(bad.format("a number"))
    if param.type == "string":
        return Literal(value)
    datatype, pattern, noun = XSD_TYPES[param.type]
    if not re.fullmatch(pattern, value) or not _valid_calendar(param.type, value):
        raise QueryError(bad.format(noun))
    return Literal(value, datatype=datatype)


def _valid_calendar(ptype: str, value: str) -> bool:
    if ptype not in ("date", "datetime"):
        return True
    try:
        dt.date.fromisoformat(value.lstrip("-")[:10])
        return True
    except ValueError:
        return False


def expand_iri(param: Param, value: str, namespaces: Mapping[str, str]) -> str:
    """Accept a full IRI or prefix:local with a prefix the data declares."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in namespaces and not local.startswith("//"):
        value = namespaces[prefix] + local
    problem = iri_problem(value)
    if problem == NO_SCHEME:
        raise QueryError(f"parameter {param.name} must be an absolute IRI with a scheme (like https:), got {value!r}.")
    if problem:
        raise QueryError(f"parameter {param.name} must be an IRI, got {value!r} ({problem}).")
    return value


def bind(params: Mapping[str, Param], values: Mapping[str, str] | None, query_name: str,
         namespaces: Mapping[str, str] | None = None) -> dict[str, Node]:
    """Variable name -> RDF term for the given values plus defaults; optional ones left out."""
    values = dict(values or {})
    unknown = sorted(set(values) - set(params))
    if unknown:
        known = ", ".join(sorted(params)) or "none"
        raise QueryError(
            f"query {query_name} has no parameter {', '.join(unknown)}; its parameters: {known}."
        )
    bindings: dict[str, Node] = {}
    for name, p in params.items():
        value = values.get(name, p.default)
        if value is None:
            if p.required:
                raise QueryError(f"query {query_name} needs parameter {name} ({p.type_label}).")
            continue
        bindings[p.var] = to_term(p, value, namespaces)
    return bindings
