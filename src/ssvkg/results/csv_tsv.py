"""SPARQL 1.1 Query Results CSV and TSV formats (https://www.w3.org/TR/sparql11-results-csv-tsv/)."""

from __future__ import annotations

import csv
import io

from rdflib import BNode, Literal, URIRef

from ssvkg.results.model import QueryResult


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)  # IRIs bare, literals as lexical form: the spec drops types in CSV


def render_csv(result: QueryResult, **_) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # the spec asks for CRLF
    if result.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if result.boolean else "false"])
        return buf.getvalue()
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow([_csv_value(row.get(v)) for v in result.vars])
    return buf.getvalue()


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_value(term) -> str:
    """Turtle syntax, as the spec asks; short strings only, since a TSV cell
    cannot hold a raw tab or newline (rdflib's n3() would use long strings)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return str(term)


def render_tsv(result: QueryResult, **_) -> str:
    if result.kind == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.vars)]
    lines += ["\t".join(_tsv_value(row.get(v)) for v in result.vars) for row in result.rows]
    return "\n".join(lines) + "\n"
