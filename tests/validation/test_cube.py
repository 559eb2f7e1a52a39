"""The meta-check "cube": the W3C Data Cube integrity constraints IC-1 … IC-21 (ssvkg.validation.cube).

Each constraint has a small cube that breaks it and nothing else, written in the abbreviated form the
normalization algorithm completes (no qb:componentProperty, no qb:Observation types); the same cube
without the break is well formed. Oxigraph (what the check runs on) and rdflib (the reference engine)
must agree on every ASK of these cubes (their years are integers: rdflib 7 cannot compare two different
xsd:gYear values, = and != are errors, which would make IC-12 see duplicates in the real graph).
On the real graph every constraint holds, and IC-12 (no two observations with
the same dimension values) fires on the old key, where an annual and a cumulative R&D figure of the
same year were one cell.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import ssvkg
from ssvkg.validation import cube

REPO = Path(__file__).resolve().parents[2]

HEAD = """@prefix ex: <http://example.org/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A well-formed cube: a year dimension, a count measure, a required unit attribute.
CUBE = HEAD + """
ex:ds qb:structure ex:dsd .
ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:year ] , [ qb:measure ex:count ] , [ qb:attribute ex:unit ; qb:componentRequired true ] .
ex:year rdfs:range xsd:integer .
ex:o1 qb:dataSet ex:ds ; ex:year 2021 ; ex:count 1 ; ex:unit ex:persons .
ex:o2 qb:dataSet ex:ds ; ex:year 2022 ; ex:count 2 ; ex:unit ex:persons .
"""

# A well-formed cube with a measure dimension (one observation per measure at each point).
MEASURE_TYPE = HEAD + """
qb:measureType rdfs:range qb:MeasureProperty .
ex:ds qb:structure ex:dsd .
ex:dsd qb:component [ qb:dimension ex:year ] , [ qb:dimension qb:measureType ] , [ qb:measure ex:count ] , [ qb:measure ex:amount ] .
ex:year rdfs:range xsd:integer .
ex:m1 qb:dataSet ex:ds ; ex:year 2021 ; qb:measureType ex:count ; ex:count 1 .
ex:m2 qb:dataSet ex:ds ; ex:year 2021 ; qb:measureType ex:amount ; ex:amount 2 .
"""

# A slice of ex:ds (its key declared on the structure), and a coded dimension ex:sex.
SLICE = """
ex:dsd qb:sliceKey ex:key .
ex:key a qb:SliceKey ; qb:componentProperty ex:year .
ex:ds qb:slice ex:s .
ex:s qb:sliceStructure ex:key ; ex:year 2021 ; qb:observation ex:o1 .
"""
CODED = """
ex:dsd qb:component [ qb:dimension ex:sex ] .
ex:sex rdfs:range skos:Concept ; qb:codeList ex:sexes .
ex:o1 ex:sex ex:female .
ex:o2 ex:sex ex:male .
"""

