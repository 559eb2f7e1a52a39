"""The quotes meta-check: every quote is in the text of a source it cites, every text is intact.

The source texts are files in a folder (the project's graph/sources/, or --sources DIR). The
data describes them (graph/sources.ttl): a source document (ssv:SourceDocument) has its text
files as schema:encoding, one of them as ssv:referenceText (the one its quotes are taken
from), and each file has its name in the folder (schema:name) and an SPDX SHA-256 checksum
(spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "…" ]).
Reported, each with the file and line of the triple at fault:

- a quote (QUOTE_PROPERTIES, or a property declared rdfs:subPropertyOf one of them) that is
  not in the reference text of any source its node cites (prov:wasDerivedFrom; a source
  document's own quotes quote itself), or whose node cites no source at all;
- a text file whose bytes do not match its checksum (the checksum's line), or that has no
  SHA-256 checksum, is missing from the folder, is not UTF-8 or is too large;
- a source document without a reference text.

How quotes are compared (NORMALISATIONS): every run of whitespace (Unicode \\s, line ends
included) is squashed to one space, in the quote and in the text, and both are trimmed.
Nothing else: punctuation, full-width forms and garbled characters must be quoted as the
text has them. Source 002's pinyin glosses are handled by the data, not here: its
reference text is the copy without them (002_….clean.txt).

A quote not found in the texts that could be read is reported only if every source it cites
has its text read: a missing, unreadable or undescribed text is reported once, where that
source or file is described, not again at every quote it might hold.
Each text is read and hashed once per run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ssvkg.validation.metachecks import _n3, issue
from ssvkg.validation.model import ValidationIssue

SSV = Namespace("https://w3id.org/ssvkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SPDX = Namespace("http://spdx.org/rdf/terms#")

# The properties whose values are quoted words of a source, in the source's wording.
QUOTE_PROPERTIES = (SSV.sourceQuote, SSV.quoteText, SSV.erroneousReading)
SHA256 = SPDX.checksumAlgorithm_sha256
NORMALISATIONS = ("whitespace runs squashed to one space, both ends trimmed",)
_WHITESPACE = re.compile(r"\s+")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_SHOWN_QUOTE = 70  # characters of a quote shown in a message


def squash(text: str) -> str:
    """The text as quotes are compared: whitespace runs as one space, trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass
class _Text:
    """A source text file as read: its squashed text (None when it could not be read)."""
    shown: str
    text: str | None


def quotes(graph: Graph, where, sources_dir: Path, shown: Callable[[Path], str],
           max_file_mb: float | None = None) -> list[ValidationIssue]:
    """The quotes check on graph (the data, ontology merged in), its texts in sources_dir.

    where: the Locator of the data's files (.result(focus, path, value) → Location)."""
    out: list[ValidationIssue] = []

    def report(message: str, focus: Node, path: Node, value: Node | None, at=None) -> None:
        """One result about (focus, path, value), at the line of that triple (or of the triple at)."""
        out.append(issue("quotes", message, where.result(*(at or (focus, path, value))),
                         focus=focus, path=path, value=value))

    texts: dict[Node, _Text] = {}  # file node -> its text, read once

    def text_of(file: Node) -> _Text:
        if file not in texts:
            texts[file] = _read(graph, file, sources_dir, shown, max_file_mb, report)
        return texts[file]

    reference: dict[Node, Node | None] = {}  # source document -> its reference text file
    for doc in sorted(set(graph.subjects(RDF.type, SSV.SourceDocument)), key=str):
        files = sorted(set(graph.objects(doc, SCHEMA.encoding)) | set(graph.objects(doc, SSV.referenceText)),
                       key=str)
        for f in files:
            text_of(f)
        ref = sorted(graph.objects(doc, SSV.referenceText), key=str)
        reference[doc] = ref[0] if ref else None
        if not ref:
            has = f"its files ({', '.join(_n3(f, graph) for f in files)}) name none as" if files else "it has no"
            report(f"source document {_n3(doc, graph)} has no text to check quotes against: {has} "
                   "ssv:referenceText; add its text file to graph/sources/ and describe it in "
                   "graph/sources.ttl (schema:name, spdx:checksum)", doc, RDF.type, SSV.SourceDocument)

    for prop in quote_properties(graph):
        for node, value in sorted(graph.subject_objects(prop), key=lambda t: (str(t[0]), str(t[1]))):
            quote = squash(str(value))
            docs = sorted(set(graph.objects(node, PROV.wasDerivedFrom)), key=str)
            if (node, RDF.type, SSV.SourceDocument) in graph:
                docs.append(node)  # a source document's own quotes (title, byline) quote itself
            what = f"{_n3(prop, graph)} {_shorten(str(value))}"
            if not docs:
                report(f"{what} cannot be checked: {_n3(node, graph)} cites no source document "
                       "(prov:wasDerivedFrom)", node, prop, value)
                continue
            cited = [texts.get(reference[d]) if reference.get(d) is not None else None for d in docs]
            read = [t for t in cited if t is not None and t.text is not None]
            if not quote:
                report(f"{_n3(prop, graph)} is empty: quote the words of the source", node, prop, value)
            elif any(quote in t.text for t in read):
                continue
            elif len(read) == len(cited):  # else the texts missing are reported where they are described
                report(f"{what} is not in the text of {_cited(docs, graph)} "
                       f"({', '.join(t.shown for t in read)}), even with whitespace squashed: copy the "
                       "words from the file exactly, or cite the source that says them", node, prop, value)
    return out


