import pytest
from rdflib import XSD, Literal, URIRef

from ssvkg.errors import QueryError
from ssvkg.queries.params import Param, bind, params_of, to_term


def one(var, **kw):
    (p,) = params_of([var], **kw).values()
    return p


@pytest.mark.parametrize("var, name, required, ptype, lang", [
    ("_name", "name", True, "string", None),
    ("__name", "name", False, "string", None),
    ("_name_literal", "name", True, "string", None),
    ("_pillar_iri", "pillar", True, "iri", None),
    ("__pillar_iri", "pillar", False, "iri", None),
    ("_year_integer", "year", True, "integer", None),
    ("_year_xsd_integer", "year", True, "integer", None),
    ("_year_gYear", "year", True, "gyear", None),
    ("_year_xsd_gYear", "year", True, "gyear", None),
    ("_when_dateTime", "when", True, "datetime", None),
    ("_when_datetime", "when", True, "datetime", None),
    ("_day_date", "day", True, "date", None),
    ("_ok_boolean", "ok", True, "boolean", None),
    ("_share_decimal", "share", True, "decimal", None),
    ("_x_double", "x", True, "double", None),
    ("_x_float", "x", True, "float", None),
    ("_n_number", "n", True, "number", None),
    ("_label_en", "label", True, "lang", "en"),
    ("__label_zh", "label", False, "lang", "zh"),
])
def test_grlc_variable_names(var, name, required, ptype, lang):
    p = one(var)
    assert (p.name, p.var, p.required, p.type, p.lang) == (name, var, required, ptype, lang)


def test_plain_and_internal_variables_are_not_params():
    assert params_of(["program", "name", "__agg_1__"]) == {}


def test_unknown_type_suffix_is_an_error():
    with pytest.raises(QueryError, match=r"\?_x_foo_bar has an unknown parameter type 'foo_bar'"):
        params_of(["_x_foo_bar"])


def test_one_name_two_variables_is_an_error():
    with pytest.raises(QueryError, match="used by two variables"):
        params_of(["_year_integer", "_year_gYear"])


@pytest.mark.parametrize("var, value, term", [
    ("_n", "Rural Teachers", Literal("Rural Teachers")),
    ("_n_integer", "2023", Literal("2023", datatype=XSD.integer)),
    ("_n_integer", "-7", Literal("-7", datatype=XSD.integer)),
    ("_n_decimal", "0.25", Literal("0.25", datatype=XSD.decimal)),
    ("_n_double", "1.5e3", Literal("1.5e3", datatype=XSD.double)),
    ("_n_boolean", "true", Literal("true", datatype=XSD.boolean)),
    ("_n_date", "2023-12-31", Literal("2023-12-31", datatype=XSD.date)),
    ("_n_datetime", "2023-12-31T10:00:00Z", Literal("2023-12-31T10:00:00Z", datatype=XSD.dateTime)),
    ("_n_gyear", "2023", Literal("2023", datatype=XSD.gYear)),
    ("_n_number", "12", Literal("12", datatype=XSD.integer)),
    ("_n_number", "1.5", Literal("1.5", datatype=XSD.decimal)),
    ("_n_en", "Health", Literal("Health", lang="en")),
    ("_n_iri", "https://w3id.org/ssvkg/id/p1", URIRef("https://w3id.org/ssvkg/id/p1")),
    ("_n_iri", "urn:isbn:123", URIRef("urn:isbn:123")),
])
def test_values_become_typed_terms(var, value, term):
    got = to_term(one(var), value)
    assert got == term and type(got) is type(term)
    if isinstance(term, Literal):
        assert (got.datatype, got.language) == (term.datatype, term.language)


