"""queries/ as grlc serves it, checked without grlc (tests/remote/test_grlc.py runs the real one).

grlc (1.3.11, gquery.rewrite_query_standard) puts a parameter's value into the query by replacing
the variable's text (`?__pillar`) with a constant (`"S"`, `<iri>`, `"2022"^^xsd:gYear`) wherever it
stands, and it does not apply `#+ defaults:` (a required parameter left out is HTTP 500). So:
- a parameter variable may appear only where a constant may stand (`BIND(?__x AS ?want_x)`, a
  triple pattern, an expression; never `BOUND(?__x)`), checked here by pasting constants the way
  grlc does and parsing the result with rdflib's SPARQL parser;
- a query with a required parameter says in its description that grlc needs it;
- grlc finds parameters with a regular expression over the whole text, comments included, and the
  last occurrence of a name decides what it replaces: every occurrence must be the whole variable.
"""

from __future__ import annotations

from pathlib import Path

import re

import pytest
from rdflib.plugins.sparql import prepareQuery

from ssvkg.api import list_queries
from ssvkg.queries.catalogue import NamedQuery, read_query

REPO = Path(__file__).resolve().parents[2]

# A constant of each parameter type, written as grlc writes it.
SAMPLE = {"iri": "<https://w3id.org/ssvkg/id/x>", "number": "1", "string": '"x"', "lang": '"x"@en',
          "gyear": '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>'}


def pasted(query: NamedQuery) -> str:
    """The text with every parameter variable replaced by a constant, as grlc replaces it."""
    text = query.text
    for p in sorted(query.params.values(), key=lambda p: -len(p.var)):
        text = text.replace("?" + p.var, SAMPLE.get(p.type, f'"1"^^<http://www.w3.org/2001/XMLSchema#{p.type}>'))
    return text


def grlc_undocumented(query: NamedQuery) -> list[str]:
    """Required parameters whose need the description does not state ("grlc needs NAME=")."""
    return [p.name for p in query.params.values() if p.required and f"grlc needs {p.name}=" not in query.description]


# grlc 1.3.11's parameter pattern (gquery.get_parameters), to check the text as grlc reads it
GRLC_VARIABLE = re.compile(r"\?(?P<required>[_]{1,2})(?P<name>[a-zA-Z0-9]+)([_](?P<type>(iri)|(number)|(literal)|(integer)))?"
                           r"([_](?P<prefix>[a-zA-Z0-9]+)[_](?P<userdefined>[a-zA-Z0-9]+))?([_](?P<lang>[a-zA-Z0-9]+))?")


def grlc_misread(query: NamedQuery) -> list[str]:
    """Occurrences (comments included) that grlc would take for a parameter other than ssvkg's."""
    variables = {p.name: "?" + p.var for p in query.params.values()}
    return [m.group(0) for m in GRLC_VARIABLE.finditer(query.text) if variables.get(m.group("name")) != m.group(0)]


def _queries():
    return list_queries(REPO)


@pytest.mark.parametrize("query", _queries(), ids=lambda q: q.name)
def test_query_parses_with_constants_pasted(query):
    prepareQuery(pasted(query))


@pytest.mark.parametrize("query", _queries(), ids=lambda q: q.name)
def test_required_parameters_documented_for_grlc(query):
    assert not grlc_undocumented(query), (
        f"{query.name}: grlc does not apply #+ defaults; say 'grlc needs NAME=' in the description for "
        f"{', '.join(grlc_undocumented(query))}")


@pytest.mark.parametrize("query", _queries(), ids=lambda q: q.name)
def test_grlc_reads_the_same_parameters(query):
    assert not grlc_misread(query), f"{query.name}: grlc would read {grlc_misread(query)} as parameters"


BAD = """#+ summary: Programs of a pillar
#+ description: Give pillar= for one pillar.
PREFIX ssv: <https://w3id.org/ssvkg/ontology#>
SELECT ?program WHERE {
  ?program ssv:pillar ?pillar ; ssv:year ?_year_integer .
  FILTER(!BOUND(?__pillar_iri) || ?pillar = ?__pillar_iri)
}
"""


def test_bound_of_a_parameter_is_caught(tmp_path):
    """The pattern grlc broke (issue 14): BOUND(<iri>) is no SPARQL."""
    path = tmp_path / "bad.rq"
    path.write_text(BAD)
    query = read_query(path)
    assert "BOUND(<https://w3id.org/ssvkg/id/x>)" in pasted(query)
    with pytest.raises(Exception, match="Expected"):
        prepareQuery(pasted(query))


def test_undocumented_required_parameter_is_caught(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text(BAD)
    assert grlc_undocumented(read_query(path)) == ["year"]
    path.write_text(BAD.replace("one pillar.", "one pillar. grlc needs year= in every request."))
    assert grlc_undocumented(read_query(path)) == []


def test_a_shortened_parameter_in_a_comment_is_caught(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text(BAD.replace("SELECT", "# ?__pillar is optional\nSELECT"))
    assert grlc_misread(read_query(path)) == ["?__pillar"]
    path.write_text(BAD)
    assert grlc_misread(read_query(path)) == []
