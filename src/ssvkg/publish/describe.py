"""The release's description: VoID + DCAT (void.ttl, void.jsonld) and schema.org (dataset.jsonld).

Every count is computed here from the canonical dataset, independently of ssvkg stats (a test
compares the two): triples per named graph (a void:subset per graph, with sd:name), classes
(void:classPartition, void:entities = distinct instances) and properties
(void:propertyPartition, void:triples = distinct triples in the union).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, VOID, XSD

from ssvkg.publish.dumps import Dump
from ssvkg.queries.catalogue import NamedQuery
from ssvkg.store.dataset import graphs_of

DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; rdflib's closed DCAT namespace lacks it
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SCHEMA = Namespace("https://schema.org/")
SPEX = Namespace("https://purl.expasy.org/sparql-examples/ontology#")

BASE = "https://w3id.org/ssvkg/"
DATASET = URIRef(BASE + "dataset")
GRAPH_BASE = BASE + "graph/"
QUERY_BASE = BASE + "queries/"
# What the repository states about rights (README, pyproject.toml, ontology/core.ttl, graph/sources.ttl):
# the data under graph/ states no license, so the description says so and claims none.
RIGHTS = URIRef(BASE + "dataset#rights")
RIGHTS_EN = ("No license is stated for the data of this dataset (graph/): none is claimed or granted here. "
             "The ontology (ontology/core.ttl) states CC BY 4.0 for itself; the ssvkg software is MIT-licensed "
             "(pyproject.toml); the source documents state no license (source 004: its publisher reserves "
             "copyright), see graph/sources.ttl.")
RIGHTS_ZH = ("本数据集的数据(graph/)未声明许可,此处亦不声称或授予任何许可。本体(ontology/core.ttl)声明采用 CC BY 4.0;"
             "ssvkg 软件采用 MIT 许可(pyproject.toml);来源文档未声明许可(来源004:出版方保留版权),见 graph/sources.ttl。")
ONTOLOGY_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
EXECUTABLE = {"SELECT": SH.SPARQLSelectExecutable, "ASK": SH.SPARQLAskExecutable,
              "CONSTRUCT": SH.SPARQLConstructExecutable, "DESCRIBE": SPEX.SPARQLDescribeExecutable}
QUERY_PROPERTY = {"SELECT": SH.select, "ASK": SH.ask, "CONSTRUCT": SH.construct, "DESCRIBE": SPEX.describe}


@dataclass
class Counts:
    """What the description states about the dataset's content."""

    triples_per_graph: dict[str, int] = field(default_factory=dict)
    distinct_triples: int = 0  # in the union of the graphs
    entities: int = 0  # distinct IRI subjects under https://w3id.org/ssvkg/
    classes: dict[str, int] = field(default_factory=dict)  # class -> distinct instances
    properties: dict[str, int] = field(default_factory=dict)  # property -> distinct triples

    @property
    def total_triples(self) -> int:
        """Triples summed over the graphs: what `ssvkg stats` calls the total."""
        return sum(self.triples_per_graph.values())


def count(ds: Dataset) -> Counts:
    per_graph = {str(g.identifier): len(g) for g in graphs_of(ds)
                 if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID}
    union = {tr for ctx in graphs_of(ds) for tr in ctx}
    instances: dict[str, set] = {}
    for s, p, o in union:
        if p == RDF.type:
            instances.setdefault(str(o), set()).add(s)
    return Counts(
        triples_per_graph=dict(sorted(per_graph.items())),
        distinct_triples=len(union),
        entities=len({s for s, _, _ in union if isinstance(s, URIRef) and str(s).startswith(BASE)}),
        classes=dict(sorted((c, len(members)) for c, members in instances.items())),
        properties=dict(sorted(Counter(str(p) for _, p, _ in union).items())),
    )


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    issued: str  # YYYY-MM-DD
    base_url: str | None = None  # where the folder is hosted, ending with /
    sparql_url: str | None = None


def _en_zh(g: Graph, node, prop, en: str, zh: str) -> None:
    g.add((node, prop, Literal(en, lang="en")))
    g.add((node, prop, Literal(zh, lang="zh")))


