"""The content of graph/: parses with two parsers, quotes are verbatim, figures are right.

The spot checks of figures were read off the sources by hand (sentence cited beside each);
they are not copied from the graph.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "graph" / "sources"  # the source texts, byte for byte (graph/sources/README.md)
SSV = Namespace("https://w3id.org/ssvkg/ontology#")
SSVC = Namespace("https://w3id.org/ssvkg/concept/")
ID = Namespace("https://w3id.org/ssvkg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CNY = URIRef("http://qudt.org/vocab/currency/CNY")
NUM = URIRef("http://qudt.org/vocab/unit/NUM")
PERCENT = URIRef("http://qudt.org/vocab/unit/PERCENT")

TTL = sorted((REPO / "ontology").glob("*.ttl")) + sorted((REPO / "graph").rglob("*.ttl"))


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    graph = rdflib.Graph()
    for f in TTL:
        graph.parse(f, format="turtle")
    return graph


@pytest.mark.parametrize("path", TTL, ids=lambda p: str(p.relative_to(REPO)))
def test_file_parses_the_same_with_rdflib_and_pyoxigraph(path):
    import pyoxigraph
    from rdflib.compare import isomorphic

    ours = rdflib.Graph().parse(path, format="turtle")
    theirs = rdflib.Graph().parse(
        data=pyoxigraph.serialize(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE),
                                  format=pyoxigraph.RdfFormat.N_TRIPLES).decode(),
        format="nt",
    )
    assert len(ours) > 0
    # Language tags compare case-insensitively (RDF 1.1); Oxigraph lower-cases them, rdflib keeps them.
    assert isomorphic(_lower_langs(ours), _lower_langs(theirs))


def _lower_langs(graph: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_graph_holds_instance_data_only():
    schema = {rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty, rdflib.RDFS.Class}
    for f in sorted((REPO / "graph").rglob("*.ttl")):
        g = rdflib.Graph().parse(f)
        assert not [s for s, o in g.subject_objects(RDF.type) if o in schema], f"schema triples in {f}"


def _source_texts() -> dict[str, str]:
    """Each source's text by identifier; for 002 the copy without pinyin glosses (.clean.txt),
    which quotes are taken from (not the raw file)."""
    texts = {}
    for f in sorted(SOURCES.glob("*.txt")):
        ident = f.name.split(".")[0]
        if ident not in texts or f.name.endswith(".clean.txt"):
            texts[ident] = f.read_text(encoding="utf-8")
    return texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("prop", [SSV.sourceQuote, SSV.quoteText, SSV.erroneousReading],
                         ids=lambda p: p.split("#")[-1])
def test_every_source_quote_is_verbatim_in_a_cited_source(g, prop):
    # A second reading of the rule `ssvkg validate`'s quotes check applies (whitespace squashed).
    texts = {k: _squash(v) for k, v in _source_texts().items()}
    bad, checked = [], 0
    for node, quote in g.subject_objects(prop):
        docs = list(g.objects(node, PROV.wasDerivedFrom))
        if (node, RDF.type, SSV.SourceDocument) in g:
            docs.append(node)  # a source document's own facts (date, title) quote itself
        cited = [str(g.value(doc, DCT.identifier)) for doc in docs]
        assert cited, f"{node} has a source quote but no prov:wasDerivedFrom"
        checked += 1
        if not any(_squash(str(quote)) in texts.get(c, "") for c in cited):
            bad.append(f"{node}: {str(quote)[:60]}…")
    assert checked > {SSV.sourceQuote: 400, SSV.quoteText: 40, SSV.erroneousReading: 20}[prop]
    assert not bad, "quotes not found verbatim in the cited sources:\n" + "\n".join(bad)


def test_source_documents_match_the_files(g):
    idents = {str(o) for o in g.objects(None, DCT.identifier) if re.fullmatch(r"\d{3}_[0-9a-f]{16}", str(o))}
    assert idents == set(_source_texts())


def test_every_source_text_is_described_with_its_sha256(g):
    """Each file in graph/sources/ is a text file of its source in graph/sources.ttl, with the
    SHA-256 of its bytes (hashed here with hashlib, not by the code under test)."""
    import hashlib

    described = {}
    for doc in g.subjects(RDF.type, SSV.SourceDocument):
        for f in g.objects(doc, SCHEMA.encoding):
            (checksum,) = g.objects(f, SPDX.checksum)
            assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
            described[str(g.value(f, SCHEMA.name))] = (str(g.value(doc, DCT.identifier)),
                                                        str(g.value(checksum, SPDX.checksumValue)))
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SOURCES.glob("*.txt")}
    assert len(on_disk) == 6
    assert {name: digest for name, (_, digest) in described.items()} == on_disk
    assert all(name.startswith(ident) for name, (ident, _) in described.items())
    # Quotes of 002 are checked against the copy without pinyin glosses.
    (ref,) = g.objects(ID["source-002"], SSV.referenceText)
    assert str(g.value(ref, SCHEMA.name)) == "002_0b3db434713b1a7f.clean.txt"


def _figure(g, iri):
    obs = ID[iri]
    assert (obs, RDF.type, SSV.Observation) in g, f"no observation {iri}"
    return {
        "value": g.value(obs, SSV.value).toPython(),
        "unit": g.value(obs, SSV.unit),
        "period": str(g.value(obs, SSV.refPeriod)),
        "qualifier": g.value(obs, SSV.qualifier),
        "aggregation": g.value(obs, SSV.aggregation),
        "sources": {str(g.value(d, DCT.identifier))[:3] for d in g.objects(obs, PROV.wasDerivedFrom)},
    }


def _find(g, metric, about, year):
    """The observation of a metric about something in a year (exactly one)."""
    found = [
        o for o in g.subjects(SSV.metric, ID[metric])
        if g.value(o, SSV.about) == ID[about] and str(g.value(o, SSV.refYear)) == year
    ]
    assert found, f"no {metric} about {about} in {year}"
    return found


MORE, NEARLY = SSVC["qualifier-more-than"], SSVC["qualifier-nearly"]

# (metric, about, year, value, unit, qualifier, sources) — each from the sentence cited
SPOT = [
    # 004: 截至2023年6月已入驻村庄35051个,涵盖全国31个省市自治区,服务村民4653485人
    ("metric-villages-served", "program-village-affairs-platform", "2023", 35051, NUM, None, {"004", "000"}),
    ("metric-villagers-served", "program-village-affairs-platform", "2023", 4653485, NUM, None, {"004", "000"}),
    # 004: 连接全国超过1万台AED…落地71个属地应急点位
    ("metric-aed-devices-connected", "program-emergency-open-platform", "2022", 10000, NUM, MORE, {"004", "000"}),
    ("metric-emergency-points", "program-emergency-open-platform", "2022", 71, NUM, None, {"004", "000"}),
    # 004: 147个新职业 (000 mistranslates as "147 new jobs")
    ("metric-new-occupations", "org-tencent", "2022", 147, NUM, None, {"004", "000"}),
    # 004: 微信数字生态…就业收入机会近5017.3万个 (就业收入机会: a reworded indicator, its own metric)
    ("metric-employment-income-opportunities", "product-wechat", "2022", 50173000, NUM, NEARLY, {"004", "000"}),
    # 002: 微信生態在2020年衍生了3684萬個就業機會,同比增長24.4%
    ("metric-employment-opportunities", "product-wechat", "2020", 36840000, NUM, None, {"002"}),
    # 004: 截至2023年6月,“自立小店”助力行动已面向全广东省近4万残障小商家开放免费申请
    ("metric-small-businesses-reached", "program-independent-shop", "2023", 40000, NUM, NEARLY, {"004", "000"}),
    # 004: 截至2022年底,已服务43万家制造企业、覆盖26个行业
    ("metric-enterprises-served", "product-wemake", "2022", 430000, NUM, None, {"004", "000"}),
    # 004: 2022年腾讯全年研发开支超过614亿元
    ("metric-rd-expenditure", "org-tencent", "2022", 61400000000, CNY, MORE, {"004", "000"}),
    # 002: 2021年騰訊研發投入達到518.8億元
    ("metric-rd-expenditure", "org-tencent", "2021", 51880000000, CNY, None, {"002"}),
    # 002: 騰訊公益慈善基金會向中國紅十字基金會捐贈 3500萬元
    ("metric-grant-amount", "program-emergency-rescue-machines-in-schools", "2021", 35000000, CNY, None, {"002"}),
    # 002: 2021年微信小程序日活超過4.5億…小程序開發者突破了300萬
    ("metric-daily-active-users", "product-mini-programs", "2021", 450000000, NUM, MORE, {"002"}),
    ("metric-developers", "product-mini-programs", "2021", 3000000, NUM, MORE, {"002"}),
    # 004: 四年来已资助了250多位杰出科学家 — the Xplorer Prize (科学探索奖), not New Cornerstone
    ("metric-scientists-funded", "program-xplorer-prize", "2022", 250, NUM, MORE, {"004", "000"}),
]


# ids from sorted sets: pytest-xdist workers must collect the same ids whatever the hash seed.
@pytest.mark.parametrize("metric,about,year,value,unit,qualifier,sources", SPOT,
                         ids=lambda x: "+".join(sorted(x)) if isinstance(x, set) else str(x))
def test_spot_figures(g, metric, about, year, value, unit, qualifier, sources):
    matches = [_figure(g, str(o)[len(str(ID)):]) for o in _find(g, metric, about, year)]
    hits = [m for m in matches if m["value"] == value]
    assert len(hits) == 1, f"{metric}/{about}/{year}: values {[m['value'] for m in matches]}, expected {value}"
    hit = hits[0]
    assert hit["unit"] == unit
    assert hit["qualifier"] == qualifier
    assert sources <= hit["sources"]


def test_common_prosperity_day_parts_add_up(g):
    # 002: 9月5日“共同富裕主題日”,共473萬人次捐出2.7億元,加上騰訊基金會的1.6億配捐,合計4.3億善款
    figures = {
        g.value(o, SSV.value).toPython()
        for o in g.subjects(SSV.about, ID["event-common-prosperity-day-2021"])
    }
    assert {4730000, 270000000, 160000000, 430000000} <= figures
    total = [o for o in g.subjects(SSV.about, ID["event-common-prosperity-day-2021"])
             if g.value(o, SSV.value).toPython() == 430000000][0]
    parts = sorted(g.value(p, SSV.value).toPython() for p in g.subjects(SSV.componentOf, total))
    assert parts == [160000000, 270000000]
    assert g.value(total, SSV.componentsComplete).toPython() is True  # 合計: the source gives the sum
    # 其中: the theme day's 2.7億 and 473萬人次 are components of 99 Giving Day 2021's 35.69億 and 6870萬
    wholes = {g.value(w, SSV.value).toPython() for p in g.subjects(SSV.about, ID["event-common-prosperity-day-2021"])
              for w in g.objects(p, SSV.componentOf)}
    assert wholes == {430000000, 3569000000, 68700000}


def test_initial_investment_is_fifty_billion(g):
    # 003 (MT): "Initial investment 500 RMB100mn" = 500亿元 = 50,000,000,000 yuan (sources README)
    values = {g.value(o, SSV.value).toPython() for o in g.subjects(SSV.about, None)
              if g.value(o, SSV.unit) == CNY and "003" in {str(g.value(d, DCT.identifier))[:3]
                                                          for d in g.objects(o, PROV.wasDerivedFrom)}}
    assert 50000000000 in values
    assert 500 not in values and 50000000000 * 100 not in values


def test_percent_values_are_decimals(g):
    for o in g.subjects(SSV.unit, PERCENT):
        if (o, RDF.type, SSV.Observation) not in g:
            continue  # metrics carry a unit too
        v = g.value(o, SSV.value)
        assert v.datatype in (XSD.decimal, XSD.integer)
    # 002: 同比增長24.4%
    assert Literal(Decimal("24.4"), datatype=XSD.decimal) in set(g.objects(None, SSV.value))


def test_pony_ma_is_never_ma_jintao(g):
    labels = {str(label) for label in g.objects(ID["person-pony-ma"], rdflib.RDFS.label)}
    assert labels == {"Pony Ma", "马化腾"}
    # only the discrepancy record that explains the mistranslation may name "Ma Jintao"
    assert {s for s, o in g.subject_objects(rdflib.RDFS.label) if "Ma Jintao" in str(o)} <= {
        s for s in g.subjects(RDF.type, SSV.Discrepancy)}


def test_tianlai_action_is_not_called_teana(g):
    label_en = [str(l) for l in g.objects(ID["program-tianlai-action"], rdflib.RDFS.label) if l.language == "en"]
    assert label_en == ["Tianlai Action"]


SKOS = rdflib.namespace.SKOS
NAME_PROPS = (rdflib.RDFS.label, SKOS.prefLabel, SKOS.altLabel)


@pytest.mark.parametrize("entity,mistranslation", [
    # the sources README: "Teana Action" / "Operation Teana" is 天籁行动 (000)
    ("program-tianlai-action", "Teana Action"), ("program-tianlai-action", "Operation Teana"),
    # 003 "Tencent Conference" and 004 腾讯会议
    ("product-tencent-meeting", "Tencent Conference"),
    # 001 "the venture capital plan": support for public-welfare projects, not venture capital
    ("program-venture-philanthropy", "venture capital plan"),
    # 000 "The emergency open API was launched" for 004 上线应急开放平台
    ("program-emergency-open-platform", "emergency open API"),
])
def test_mistranslations_are_hidden_labels_not_names(g, entity, mistranslation):
    assert Literal(mistranslation, lang="en") in set(g.objects(ID[entity], SKOS.hiddenLabel))
    named = {(s, p) for p in NAME_PROPS for s, o in g.subject_objects(p) if str(o) == mistranslation}
    assert not named, f"{mistranslation!r} is a name of {named}"


# Statuses read off the sources by hand, against the vocabulary's definitions (ontology/concepts.ttl):
# active = running, with results reported; announced = announced or launched, no results yet.
STATUSES = [
    ("program-common-prosperity", "announced"),       # 002: 并啟動了共同富裕專項計劃 — launched, nothing more
    ("program-carbon-seeking-plan", "announced"),     # 004: 2023年3月…发起“碳寻计划”,旨在… — launched, an aim
    ("program-love-meal", "announced"),               # 002: 共同推出“微信支付愛心餐公益計劃” (a caption)
    ("program-jijiubao", "announced"),                # 002: 達成合作,共同打造…“急救寶” — agreed to build
    ("program-social-first-aid-platform", "announced"),  # 002: 搭建社會化急救平臺,希望… — building, hoping
    ("program-digital-toolbox", "announced"),         # 001: "the digital toolbox that is about to go online"
    ("program-independent-shop", "active"),           # 004: 截至2023年6月…已面向…近4万残障小商家开放
    ("program-village-affairs-platform", "active"),   # 004: 截至2023年6月已入驻村庄35051个
    ("program-old-computers-donation", "completed"),  # 003: in 2002 "Get old computers out of the warehouse…"
]


@pytest.mark.parametrize("program,status", STATUSES)
def test_program_status_follows_the_vocabulary(g, program, status):
    assert g.value(ID[program], SSV.status) == SSVC["status-" + status]


def _inferred(g):
    return {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            for st in g.subjects(RDF.type, SSV.EditorialStatement)}


def test_an_active_status_without_reported_results_is_marked_inferred(g):
    # 004 describes the Common Prosperity Village project at work but reports no result
    assert (ID["program-gongfu-village"], SSV.status, SSVC["status-active"]) in _inferred(g)
    # 004: 截至2023年6月已入驻村庄35051个 — results reported: no editorial statement
    assert (ID["program-village-affairs-platform"], SSV.status, SSVC["status-active"]) not in _inferred(g)


def test_readings_named_in_the_issue_are_marked_inferred(g):
    ORG = Namespace("http://www.w3.org/ns/org#")
    inferred = _inferred(g)
    # 001 gives only the labs' heads as SSV vice presidents
    assert (ID["org-village-development-lab"], ORG.unitOf, ID["org-ssv"]) in inferred
    assert (ID["org-yinfa-technology-lab"], ORG.unitOf, ID["org-ssv"]) in inferred
    # 001 pairs the examples with technology / product / model innovation only by the order of a list
    assert (ID["program-catch"], SSV.innovationType, SSVC["innovation-technology"]) in inferred
    assert (ID["program-village-points-system"], SSV.innovationType, SSVC["innovation-product"]) in inferred
    # 001's unnamed mini program is only "probably" the points system (its discrepancy)
    assert (ID["program-village-points-system"], SSV.primaryReport, ID["report-ssv-quarterly-1"]) in inferred
    assert ID["source-001"] not in set(g.objects(ID["program-village-points-system"], PROV.wasDerivedFrom))
    # 001: "Based on Tencent Game Technology to help … (CATCH) program": the party is Tencent
    assert g.value(ID["partnership-ihep-catch"], SSV.tencentParty) == ID["org-tencent"]


def test_no_working_notes_in_data_files():
    files = [*(REPO / "ontology").glob("*.ttl"), *(REPO / "shapes").glob("*.ttl"), *(REPO / "queries").glob("*.rq"),
             *(REPO / "graph").rglob("*.ttl")]
    notes = re.compile(r"\bhelper\b|\bG[1-9]\b|\(G[1-9]\)|not in the registry", re.I)
    bad = [f"{f.relative_to(REPO)}:{n}" for f in files
           for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if notes.search(line)]
    assert not bad, "working notes in data files: " + ", ".join(bad)
def test_employment_2020_and_2022_are_different_metrics(g):
    # 002: 微信生態在2020年衍生了3684萬個就業機會; 004: 衍生的就业收入机会近5017.3万个 — the indicator was reworded
    [old] = _find(g, "metric-employment-opportunities", "product-wechat", "2020")
    [new] = _find(g, "metric-employment-income-opportunities", "product-wechat", "2022")
    assert g.value(old, SSV.value).toPython() == 36840000 and g.value(new, SSV.value).toPython() == 50173000
    assert not [o for o in g.subjects(SSV.metric, ID["metric-employment-opportunities"])
                if str(g.value(o, SSV.refYear)) == "2022"]
    assert (ID["metric-employment-income-opportunities"], SKOS.related, ID["metric-employment-opportunities"]) in g
    assert g.value(ID["metric-employment-income-opportunities"], SKOS.changeNote) is not None


def test_hundreds_of_millions_is_words_not_a_figure(g):
    # 002: 今天的騰訊連接著數以億計人的生活與工作 — a vague magnitude, not the data point 100,000,000
    assert not list(g.subjects(SSV.metric, ID["metric-people-connected"]))
    [statement] = g.subjects(SSV.magnitudeOf, ID["metric-people-connected"])
    assert (statement, RDF.type, SSV.QualitativeStatement) in g
    assert g.value(statement, SSV.value) is None
    assert "數以億計" in str(g.value(statement, SSV.statementText))


INFERRED = {  # figure -> the property whose value the source does not state outright
    "obs-rd-expenditure-cumulative-2019-2021": "periodStart",  # 過去三年
    "obs-rd-expenditure-average-annual-growth-2019-2021": "periodStart",  # 過去三年
    "obs-xplorer-prize-scientists-funded": "periodStart",  # 四年来
    "obs-new-cornerstone-investment-target": "refPeriod",  # 未來10年內, from 今年4月30日
    "obs-new-cornerstone-scientists-target": "refPeriod",
    "obs-cultivator-online-trainees-target": "refPeriod",  # 用三年時間, from 今年4月
    "obs-cultivator-offline-trainees-target": "refPeriod",
    "obs-emergency-open-platform-aed-devices-2022": "refPeriod",  # no date in the sentence
    "obs-emergency-open-platform-emergency-points-2022": "refPeriod",
    "obs-industry-solutions-industries-2021": "refPeriod",  # 騰訊已在…: no date
    "obs-industry-solutions-partners-2021": "refPeriod",
    "obs-industry-solutions-count-2021": "refPeriod",
    "obs-wechat-employment-opportunities-2022": "refPeriod",  # the year is in the sentence before
    "obs-henan-flood-response-2021-participating-products": "refPeriod",  # 除此之外…: the year is before
    "obs-charity-foundation-donation-crcf-2021-09": "refPeriod",  # the month is the cooperation's
    "obs-covid-recognition-teams-commended": "refPeriod",  # the letter does not date the recognition
    "obs-covid-recognition-people-commended": "refPeriod",
}


def test_periods_the_sources_do_not_state_are_marked_inferred(g):
    marked = {}
    for s in g.subjects(RDF.type, SSV.EditorialStatement):
        figure, prop, value = (g.value(s, RDF.subject), g.value(s, RDF.predicate), g.value(s, RDF.object))
        assert (figure, prop, value) in g, f"{s} marks a triple the graph does not hold"
        assert g.value(s, SSV.basis) == SSVC["basis-inferred"] and g.value(s, SSV.justification) is not None
        if (figure, RDF.type, SSV.Observation) in g:
            marked[str(figure)[len(str(ID)):]] = str(prop).rsplit("#", 1)[1]
    assert marked == INFERRED


def test_the_documented_totals_pattern_counts_nothing_twice(g):
    """The pattern of ontology/README.md ("Totals without double counting"), run as written: for every
    additive metric and year, its totals are the figures the sources state (tests/golden/expected_totals.py)."""
    from golden.expected_totals import TOTALS

    readme = (REPO / "ontology" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Totals without double counting", 1)[1].split("\n## ", 1)[0]
    [pattern] = re.findall(r"```sparql\n(.*?)```", section, re.S)
    additive = {str(m)[len(str(ID)):] for m in g.subjects(SSV.additive, Literal(True))}
    # money raised or spent and donations made; not rates, durations or counts that may overlap
    assert additive == {"metric-rd-expenditure", "metric-new-rd-projects", "metric-donation-amount",
                        "metric-donation-count", "metric-matching-donation-amount",
                        "metric-donation-amount-incl-matching", "metric-grant-amount"}
    got = sorted((str(r.metric)[len(str(ID)):], str(r.year), str(g.value(r.agg, SKOS.notation)),
                  str(g.value(r.status, SKOS.notation)), str(r.since), Decimal(str(r.total)))
                 for r in g.query(pattern))
    want = sorted((m, y, a, s, since, Decimal(str(v))) for (m, y, a, s, since, v, _) in TOTALS.elements()
                  if m in additive)
    assert got == want
    # and the pattern matters: without it, 2021's public donations would count the theme day twice
    naive = pattern.replace("FILTER(!BOUND(?whole))", "")
    doubled = {(str(r.metric)[len(str(ID)):], str(r.year)): r.total.toPython() for r in g.query(naive)
               if str(g.value(r.agg, SKOS.notation)) == "period-total"}
    assert doubled[("metric-donation-amount", "2021")] == 3839000000
    assert doubled[("metric-donation-count", "2021")] == 73430000
