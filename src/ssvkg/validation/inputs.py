"""Validation inputs read lazily, with the per-file check results memoized by content.

An InputFile is size-checked, read and hashed at once, but parsed with rdflib only when
something needs its graph: a file whose exact bytes passed every check before (same
path, same rdflib, pyoxigraph and ssvkg) gets its per-file results from ssvkg.memo
instead, after the guards and the parser of record (safe_input.check_rdf) have passed it
again: no recorded result lets a file through that they refuse. A file seen for the
first time, or changed, is parsed at once, so a syntax error still stops the run in file
order with the same message. What is kept per file (one memo entry):

- facts:       prefixes, owl:Ontology / owl:imports, declared terms and the first use
               of every predicate and class (what metachecks.imports and .closure need);
- isomorphism, datatypes: that check's issues for this file.

Issues keep file, line and terms exactly (blank nodes with the labels of the run that
found them). An entry that cannot be read back whole is a miss, never trusted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ssvkg.errors import InputError
from ssvkg.memo import NO_MEMO, Memo
from ssvkg.validation.model import ValidationIssue, dec, decode_issues, enc, encode_issues

MEMO_KIND = "file-checks"
LINES_KIND = "file-lines"  # kept apart: large, and needed only to locate SHACL results
CHECKS_VERSION = 2  # bump when a per-file check or the facts change what they report (2: parser of record)


def checks_salt() -> str:
    """The versions whose code made a memoized result (pySHACL's read without importing it).

    pyoxigraph's is among them: the isomorphism check compares its reading with rdflib's."""
    from importlib.metadata import version

    import rdflib

    from ssvkg.version import __version__
    return (f"checks {CHECKS_VERSION}; ssvkg {__version__}; rdflib {rdflib.__version__}; "
            f"pyshacl {version('pyshacl')}; pyoxigraph {version('pyoxigraph')}")


# ---------------------------------------------------------------- files


class InputFile:
    """One input: path, shown, format and content digest now; graph, lines and text on demand."""

    def __init__(self, path: Path, shown: str, max_mb: float | None, memo: Memo = NO_MEMO,
                 salt: str = "") -> None:
        from ssvkg.validation.read import check_size, rdf_format, refuse_url

        refuse_url(str(path))
        self.path, self.shown, self._max_mb = Path(path), shown, max_mb
        self.format = rdf_format(self.path, explicit=True) or "turtle"
        try:
            check_size(self.path, shown, max_mb)
            self.digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError as e:
            raise InputError(f"{shown}: cannot read ({e.strerror or e}).") from None
        # What the results depend on besides the bytes: where the file is (its base IRI
        # resolves relative IRIs), how it is shown, and how it is parsed.
        self.key = f"{self.digest} {self.format} {self.path.resolve().as_uri()} {shown}"
        self._read = None
        self._located = None
        self.memo = memo  # where results of earlier runs on this content are kept
        self.salt = salt  # checks_salt(), computed once per run
        self._memo = None
        self._dirty = False

    # ------------------------------------------------ the rdflib parse, when needed

    def read(self):
        """safe_input.read_rdf of this file (parsed once), checked to be the bytes hashed."""
        if self._read is None:
            from ssvkg.validation.read import read_rdf

            read = read_rdf(self.path, self.shown, self._max_mb, self.format)
            if hashlib.sha256(read.text.encode("utf-8")).hexdigest() != self.digest:
                raise InputError(f"{self.shown} changed while it was being validated; run again.")
            self._read = read
        return self._read

    def check(self) -> None:
        """safe_input.check_rdf of this file: the guards and the parser of record, which a
        recorded result never stands in for (they cost little next to rdflib's parse)."""
        from ssvkg.validation.read import check_rdf

        text, _ = check_rdf(self.path, self.shown, self._max_mb, self.format)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != self.digest:
            raise InputError(f"{self.shown} changed while it was being validated; run again.")

    @property
    def parsed(self) -> bool:
        return self._read is not None

    graph = property(lambda self: self.read().graph)
    lines = property(lambda self: self.read().lines)
    parser = property(lambda self: self.read().parser)

    @property
    def text(self) -> str:
        """The file's text; read again (not parsed) when the file was not parsed."""
        if self._read is not None:
            return self._read.text
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise InputError(f"{self.shown} changed while it was being validated; run again.")
        return data.decode("utf-8")

    def located(self):
        """What a Locator needs (.graph, .lines, .text, .shown, .format) at least cost: the
        parsed file if it was parsed in this run, else its triples and their lines as
        recorded by an earlier run (LineIndex), else the file parsed now."""
        if self._located is None:
            index = None if self._read is not None else \
                LineIndex.decode(self.memo.get(LINES_KIND, self.key, self.salt))
            if index is None:
                read = self.read()
                index = LineIndex([(t, read.lines.get(t)) for t in read.graph])
                self.memo.put(LINES_KIND, self.key, index.encode(), self.salt)
            self._located = _Located(self, index)
        return self._located

    # ------------------------------------------------ memoized results

    def load_memo(self) -> bool:
        """Fetch this content's recorded results; True if there were any."""
        value = self.memo.get(MEMO_KIND, self.key, self.salt)
        self._memo = value if isinstance(value, dict) and isinstance(value.get("facts"), dict) else None
        return self._memo is not None

    def issues(self, check: str, compute) -> list[ValidationIssue]:
        """This file's issues for check: recorded, else compute(self) (then recorded)."""
        recorded = decode_issues((self._memo or {}).get(check))
        if recorded is not None:
            return recorded
        found = compute(self)
        self._remember(check, encode_issues(found))
        return found

    def facts(self):
        """metachecks.Facts of this file: recorded, else computed (then recorded)."""
        from ssvkg.validation.metachecks import decode_facts, file_facts

        known = decode_facts((self._memo or {}).get("facts"))
        if known is not None:
            return known
        doc = file_facts(self)
        self._remember("facts", doc)
        return decode_facts(doc)

    def _remember(self, part: str, value) -> None:
        if self._memo is None:
            self._memo = {}
        self._memo[part] = value
        self._dirty = True

    def save_memo(self) -> None:
        """Record what this run computed (only after the file parsed and facts exist)."""
        if self._dirty and self._memo and "facts" in self._memo:
            self.memo.put(MEMO_KIND, self.key, self._memo, self.salt)
            self._dirty = False


def open_inputs(paths, shown, max_mb: float | None, memo: Memo = NO_MEMO, salt: str = "") -> list[InputFile]:
    """InputFiles in order, each checked (or parsed, if not seen before with this content)
    at once, so a broken file stops the run with its error exactly where it did before."""
    out = []
    for p in paths:
        f = InputFile(p, shown(p), max_mb, memo, salt)
        if f.load_memo():
            f.check()
        else:
            f.read()
        out.append(f)
    return out


def memoized_issues(kind: str, files: list[InputFile], compute, memo: Memo = NO_MEMO,
                    salt: str = "") -> list[ValidationIssue]:
    """compute()'s issues, recorded under the content of all files together."""
    key = "\n".join(f.key for f in files)
    recorded = decode_issues(memo.get(kind, key, salt))
    if recorded is not None:
        return recorded
    found = compute()
    memo.put(kind, key, encode_issues(found), salt)
    return found


# ---------------------------------------------------------------- triples and their lines


class LineIndex:
    """A file's triples with the line of each: the parts of an rdflib Graph a Locator uses."""

    def __init__(self, triples_lines) -> None:
        self.lines: dict = {}
        self._by_s: dict = {}
        self._by_o: dict = {}
        for t, line in triples_lines:
            self.lines[t] = line
            self._by_s.setdefault(t[0], []).append(t)
            self._by_o.setdefault(t[2], []).append(t)

    def __iter__(self):
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __contains__(self, pattern) -> bool:
        if None not in pattern:
            return pattern in self.lines
        return next(self.triples(pattern), None) is not None

    def triples(self, pattern):
        s, p, o = pattern
        found = self._by_s.get(s, ()) if s is not None else self._by_o.get(o, ()) if o is not None \
            else self.lines
        for t in found:
            if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o):
                yield t

    def objects(self, subject=None, predicate=None):
        return (t[2] for t in self.triples((subject, predicate, None)))

    def encode(self) -> dict:
        ids: dict = {}
        flat = []
        for t, line in self.lines.items():
            for x in t:
                flat.append(ids.setdefault(x, len(ids)))
            flat.append(line)
        return {"terms": [enc(x) for x in ids], "triples": flat}

    @classmethod
    def decode(cls, doc) -> LineIndex | None:
        """The index recorded in doc, or None if doc is not exactly such a record."""
        try:
            terms = [dec(x) for x in doc["terms"]]
            flat = doc["triples"]
            if len(flat) % 4 or not all(n is None or isinstance(n, int) for n in flat[3::4]):
                return None
            return cls(((terms[flat[i]], terms[flat[i + 1]], terms[flat[i + 2]]), flat[i + 3])
                       for i in range(0, len(flat), 4))
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            return None


class _Located:
    def __init__(self, f: InputFile, index: LineIndex) -> None:
        self.path, self.shown, self.format, self._file = f.path, f.shown, f.format, f
        self.graph, self.lines = index, index.lines

    @property
    def text(self) -> str:
        return self._file.text
