"""The ontology pages (`ssvkg docs`): every class and property with its label in the page's
language, each class with the SHACL shapes that apply and their messages, and nothing fetched."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

pytest.importorskip("pylode", reason="the docs extra is not installed: pip install -e '.[docs]'")
html5lib = pytest.importorskip("html5lib")

from ssvkg.cli import main  # noqa: E402
from ssvkg.docs import write_ontology_docs  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SSV = "https://w3id.org/ssvkg/ontology#"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _ontology() -> Graph:
    g = Graph()
    for f in sorted((REPO / "ontology").glob("*.ttl")):
        g.parse(f)
    return g


def _shapes() -> Graph:
    g = Graph()
    for f in sorted((REPO / "shapes").glob("*.ttl")):
        g.parse(f)
    return g


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Both pages, built with every socket refused: pyLODE must not reach the network."""
    out = tmp_path_factory.mktemp("ontology")
    mp = pytest.MonkeyPatch()

    def refuse(*args, **kwargs):
        raise AssertionError(f"network use while building the ontology pages: {args[:2]}")

    mp.setattr(socket.socket, "connect", refuse)
    mp.setattr(socket, "getaddrinfo", refuse)
    mp.setattr(socket, "create_connection", refuse)
    try:
        written = write_ontology_docs(REPO, out)
    finally:
        mp.undo()
    return {lang: (path, path.read_text(encoding="utf-8")) for lang, path in written.items()}


def _tree(text: str):
    return html5lib.parse(text, namespaceHTMLElements=False)


def _section(tree, local: str):
    # pyLODE shows a functional property twice (object or datatype properties, functional ones)
    found = tree.findall(f".//div[@id='{local}']")
    assert found, f"no section #{local}"
    return found[0]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _terms():
    g = _ontology()
    return g, sorted({s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
                      if isinstance(s, URIRef) and s.startswith(SSV)})


