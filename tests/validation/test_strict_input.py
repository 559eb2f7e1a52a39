"""Reading one input file: pyoxigraph is the parser of record (ssvkg.validation.syntax) and expat's own
handlers guard RDF/XML's DTD (safe_input.check_xml_entities). The command-line cases are in
tests/bad_input; these look at what read_rdf gives back and at the guard's edges."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from ssvkg.errors import InputError
from ssvkg.validation.read import read_rdf

EX = "http://example.org/"
RDF_HEAD = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/">\n')


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- where rdflib's parser is wrong


def test_valid_ntriples_rdflib_refuses_is_read_from_pyoxigraph_with_lines(tmp_path):
    text = (f"# no whitespace between terms is valid\n"
            f"_:x<{EX}p>_:y.\n"
            f'_:y<{EX}name>"y"@en.\n')
    r = read_rdf(write(tmp_path, "a.nt", text), "a.nt")
    [(s, p, y)] = list(r.graph.triples((None, URIRef(EX + "p"), None)))
    assert isinstance(s, BNode) and isinstance(y, BNode)
    assert (y, URIRef(EX + "name"), Literal("y", lang="en")) in r.graph  # one blank node on both lines
    assert sorted(r.lines.values()) == [2, 3]
    other = read_rdf(write(tmp_path, "b.nt", text), "b.nt")  # the same labels in another file
    assert not set(other.graph.all_nodes()) & {s, y}


def test_nesting_rdflib_cannot_parse_is_read_from_pyoxigraph(tmp_path):
    depth = 3000  # rdflib's recursive Turtle parser overflows Python's stack
    text = f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * depth + "1" + " ]" * depth + " .\n"
    r = read_rdf(write(tmp_path, "a.ttl", text), "a.ttl")
    assert (r.parser, len(r.graph)) == ("pyoxigraph", depth + 1)


def test_json_nested_too_deeply_is_bad_input(tmp_path):
    with pytest.raises(InputError, match=r"^a\.jsonld: JSON nested too deeply to read\.$"):
        read_rdf(write(tmp_path, "a.jsonld", "[" * 100_000 + "]" * 100_000), "a.jsonld")


@pytest.mark.parametrize("statement, what", [
    (f"<{EX}a> <{EX}p> <<( <{EX}a> <{EX}p> <{EX}b> )>> .", "triple terms"),
    (f'<{EX}a> <{EX}p> "x"@en--ltr .', "directional language tags"),
])
def test_rdf_1_2_terms_are_bad_input(tmp_path, statement, what):
    # pyoxigraph reads RDF 1.2; rdflib (and what ssvkg validates) is RDF 1.1.
    with pytest.raises(InputError, match=rf"^a\.nt line 1: RDF 1\.2 {what} .* are not supported; "
                                         r"ssvkg reads RDF 1\.1\.$"):
        read_rdf(write(tmp_path, "a.nt", statement + "\n"), "a.nt")


# ---------------------------------------------------------------- RDF/XML's DTD


def xml(tmp_path, dtd: str, body: str = '<rdf:Description rdf:about="http://example.org/a"/>\n'):
    return write(tmp_path, "a.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{dtd}]>\n'
                                    f"{RDF_HEAD}{body}</rdf:RDF>\n")


def test_flat_entities_used_a_lot_are_read(tmp_path):
    # A long entity used once and a short one used everywhere: counted exactly, not refused.
    body = "".join(f'<owl:Class xmlns:owl="http://www.w3.org/2002/07/owl#" rdf:about="&ex;c{i}"/>\n'
                   for i in range(10_000)) + '<rdf:Description rdf:about="&ex;z"><ex:p>&note;</ex:p></rdf:Description>\n'
    dtd = f' <!ENTITY ex "http://example.org/ontology-with-a-long-name#">\n <!ENTITY note "{"n" * 1000}">\n'
    r = read_rdf(xml(tmp_path, dtd, body), "a.rdf")
    assert len(r.graph) == 10_001


@pytest.mark.parametrize("dtd, message", [
    (' <!ENTITY % pe "x">\n', r"line 3: XML parameter entity %pe is refused"),
    (' <!ENTITY pic SYSTEM "pic.gif" NDATA gif>\n', r"line 3: external XML entity &pic; is refused"),
    (' <!ENTITY ex "x">\n <!ENTITY a "&#38;ex;">\n',  # a character reference spells the '&'
     r"line 4: XML entity &a; refers to other entities"),
    (' <!ATTLIST rdf:Description ex:p CDATA "added to every element">\n',
     r"line 3: the XML attribute default for ex:p on rdf:Description is refused"),
    (' <!ENTITY ex "x>\n', r"line \d: invalid XML \("),
    # expat reads no declaration after an unread parameter entity; pyoxigraph reads them all.
    (' %undeclared;\n <!ENTITY a "x">\n', r"line 4: an <!ENTITY that declares nothing for XML"),
])
def test_dtd_declarations_refused(tmp_path, dtd, message):
    with pytest.raises(InputError, match=rf"^a\.rdf {message}"):
        read_rdf(xml(tmp_path, dtd), "a.rdf")


def test_flat_entities_may_not_add_too_much(tmp_path):
    value = "x" * 100_000
    refs = "".join(f'<rdf:Description rdf:about="http://example.org/{i}"><ex:p>&big;</ex:p></rdf:Description>\n'
                   for i in range(100))
    # Refused from the declarations and the count of references, before anything is expanded
    # ("would add"); how fast that is, is a figure of benchmarks/budgets.py (xml-entities).
    with pytest.raises(InputError, match=r"^a\.rdf line 1[0-9]: XML entity references would add more than "
                                         r"[\d,]+ characters; refused\.$"):
        read_rdf(xml(tmp_path, f' <!ENTITY big "{value}">\n', refs), "a.rdf")


def test_xml_that_is_not_well_formed_is_located(tmp_path):
    # pyoxigraph names no position for it; expat does (column of the wrong name).
    path = write(tmp_path, "a.rdf", f'<?xml version="1.0"?>\n{RDF_HEAD}'
                                    '<rdf:Description rdf:about="http://example.org/a">\n'
                                    "  <ex:p>x</ex:q>\n</rdf:Description>\n</rdf:RDF>\n")
    with pytest.raises(InputError, match=r"^a\.rdf line 4: invalid XML \(mismatched tag, column 12\)\.$"):
        read_rdf(path, "a.rdf")


def test_a_refused_value_with_a_newline_stays_on_one_line(tmp_path):
    path = write(tmp_path, "a.rdf", f'<?xml version="1.0"?>\n{RDF_HEAD}'
                                    '<rdf:Description rdf:about="http://example.org/a&#10;b"/>\n</rdf:RDF>\n')
    with pytest.raises(InputError) as e:
        read_rdf(path, "a.rdf")
    assert str(e.value) == r"a.rdf: error while parsing IRI 'http://example.org/a\nb': Invalid IRI code point '\n'."