# (constraint, the cube that breaks it). Each breaks that constraint alone.
BROKEN = {
    "IC-1": CUBE + "ex:o3 a qb:Observation .\n",
    "IC-2": CUBE + "ex:ds2 a qb:DataSet .\n",
    "IC-3": CUBE + "ex:dsd2 a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:year ] .\n",
    "IC-4": CUBE + "ex:region a qb:DimensionProperty .\n",
    "IC-5": CUBE + "ex:region a qb:DimensionProperty ; rdfs:range skos:Concept .\n",
    "IC-6": CUBE + "ex:dsd qb:component [ qb:measure ex:count ; qb:componentRequired false ] .\n",
    "IC-7": CUBE + "ex:key a qb:SliceKey .\n",
    "IC-8": CUBE + "ex:dsd qb:sliceKey ex:key .\nex:key a qb:SliceKey ; qb:componentProperty ex:region .\n",
    "IC-9": CUBE + "ex:s a qb:Slice .\n",
    "IC-10": CUBE + SLICE.replace(' ; ex:year 2021', ""),
    "IC-11": CUBE + "ex:o3 qb:dataSet ex:ds ; ex:count 3 ; ex:unit ex:persons .\n",
    "IC-12": CUBE + 'ex:o3 qb:dataSet ex:ds ; ex:year 2021 ; ex:count 5 ; ex:unit ex:persons .\n',
    "IC-13": CUBE + 'ex:o3 qb:dataSet ex:ds ; ex:year 2023 ; ex:count 3 .\n',
    "IC-14": CUBE + 'ex:o3 qb:dataSet ex:ds ; ex:year 2023 ; ex:unit ex:persons .\n',
    "IC-15": MEASURE_TYPE.replace(" ; ex:amount 2 .", " ."),
    "IC-16": MEASURE_TYPE.replace("ex:count 1 .", "ex:count 1 ; ex:amount 7 ."),
    "IC-17": MEASURE_TYPE.replace("ex:m2 qb:dataSet ex:ds ; ex:year 2021", "ex:m2 qb:dataSet ex:ds ; ex:year 2022"),
    "IC-18": CUBE + SLICE.replace("qb:observation ex:o1", "qb:observation ex:b1") + (
        "ex:dsB qb:structure ex:dsd .\n"
        'ex:b1 qb:dataSet ex:dsB ; ex:year 2021 ; ex:count 4 ; ex:unit ex:persons .\n'),
    "IC-19a": CUBE + CODED + "ex:sexes a skos:ConceptScheme .\nex:female a skos:Concept ; skos:inScheme ex:sexes .\n",
    "IC-19b": CUBE + CODED + "ex:sexes a skos:Collection ; skos:member ex:female .\nex:female a skos:Concept .\n",
    "IC-20": CUBE + CODED + (
        "ex:sexes a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:anyone ; qb:parentChildProperty ex:narrower .\n"
        "ex:anyone ex:narrower ex:female .\n"),
    "IC-21": CUBE + CODED + (
        "ex:sexes a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:anyone ;\n"
        "    qb:parentChildProperty [ owl:inverseOf ex:broader ] .\n"
        "ex:female ex:broader ex:anyone .\n"),
}

# The same cubes mended: each is well formed.
MENDED = {
    "IC-10": CUBE + SLICE,
    "IC-18": CUBE + SLICE,
    "IC-19a": BROKEN["IC-19a"] + "ex:male a skos:Concept ; skos:inScheme ex:sexes .\n",
    "IC-19b": BROKEN["IC-19b"] + "ex:sexes skos:member ex:male .\nex:male a skos:Concept .\n",
    "IC-20": BROKEN["IC-20"] + "ex:anyone ex:narrower ex:male .\n",
    "IC-21": BROKEN["IC-21"] + "ex:male ex:broader ex:anyone .\n",
}


def names(issues) -> set[str]:
    """The constraints the issues report (IC-19a and IC-19b both say IC-19, the Recommendation's title)."""
    return {re.match(r"(IC-\d+)[.:]", i.message).group(1) for i in issues}


def check(text: str):
    return cube.check([(text.encode("utf-8"), "turtle", None)])


def test_every_constraint_of_the_recommendation_is_run():
    assert [c.name for c in cube.constraints()] == [f"IC-{n}" for n in range(1, 19)] + [
        "IC-19a", "IC-19b", "IC-20", "IC-21"]
    assert sorted(BROKEN, key=lambda n: (int(re.sub(r"\D", "", n)), n)) == [c.name for c in cube.constraints()]
    for c in cube.constraints():
        assert c.ask.lstrip().startswith("#") and re.search(r"^ASK\s*\{", c.ask, re.M), c.name
        assert c.title.startswith(c.name.rstrip("ab") + ".") and c.statement


@pytest.mark.parametrize("text", [CUBE, MEASURE_TYPE] + list(MENDED.values()),
                         ids=["cube", "measure-type-cube"] + [f"mended-{n}" for n in MENDED])
def test_well_formed_cubes_pass(text):
    assert check(text) == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_constraint_fires_on_its_broken_cube_and_no_other(name):
    assert BROKEN[name] not in (CUBE, MEASURE_TYPE)
    found = check(BROKEN[name])
    assert names(found) == {name.rstrip("ab")}, [i.message for i in found]
    assert all(i.check == "cube" and i.severity == "Violation" for i in found)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_rdflib_agrees_with_oxigraph_on_every_ask(name):
    """The reference engine answers each ASK of the normalized copy as Oxigraph does."""
    import rdflib

    store = cube.normalized_store([(BROKEN[name].encode("utf-8"), "turtle", None)])
    g = rdflib.Graph()
    g.parse(data="\n".join(str(q.triple) + " ." for q in store), format="nt")
    for c in cube.constraints():
        for ask, _ in cube._instances(store, c):
            assert bool(g.query(ask).askAnswer) == bool(store.query(ask)), (name, c.name)


