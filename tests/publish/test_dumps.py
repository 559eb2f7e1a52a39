"""The dumps' canonical form on small hand-made datasets: what the real graph may not exercise."""

from __future__ import annotations

import gzip
import json

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection

from ssvkg.publish.dumps import build_dumps, canonical_dataset, sorted_jsonld

EX = Namespace("https://example.org/")
TTL = """@prefix ex: <https://example.org/> .
ex:a ex:p [ ex:q "x"@zh-Hant ] ; ex:list ( ex:c ex:b ex:a ) .
"""


def dataset(*names: str, text: str = TTL) -> Dataset:
    ds = Dataset(default_union=True)
    for n in names:
        ds.graph(URIRef(f"https://w3id.org/ssvkg/graph/{n}")).parse(data=text, format="turtle")
    return ds


def test_same_blank_nodes_in_two_files_stay_two():
    ds = canonical_dataset(dataset("one", "two"))
    nq = gzip.decompress(build_dumps(ds)[2].data).decode()
    nt = gzip.decompress(build_dumps(ds)[1].data).decode()
    labels = {w for line in nq.splitlines() for w in line.split() if w.startswith("_:")}
    assert len(labels) == 2 * 4  # per file: the [ ] node and the list's three cells
    union = Graph().parse(data=nt, format="nt")
    assert len(union) == 2 * len(Graph().parse(data=TTL, format="turtle"))


def test_labels_do_not_depend_on_the_parse():
    a = build_dumps(canonical_dataset(dataset("one")))
    b = build_dumps(canonical_dataset(dataset("one")))  # a second parse: new random blank nodes
    assert [d.data for d in a] == [d.data for d in b]


def test_a_list_keeps_its_order_in_json_ld():
    data = [d for d in build_dumps(canonical_dataset(dataset("one"))) if d.name.endswith(".jsonld")][0].data
    g = Dataset(default_union=True)
    g.parse(data=data, format="json-ld")
    head = next(g.objects(EX.a, EX.list))
    assert list(Collection(g, head)) == [EX.c, EX.b, EX.a]
    assert json.loads(sorted_jsonld(b'{"@list": [3, 1, 2]}')) == {"@list": [3, 1, 2]}
    assert json.loads(sorted_jsonld(b'{"x": [3, 1, 2]}')) == {"x": [1, 2, 3]}


def test_language_tag_kept_as_written():
    for d in build_dumps(canonical_dataset(dataset("one"))):
        text = gzip.decompress(d.data) if d.name.endswith(".gz") else d.data
        assert b"zh-Hant" in text, d.name