@pytest.mark.parametrize("var, value, message", [
    ("_year_integer", "abc", "parameter year must be an integer, got 'abc'."),
    ("_year_integer", "20.5", "parameter year must be an integer, got '20.5'."),
    ("_year_gYear", "23", "parameter year must be a year (YYYY), got '23'."),
    ("_day_date", "2023-02-30", "parameter day must be a date (YYYY-MM-DD), got '2023-02-30'."),
    ("_ok_boolean", "yes", "parameter ok must be a boolean (true or false), got 'yes'."),
    ("_x_decimal", "1e5", "parameter x must be a decimal number, got '1e5'."),
    ("_x_number", "many", "parameter x must be a number, got 'many'."),
])
def test_bad_values_are_one_sentence(var, value, message):
    with pytest.raises(QueryError) as e:
        to_term(one(var), value)
    assert str(e.value) == message


@pytest.mark.parametrize("value", [
    "http://x/a b", "http://x/<a>", 'http://x/"', "http://x/{a}", "http://x/a|b",
    "http://x/^", "http://x/`", "http://x/\\", "http://x/a\nb",
    "http://x/> } ; DROP ALL ; #",
    "http://x/a\x7fb", "http://x/a\x85b", "http://x/\ufffd",  # Oxigraph refuses these: they used to crash it
    "http://x/a%zz", "http://x/#a#b",
    # what the stores' RFC 3987 check refuses: noncharacters, private use outside the query,
    # a bracket that opens no IPv6 host
    "http://x/a\ufffeb", "http://x/a\ue000b", "http://x/a%zzb", "http://[x/",
])
def test_iris_with_forbidden_characters_are_refused(value):
    with pytest.raises(QueryError, match="must be an IRI"):
        to_term(one("_p_iri"), value)


@pytest.mark.parametrize("value", ["\udcff", "x\ud800", "http://x/\udcff"])
def test_values_that_are_not_unicode_text_are_refused(value):
    for var in ("_p", "_p_iri", "_p_en", "_p_integer"):
        with pytest.raises(QueryError, match=r"^parameter p is not valid text: .* at character \d+"):
            to_term(one(var), value)


def test_iris_with_unicode_and_percent_encoding_are_taken():
    for value in ("http://x/caf\u00e9", "http://x/a%20b", "http://x/?q=\ue000", "http://[::1]:8080/"):
        assert to_term(one("_p_iri"), value) == URIRef(value)


@pytest.mark.parametrize("value", ["p1", "/relative/path", "", "ssvkg"])
def test_iris_need_a_scheme(value):
    with pytest.raises(QueryError, match="absolute IRI with a scheme"):
        to_term(one("_p_iri"), value)


def test_prefixed_iri_uses_declared_namespaces():
    ns = {"id": "https://w3id.org/ssvkg/id/"}
    assert to_term(one("_p_iri"), "id:p1", ns) == URIRef("https://w3id.org/ssvkg/id/p1")
    # an undeclared prefix is taken as a scheme, as in urn:x
    assert to_term(one("_p_iri"), "urn:x", ns) == URIRef("urn:x")


def test_bind_uses_defaults_leaves_optional_unbound():
    params = params_of(["_year_integer", "__min_integer"], defaults={"year": "2022"})
    assert bind(params, {}, "q") == {"_year_integer": Literal(2022)}
    assert bind(params, {"min": "5"}, "q") == {"_year_integer": Literal(2022),
                                                "__min_integer": Literal(5)}


def test_bind_rejects_unknown_and_missing():
    params = params_of(["_year_integer"])
    with pytest.raises(QueryError, match=r"query q has no parameter foo; its parameters: year\."):
        bind(params, {"foo": "1"}, "q")
    with pytest.raises(QueryError, match=r"query q has no parameter foo; its parameters: none\."):
        bind({}, {"foo": "1"}, "q")
    with pytest.raises(QueryError, match=r"query q needs parameter year \(integer\)\."):
        bind(params, {}, "q")


def test_enumerated_values():
    p = Param("pillar", "_pillar", True, "string", enum=("rural", "health"))
    assert to_term(p, "rural") == Literal("rural")
    with pytest.raises(QueryError, match="must be one of rural, health, got 'x'"):
        to_term(p, "x")