def test_ic12_names_both_observations():
    [i] = check(BROKEN["IC-12"])
    assert (str(i.focus), str(i.value)) == ("http://example.org/o1", "http://example.org/o3")
    assert "No two qb:Observations in the same qb:DataSet may have the same value for all dimensions" in i.message


def test_normalization_runs_on_a_copy(tmp_path):
    """The check never writes: the data is read again unchanged, with no qb:componentProperty added."""
    f = tmp_path / "c.ttl"
    f.write_text(CUBE, encoding="utf-8")
    store = cube.normalized_store([(f.read_bytes(), "turtle", None)])
    assert store.query("ASK { ?s <http://purl.org/linked-data/cube#componentProperty> ?o }")
    assert f.read_text(encoding="utf-8") == CUBE


# ---------------------------------------------------------------- the real graph


def _real_sources(root: Path = REPO):
    files = sorted((root / "ontology").glob("*.ttl")) + sorted((root / "graph").rglob("*.ttl"))
    return [(f.read_bytes(), "turtle", f.resolve().as_uri()) for f in files]


def test_the_real_graph_is_a_well_formed_cube():
    assert cube.check(_real_sources()) == []
    store = cube.normalized_store(_real_sources())
    # not vacuous: there is a cube, with the key of ontology/README.md
    dims = {str(r["d"].value) for r in store.query(
        "SELECT ?d WHERE { <https://w3id.org/ssvkg/id/dataset-ssv-figures-structure> "
        "<http://purl.org/linked-data/cube#component>/<http://purl.org/linked-data/cube#componentProperty> ?d . "
        "?d a <http://purl.org/linked-data/cube#DimensionProperty> }")}
    assert dims == {"https://w3id.org/ssvkg/ontology#" + d for d in
                    ("metric", "about", "periodStart", "refPeriod", "aggregation", "figureStatus")}
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?o <http://purl.org/linked-data/cube#dataSet> "
                    "<https://w3id.org/ssvkg/id/dataset-ssv-figures> }")
    assert int(next(iter(n))["n"].value) > 50


def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for part in ("ontology", "graph", "shapes"):
        shutil.copytree(REPO / part, root / part)
    return root


OLD_KEY = re.compile(r"(ssvd:dataset-ssv-figures-structure a qb:DataStructureDefinition ;.*?qb:component )([^\n]*)( \.)", re.S)


def test_ic12_fires_on_the_old_key(tmp_path):
    """With the key of before (metric, subject, period; aggregation an attribute), the annual and the
    cumulative R&D spending of 2021 and of 2022 are one cell each: IC-12, with file and line."""
    root = _copy_project(tmp_path)
    metrics = root / "graph" / "metrics.ttl"
    text = metrics.read_text(encoding="utf-8")
    old = ("ssvd:dataset-ssv-figures-component-metric, ssvd:dataset-ssv-figures-component-about, "
           "ssvd:dataset-ssv-figures-component-ref-period, ssvd:dataset-ssv-figures-component-value, "
           "ssvd:dataset-ssv-figures-component-unit, ssvd:dataset-ssv-figures-component-qualifier, "
           "ssvd:dataset-ssv-figures-component-aggregation-attribute")
    text = OLD_KEY.sub(lambda m: m.group(1) + old + m.group(3), text, count=1)
    gone = ("ssvd:dataset-ssv-figures-component-period-start a ", "ssvd:dataset-ssv-figures-component-aggregation a ",
            "ssvd:dataset-ssv-figures-component-figure-status a ")
    text = "\n\n".join(b for b in text.split("\n\n") if not b.startswith(gone))
    text += ("\nssvd:dataset-ssv-figures-component-aggregation-attribute a qb:ComponentSpecification ;\n"
             "    qb:attribute ssv:aggregation ; qb:componentRequired true .\n")
    metrics.write_text(text, encoding="utf-8")
    # the attribute of the old key: aggregation was a qb:AttributeProperty, not a dimension
    core = root / "ontology" / "core.ttl"
    assert "ssv:aggregation a owl:ObjectProperty , qb:DimensionProperty ;" in core.read_text(encoding="utf-8")
    core.write_text(core.read_text(encoding="utf-8").replace(
        "ssv:aggregation a owl:ObjectProperty , qb:DimensionProperty ;",
        "ssv:aggregation a owl:ObjectProperty , qb:AttributeProperty ;"), encoding="utf-8")

    pairs = {(str(i.focus).rsplit("/", 1)[1], str(i.value).rsplit("/", 1)[1]) for i in cube.check(_real_sources(root))}
    assert pairs == {("obs-rd-expenditure-2021", "obs-rd-expenditure-cumulative-2019-2021"),
                     ("obs-rd-expenditure-2022", "obs-rd-expenditure-cumulative-2018-2022")}

    r = ssvkg.validate(root, cache_dir=None)
    found = [i for i in r.issues if i.check == "cube"]
    assert len(found) == 2 and not r.conforms
    research = (root / "graph" / "figures-research.ttl").read_text(encoding="utf-8").splitlines()
    for i in found:
        assert i.file == "graph/figures-research.ttl"
        assert research[i.line - 1].startswith(f"ssvd:{str(i.focus).rsplit('/', 1)[1]} a ssv:Observation")
        assert i.message.startswith("IC-12. No duplicate observations violated")