def quote_properties(graph: Graph) -> list[URIRef]:
    """QUOTE_PROPERTIES and the properties the data declares sub-properties of them."""
    found = list(QUOTE_PROPERTIES)
    todo = list(QUOTE_PROPERTIES)
    while todo:
        for sub in graph.subjects(RDFS.subPropertyOf, todo.pop()):
            if isinstance(sub, URIRef) and sub not in found:
                found.append(sub)
                todo.append(sub)
    return found


def _read(graph: Graph, file: Node, folder: Path, shown, max_file_mb, report) -> _Text:
    """Read one text file described in the data, reporting what is wrong with it."""
    label = _n3(file, graph)
    names = sorted(str(n) for n in graph.objects(file, SCHEMA.name))
    if len(names) != 1 or not _PLAIN_NAME.fullmatch(names[0]):
        why = "no schema:name" if not names else f"schema:name {names[0]!r}, not a plain file name" \
            if len(names) == 1 else "several schema:name"
        report(f"text file {label} cannot be found: {why} (its file name in {shown(folder)}/)",
               file, SCHEMA.name, Literal(names[0]) if len(names) == 1 else None)
        return _Text(label, None)
    name = names[0]
    path = folder / name
    at = (file, SCHEMA.name, next(iter(graph.objects(file, SCHEMA.name))))
    if not path.is_file():
        report(f"text file {shown(path)} ({label}) is missing: restore it (the source texts are kept "
               "byte for byte beside the data), or point --sources at the folder that holds it", *at)
        return _Text(shown(path), None)
    size = path.stat().st_size
    if max_file_mb is not None and size > max_file_mb * 1024 * 1024:
        report(f"text file {shown(path)} is larger than the limit of {max_file_mb:g} MB (--max-file-size) "
               "and was not read", *at)
        return _Text(shown(path), None)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    sums = [(c, graph.value(c, SPDX.checksumValue)) for c in graph.objects(file, SPDX.checksum)
            if graph.value(c, SPDX.algorithm) == SHA256]
    if not sums:
        report(f"text file {shown(path)} has no SHA-256 checksum, so a change to it would go unnoticed: "
               f"add spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ; "
               f"spdx:checksumValue \"{digest}\"^^xsd:hexBinary ]", *at)
    for c, value in sums:
        if value is None or str(value).strip().lower() != digest:
            report(f"text file {shown(path)} does not match its SHA-256 checksum: the file's bytes changed "
                   f"(its SHA-256 is {digest}); restore the file, or, if the source text itself was "
                   "replaced, record the new checksum", file, SPDX.checksum, value,
                   at=(c, SPDX.checksumValue, value))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        report(f"text file {shown(path)} is not UTF-8 (byte {e.start})", *at)
        return _Text(shown(path), None)
    return _Text(shown(path), squash(text))


def _shorten(text: str) -> str:
    flat = squash(text)
    return '"' + (flat if len(flat) <= _SHOWN_QUOTE else flat[:_SHOWN_QUOTE] + "…") + '"'


def _cited(docs, graph: Graph) -> str:
    names = [_n3(d, graph) for d in docs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