def test_pages_are_written_where_said(pages):
    assert {lang: p.name for lang, (p, _) in pages.items()} == {"en": "index.html", "zh": "zh.html"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_class_and_property_with_its_label_in_the_page_language(pages, lang):
    g, terms = _terms()
    assert len(terms) > 90  # 38 classes and 60 properties as of writing
    tree = _tree(pages[lang][1])
    other = "zh" if lang == "en" else "en"
    for term in terms:
        heading = _text(_section(tree, term.split("#", 1)[1]).find("h3"))
        [label] = [o for o in g.objects(term, RDFS.label) if o.language == lang]
        [other_label] = [o for o in g.objects(term, RDFS.label) if o.language == other]
        assert str(label) in heading, (term, heading)
        assert str(other_label) not in heading, (term, heading)
        assert str(term) in _text(_section(tree, term.split("#", 1)[1]))


def test_every_term_and_concept_has_a_definition_in_english_and_in_chinese():
    g, terms = _terms()
    concepts = set(g.subjects(SKOS.inScheme, None)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(concepts) > 40
    for term in [*terms, *sorted(concepts)]:
        langs = sorted(o.language for o in g.objects(term, SKOS.definition) if isinstance(o, Literal))
        assert langs == ["en", "zh"], (term, langs)


def test_the_chinese_page_is_chinese(pages):
    text = pages["zh"][1]
    tree = _tree(text)
    assert tree.get("lang") == "zh-Hans"
    headings = [_text(h) for h in tree.iter("h2")]
    assert "类" in headings and "对象属性" in headings and "Classes" not in headings
    program = _section(tree, "Program")
    assert _text(program.find("h3")).startswith("项目")
    assert "适用的SHACL形状" in _text(program)
    assert "创造社会价值的项目、计划、行动、平台或倡议" in _text(program)  # its @zh skos:definition
    assert "through which social value is created" not in _text(program)
    assert "可持续社会价值知识图谱本体" in text  # the ontology's @zh title


@pytest.mark.parametrize("lang, title", [("en", "Sustainable Social Value Knowledge Graph ontology"),
                                         ("zh", "可持续社会价值知识图谱本体")])
def test_the_page_is_about_the_ontology(pages, lang, title):
    """Not about a concept scheme of concepts.ttl, which pyLODE would also take for the subject."""
    metadata = _section(_tree(pages[lang][1]), "metadata")
    assert _text(metadata.find("h1")) == title
    assert _text(metadata.find(".//dd/code")) == "https://w3id.org/ssvkg/ontology"


def test_mappings_domain_and_range_are_shown(pages):
    tree = _tree(pages["en"][1])
    company = _text(_section(tree, "Company"))
    assert "org:FormalOrganization" in company and "schema:Corporation" in company  # rdfs:subClassOf
    spoken_by = _section(tree, "spokenBy")
    links = [a.get("href") for a in spoken_by.iter("a")]
    assert "http://www.w3.org/ns/prov#wasAttributedTo" in links  # rdfs:subPropertyOf
    assert "#Quotation" in links  # domain
    assert "http://xmlns.com/foaf/0.1/Person" in links  # range


def _messages_of(shapes: Graph, shape) -> list[str]:
    nodes = [shape, *shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]
    return [str(m) for n in nodes for m in shapes.objects(n, SH.message)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_class_lists_the_messages_of_the_shapes_that_target_it(pages, lang):
    shapes, tree = _shapes(), _tree(pages[lang][1])
    checked = 0
    for shape, cls in shapes.subject_objects(SH.targetClass):
        if not str(cls).startswith(SSV):
            continue
        section = _text(_section(tree, cls.split("#", 1)[1]))
        assert shapes.namespace_manager.normalizeUri(shape) in section
        for message in _messages_of(shapes, shape):
            assert " ".join(message.split()) in section, (cls, shape, message)
            checked += 1
    assert checked > 40


def test_shapes_that_reach_a_class_another_way(pages):
    """Read off shapes/*.ttl by hand: through a superclass, the subjects of a property, a SPARQL target."""
    tree = _tree(pages["en"][1])
    release = _text(_section(tree, "ReportRelease"))
    assert "ssvsh:EventShape (through its superclass ssv:Event)" in release
    assert "ssvsh:ReportReleaseShape" in release and "ssvsh:ReportShape" not in release
    assert "ssvsh:OrganizationShape (through" not in _text(_section(tree, "Company"))  # it targets ssv:Company
    observation = _text(_section(tree, "Observation"))
    assert "ssvsh:PartsSumShape (when it has ssv:componentsComplete)" in observation
    assert "Components do not add up" in observation
    assert "ssvsh:UnitMatchesMetricShape (selected by a SPARQL query)" in observation
    assert "ssvsh:ProgramShape" not in observation
    editorial = _text(_section(tree, "EditorialStatement"))
    assert "ssvsh:EditorialStatementAssertedShape (selected by a SPARQL query)" in editorial


def test_every_shape_and_message_is_shown_somewhere(pages):
    shapes = _shapes()
    text = _text(_tree(pages["en"][1]))
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    for shape in {s for t in targets for s in shapes.subjects(t, None)}:
        assert shapes.namespace_manager.normalizeUri(shape) in text, shape
    for message in shapes.objects(None, SH.message):
        assert " ".join(str(message).split()) in text, message
    elsewhere = text[text.index("Rules on the whole graph and on reused classes"):]
    assert "ssvsh:VocabularyClosureShape" in elsewhere and "ssvsh:PostShape" in elsewhere


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_loads_nothing_from_elsewhere(pages, lang):
    tree = _tree(pages[lang][1])
    for el in tree.iter():
        if el.tag in ("script", "img", "iframe") and el.get("src"):
            pytest.fail(f"<{el.tag} src={el.get('src')}>")
        if el.tag == "link" and el.get("rel") == "stylesheet":
            pytest.fail(f"<link rel=stylesheet href={el.get('href')}>")
        if el.tag == "link" and el.get("href"):
            assert el.get("href").startswith("data:"), el.get("href")


def test_importing_pylode_leaves_the_root_logger_alone():
    """pyLODE's import calls logging.basicConfig(level=DEBUG); ssvkg undoes it."""
    code = ("import logging; from ssvkg.docs.page import ontpub_class; ontpub_class(); "
            "import pylode; r = logging.getLogger(); "
            "assert not r.handlers and r.level == logging.WARNING, (r.handlers, r.level)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


def test_cli_writes_both_pages(tmp_path, capsys):
    main(["--root", str(REPO), "docs", str(tmp_path / "site"), "--lang", "zh"], standalone_mode=False)
    assert (tmp_path / "site" / "zh.html").is_file() and not (tmp_path / "site" / "index.html").exists()
    assert capsys.readouterr().out == f"zh: {tmp_path / 'site' / 'zh.html'}\n"


def test_cli_bad_input(tmp_path, capsys):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "graph").mkdir()
    with pytest.raises(SystemExit) as e:
        main(["--root", str(tmp_path), "docs", str(tmp_path / "out")])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err == "Error: ontology/: no Turtle files, so there is no ontology to document.\n"
    (tmp_path / "ontology" / "core.ttl").write_text("<a> <b> <c> .\n")
    with pytest.raises(SystemExit) as e:
        main(["--root", str(tmp_path), "docs", str(tmp_path / "out")])
    assert e.value.code == 2
    assert "no owl:Ontology header" in capsys.readouterr().err


def test_same_ontology_same_bytes(tmp_path):
    """Built twice in fresh processes with different hash seeds (pyLODE iterates over sets)."""
    built = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        done = subprocess.run(
            [sys.executable, "-c", f"from ssvkg.cli import main; main(['--root', {str(REPO)!r}, 'docs', {str(out)!r}])"],
            capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin",
                                                 "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        built.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert built[0] == built[1]