def void_graph(counts: Counts, dumps: list[Dump], queries: list[NamedQuery], info: ReleaseInfo,
               sources: list[tuple[URIRef, str]]) -> Graph:
    """The VoID + DCAT description; sources: (IRI, title) of each source document."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD), ("spdx", SPDX),
                       ("schema", SCHEMA), ("sh", SH), ("spex", SPEX), ("ssvd", BASE + "id/")):
        g.bind(prefix, ns)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    _en_zh(g, d, DCTERMS.title, "Sustainable Social Value Knowledge Graph", "可持续社会价值知识图谱")
    _en_zh(g, d, RDFS.label, "Sustainable Social Value Knowledge Graph", "可持续社会价值知识图谱")
    _en_zh(g, d, DCTERMS.description,
           "Tencent's Sustainable Social Value reporting as RDF: programmes, pillars, partners, yearly figures "
           "and the source sentence of each fact.",
           "腾讯可持续社会价值报告的 RDF 表示:项目、支柱、合作伙伴、年度数据及每条事实的出处原文。")
    g.add((d, DCAT_VERSION, Literal(info.version)))
    g.add((d, OWL.versionInfo, Literal(info.version)))
    g.add((d, DCTERMS.issued, Literal(info.issued, datatype=XSD.date)))
    g.add((d, DCTERMS.rights, RIGHTS))
    g.add((RIGHTS, RDF.type, DCTERMS.RightsStatement))
    _en_zh(g, RIGHTS, RDFS.label, "No license stated for the data", "数据未声明许可")
    _en_zh(g, RIGHTS, RDFS.comment, RIGHTS_EN, RIGHTS_ZH)
    g.add((d, VOID.uriSpace, Literal(BASE)))
    g.add((d, VOID.vocabulary, URIRef(BASE + "ontology#")))
    g.add((d, VOID.triples, Literal(counts.total_triples)))
    g.add((d, VOID.entities, Literal(counts.entities)))
    g.add((d, VOID.classes, Literal(len(counts.classes))))
    g.add((d, VOID.properties, Literal(len(counts.properties))))
    for iri, _title in sources:
        g.add((d, DCTERMS.source, iri))
    if info.sparql_url:
        g.add((d, VOID.sparqlEndpoint, URIRef(info.sparql_url)))
    for graph_iri, n in counts.triples_per_graph.items():
        sub = URIRef(f"{d}#graph/{graph_iri[len(GRAPH_BASE):]}")
        g.add((d, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, RDF.type, SD.NamedGraph))
        g.add((sub, SD.name, URIRef(graph_iri)))
        g.add((sub, VOID.triples, Literal(n)))
        _en_zh(g, sub, RDFS.label, f"named graph {graph_iri[len(GRAPH_BASE):]}",
               f"命名图 {graph_iri[len(GRAPH_BASE):]}")
    for i, (cls, n) in enumerate(counts.classes.items()):
        part = BNode(f"class{i:03d}")  # partitions are blank nodes: no IRIs minted for them
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for i, (prop, n) in enumerate(counts.properties.items()):
        part = BNode(f"property{i:03d}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))
    for dump in dumps:
        _distribution(g, d, dump, info)
    for q in queries:
        _example(g, d, q, info)
    return g


def _distribution(g: Graph, d: URIRef, dump: Dump, info: ReleaseInfo) -> None:
    dist = URIRef(f"{d}#{dump.name}")
    g.add((d, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    _en_zh(g, dist, DCTERMS.title, f"{dump.format_name} dump", f"{dump.format_name} 转储文件")
    g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + dump.media_type)))
    if dump.compression:
        g.add((dist, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/" + dump.compression)))
    g.add((dist, DCAT.byteSize, Literal(len(dump.data), datatype=XSD.nonNegativeInteger)))
    g.add((dist, SCHEMA.name, Literal(dump.name)))
    if info.base_url:
        g.add((dist, DCAT.downloadURL, URIRef(info.base_url + dump.name)))
        g.add((d, VOID.dataDump, URIRef(info.base_url + dump.name)))
    checksum = BNode("checksum" + "".join(c for c in dump.name if c.isalnum()))
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))


def _example(g: Graph, d: URIRef, q: NamedQuery, info: ReleaseInfo) -> None:
    """A named query as a SIB sparql-examples entry (sh:SPARQLExecutable, sh:select, rdfs:comment)."""
    ex = URIRef(QUERY_BASE + q.name)
    g.add((ex, RDF.type, SH.SPARQLExecutable))
    g.add((ex, RDF.type, EXECUTABLE[q.kind]))
    g.add((ex, RDFS.label, Literal(q.summary or q.name, lang="en")))
    g.add((ex, RDFS.comment, Literal(q.description or q.summary or q.name, lang="en")))
    g.add((ex, QUERY_PROPERTY[q.kind], Literal(q.text)))
    g.add((ex, SCHEMA.isPartOf, d))
    for tag in q.tags:
        g.add((ex, SCHEMA.keywords, Literal(tag)))
    if info.sparql_url:
        g.add((ex, SCHEMA.target, URIRef(info.sparql_url)))


def schema_org(counts: Counts, dumps: list[Dump], info: ReleaseInfo,
               sources: list[tuple[URIRef, str]]) -> dict:
    """A schema.org Dataset, the JSON-LD a landing page embeds for dataset search engines."""
    doc = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": str(DATASET),
        "name": "Sustainable Social Value Knowledge Graph",
        "alternateName": "可持续社会价值知识图谱",
        "description": ("Tencent's Sustainable Social Value reporting as RDF: programmes, pillars, partners, "
                        "yearly figures and the source sentence of each fact."),
        "version": info.version,
        "datePublished": info.issued,
        "inLanguage": ["en", "zh"],
        "url": info.base_url or str(DATASET),
        # No license is stated for the data: say so instead of naming one.
        "conditionsOfAccess": RIGHTS_EN,
        "isBasedOn": [{"@id": str(iri), "name": title} for iri, title in sources],
        "variableMeasured": [{"@type": "PropertyValue", "name": "triples", "value": counts.total_triples}],
        "distribution": [
            {"@type": "DataDownload", "name": dump.name, "encodingFormat": dump.media_type,
             "contentSize": str(len(dump.data)), "sha256": dump.sha256,
             **({"contentUrl": info.base_url + dump.name} if info.base_url else {})}
            for dump in dumps],
    }
    return doc
