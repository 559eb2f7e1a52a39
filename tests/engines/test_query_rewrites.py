"""Named queries rewritten for speed at 1M triples keep their meaning on edge cases the
real graph lacks. Expected rows are worked out by hand from the small graphs below."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ssvkg
from ssvkg.store.registry import get_engine
from ssvkg.project import Project

REPO = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/ssvkg/id/"

LABELS = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ssv: <https://w3id.org/ssvkg/ontology#> .
@prefix ssvd: <https://w3id.org/ssvkg/id/> .

ssvd:both a ssv:Program ; rdfs:label "Both"@en, "两者"@zh .
ssvd:regional a ssv:Program ; rdfs:label "Regional"@en-GB ; skos:prefLabel "区域"@zh-Hans .
ssvd:english-only a ssv:Program ; rdfs:label "English only"@en ; ssv:missingLabelLanguage "zh" .
ssvd:plain a ssv:Program ; rdfs:label "No language" , <https://example.org/not-a-literal> .
ssvd:twice a ssv:Program , ssv:Product ; skos:prefLabel "Twice"@EN .
ssvd:nothing a ssv:Program .
<https://example.org/outside> a ssv:Program .
_:blank a ssv:Program .
"""


def _project(tmp_path: Path, ttl: str) -> Path:
    root = tmp_path / "p"
    (root / "graph").mkdir(parents=True)
    (root / "ontology").mkdir()
    shutil.copytree(REPO / "queries", root / "queries")
    (root / "graph" / "labels.ttl").write_text(ttl, encoding="utf-8")
    return root


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_missing_labels_matches_langmatches_semantics(tmp_path, engine):
    root = _project(tmp_path, LABELS)
    store = get_engine(engine).from_project(Project(root))
    rows = ssvkg.run_query("missing-labels", root=root, engine=store).rows
    got = sorted((str(r["entity"])[len(ID):], str(r["missing"]), str(r["declared"]),
                  str(r.get("label", ""))) for r in rows)
    # en-GB and zh-Hans count as en and zh (langMatches); EN too (tags are case-insensitive);
    # a plain literal or an IRI is no label in any language; only the id namespace is listed;
    # an entity with two types is listed once per gap.
    assert got == sorted([
        ("english-only", "zh", "yes", "English only"),
        ("plain", "en", "no", "No language"),
        ("plain", "en", "no", "https://example.org/not-a-literal"),
        ("plain", "zh", "no", "No language"),
        ("plain", "zh", "no", "https://example.org/not-a-literal"),
        ("twice", "zh", "no", "Twice"),
        ("nothing", "en", "no", ""),
        ("nothing", "zh", "no", ""),
    ])