def test_ic12_fires_when_a_cumulative_window_is_lost(tmp_path):
    """On today's key: the 2019–2021 cumulative written with the window of the 2021 annual figure."""
    root = _copy_project(tmp_path)
    research = root / "graph" / "figures-research.ttl"
    text = research.read_text(encoding="utf-8")
    block = text.split("ssvd:obs-rd-expenditure-cumulative-2019-2021 a ssv:Observation ;", 1)[1].split("\n\n", 1)[0]
    text = text.replace(block, block.replace('ssv:periodStart "2019"^^xsd:gYear ;', 'ssv:periodStart "2021"^^xsd:gYear ;')
                        .replace("ssvc:aggregation-cumulative", "ssvc:aggregation-period-total"))
    research.write_text(text, encoding="utf-8")
    pairs = {(str(i.focus).rsplit("/", 1)[1], str(i.value).rsplit("/", 1)[1]) for i in cube.check(_real_sources(root))}
    assert pairs == {("obs-rd-expenditure-2021", "obs-rd-expenditure-cumulative-2019-2021")}


def test_a_target_and_a_result_in_one_cell_is_a_duplicate(tmp_path):
    """Without the figure status in the key, a target and a result of one metric, subject and window collide."""
    root = _copy_project(tmp_path)
    research = root / "graph" / "figures-research.ttl"
    text = research.read_text(encoding="utf-8")
    # a result with the very window, metric and subject of the New Cornerstone investment target
    text += ("\nssvd:obs-new-cornerstone-investment-actual a ssv:Observation ;\n"
             "    qb:dataSet ssvd:dataset-ssv-figures ; ssv:metric ssvd:metric-investment-amount ;\n"
             "    ssv:about ssvd:program-new-cornerstone ; ssv:value 1 ; ssv:unit cur:CNY ;\n"
             '    ssv:refPeriod "2032-04-29"^^xsd:date ; ssv:periodStart "2022-04-30"^^xsd:date ;\n'
             "    ssv:aggregation ssvc:aggregation-cumulative ; ssv:figureStatus {status} .\n")
    research.write_text(text.format(status="ssvc:figure-actual"), encoding="utf-8")
    assert cube.check(_real_sources(root)) == []  # different status: different cells
    research.write_text(text.format(status="ssvc:figure-target"), encoding="utf-8")
    assert names(cube.check(_real_sources(root))) == {"IC-12"}


def test_the_published_ic17_never_fires_on_oxigraph():
    """Why ic-17.rq differs from the Recommendation: its HAVING names ?count, bound only after HAVING."""
    [c] = [c for c in cube.constraints() if c.name == "IC-17"]
    published = c.ask.replace("HAVING (COUNT(?obs2) != ?numMeasures)", "HAVING (?count != ?numMeasures)")
    assert published != c.ask
    store = cube.normalized_store([(BROKEN["IC-17"].encode("utf-8"), "turtle", None)])
    assert not store.query(published) and store.query(c.ask)
