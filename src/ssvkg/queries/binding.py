"""Binding parameters: one meaning, the same query text for every engine.

A query's parameter values become RDF terms (ssvkg.queries.params checks each
value against its type) and go into the query as a VALUES block opening its WHERE
group:

    SELECT ?obs WHERE { VALUES (?_year_xsd_gYear) { ("2022"^^<…#gYear>) } ?obs … }

That is what a parameter means, on every engine: the variable has that value in
the whole WHERE group, as if a triple pattern had bound it there; an optional
parameter left out is not in the block and stays unbound (so
`FILTER(!BOUND(?__x) || …)` is true). The engines (Oxigraph, rdflib, a remote
store) receive only this final text: there is no other way of binding.

Terms are written by Oxigraph's N-Triples serializer, so a value is always one term
and never query syntax; two spots where SPARQL readers disagree are rewritten (see
_same_for_every_reader: `\\u` in a value, and control characters). Where a block
goes comes from ssvkg.gate.lexer's tokens (strings, IRIs, comments and prefixed
names are whole tokens, so their braces, quotes and `#` are never structure).

What a VALUES block cannot mean is refused (QueryError, one sentence) rather than
run with another meaning: a parameter used inside a subquery that does not select
it (or that has LIMIT or OFFSET), in a FILTER or BIND of a nested group or UNION
branch that does not bind it itself, inside an OPTIONAL or MINUS whose left side
does not bind it, or after GROUP BY without being a group key. There the value of
the WHERE group does not reach the variable, where substituting the value (what
Oxigraph's path did before) would have used it; none of the named queries in
queries/ uses a parameter that way.

The same block is also repeated at the start of each nested group (a plain group, a
UNION branch, an OPTIONAL, a GRAPH group; never inside a subquery, MINUS or EXISTS)
that uses the parameter. This changes no answer: such a group is joined (or
left-joined) with the WHERE group, where the variable already has that one value,
and the refusals above ensure the group uses the variable only where it is bound;
joining once more with the same value is the identity. It helps the engines:
Oxigraph evaluates an OPTIONAL or UNION branch on its own before joining it, so with
one block only figure-provenance took 48 s instead of 0.007 s at 100k triples (and
was killed at 24 GB at 1M); rdflib 7.6 drops rows of an OPTIONAL that uses a VALUES
variable of its left side (its algebra does not list VALUES variables), which the
block inside the OPTIONAL avoids. Measurements: benchmarks/NOTES.md.

Checks, so that a misplaced or misread block is an error, never a different query:
once per shape (the text and the names bound), the gate checks a bound text in full
(rdflib parses it), rdflib's algebra of it must show every block where it was meant
to be with exactly the given terms, and the refusals are decided on it (the verdict
is kept in the memo given, as the gate's own). For every bound text: each term is one
token of a form that rdflib and Oxigraph read alike, Oxigraph parses the whole text
and reads the terms back, and the gate's checks on the characters (valid text,
length and nesting, no SERVICE) run on it (ssvkg.gate.sparql.check_bound). Parsing
every value's text with rdflib instead cost 0.1-0.2 s per new value and page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Node

from ssvkg.errors import QueryError
from ssvkg.memo import NO_MEMO, Memo
from ssvkg.gate.lexer import tokens
from ssvkg.gate.sparql import check, check_query_limits

BINDING_FORMAT = 1  # in the memo's key: a change to what is checked here re-checks


# ------------------------------------------------------------------ terms


def term_text(term: Node) -> str:
    """An IRI or literal as one SPARQL term token (N-Triples form, by Oxigraph's serializer)."""
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query parameter.")
    if not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"cannot bind {term!r} as a query parameter.")
    from ssvkg.store.terms import to_ox

    try:
        written = str(to_ox(term))
    except ValueError as e:  # an IRI Oxigraph will not hold
        raise QueryError(f"cannot bind {str(term)!r}: {str(e).rstrip('.')}.") from None
    if isinstance(term, Literal):
        written = _same_for_every_reader(written)
    if not _ONE_TERM.fullmatch(written):
        raise QueryError(f"cannot write {term!r} as one SPARQL term.")
    return written


def _same_for_every_reader(written: str) -> str:
    r"""An N-Triples literal, rewritten where SPARQL readers disagree about \u escapes.

    SPARQL (§19.2) expands \uXXXX and \UXXXXXXXX before parsing, anywhere: rdflib does,
    Oxigraph only inside strings. So a value holding the six characters `\u0022`, which
    N-Triples writes `"\\u0022"`, is that text to Oxigraph and a quote (ending the
    string) to rdflib; and Oxigraph's `\u0001` for a control character is an escape the
    gate refuses. Here the letter u (or U) after an escaped backslash is written
    `\U00000075` (eight digits, which every reader takes as exactly one letter, and the
    gate allows), and a control character is written as itself (a string may hold it)."""
    out, i = [], 0
    while i < len(written):
        c = written[i]
        if c != "\\" or i + 1 >= len(written):
            out.append(c)
            i += 1
            continue
        nxt = written[i + 1]
        if nxt == "u" and i + 6 <= len(written):
            out.append(chr(int(written[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "U" and i + 10 <= len(written):
            out.append(chr(int(written[i + 2:i + 10], 16)))
            i += 10
        else:
            out.append(written[i:i + 2])
            i += 2
            if nxt == "\\" and i < len(written) and written[i] in "uU":
                out.append(f"\\U{ord(written[i]):08X}")
                i += 1
    return "".join(out)


_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
# The only forms term_text writes: one token (an IRI, or a string with its language tag or
# datatype) whose escapes every reader reads alike (no \u escape but the letters u and U).
_ONE_TERM = re.compile(
    rf'{_IRI}|"(?:[^"\\\n\r]|\\[tbnrf"\\]|\\U000000(?:75|55))*"(?:@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*|\^\^{_IRI})?')


def values_block(bindings: Mapping[str, Node]) -> str:
    """`VALUES (?a ?b) { (term term) }` for variable name -> term, names sorted."""
    names = sorted(bindings)
    for n in names:
        if not _is_var_name(n):
            raise QueryError(f"{n!r} is not a SPARQL variable name.")
    return _block(names, {n: term_text(bindings[n]) for n in names})


def _is_var_name(name: str) -> bool:
    found = list(tokens(f"?{name}"))
    return len(found) == 1 and found[0].kind == "var" and found[0].var_name == name


# ------------------------------------------------------------------ groups, from tokens


@dataclass
class _Group:
    kind: str  # where, template, group, optional, graph, minus, exists, subquery, data, service
    open: int  # offset of its "{"
    parent: _Group | None
    vars: set[str] = field(default_factory=set)  # variables used anywhere inside

    def reaches_where(self) -> bool:
        """A plain group, UNION branch, OPTIONAL or GRAPH group all the way up to WHERE."""
        g = self
        while g is not None and g.kind in ("group", "optional", "graph"):
            g = g.parent
        return g is not None and g.kind == "where" and g is not self


def _groups(text: str, kind: str) -> list[_Group]:
    """The query's brace groups in text order, each with what kind of group it is."""
    toks = list(tokens(text))
    stack: list[_Group] = []
    out: list[_Group] = []
    for i, t in enumerate(toks):
        if t.kind == "punct" and t.text == "{":
            g = _Group(_kind_of_group(toks, i, stack, out, kind), t.start, stack[-1] if stack else None)
            stack.append(g)
            out.append(g)
        elif t.kind == "punct" and t.text == "}":
            if not stack:
                raise QueryError("cannot bind parameters: the query's braces do not balance.")
            stack.pop()
        elif t.kind == "var":
            for g in stack:
                g.vars.add(t.var_name)
        elif t.is_word("SELECT") and stack and i and toks[i - 1].text == "{":
            stack[-1].kind = "subquery"  # { SELECT … }: a subquery, its own scope
    if stack:
        raise QueryError("cannot bind parameters: the query's braces do not balance.")
    return out


def _kind_of_group(toks, i: int, stack: list[_Group], seen: list[_Group], query_kind: str) -> str:
    prev = toks[i - 1] if i else None
    before = toks[i - 2] if i > 1 else None
    if prev is None:
        return "group"
    if _opens_data_block(toks, i):
        return "data"
    if prev.is_word("OPTIONAL"):
        return "optional"
    if prev.is_word("MINUS"):
        return "minus"
    if prev.is_word("EXISTS"):
        return "exists"
    if prev.is_word("SERVICE", "SILENT") or (before is not None and before.is_word("SERVICE", "SILENT")):
        return "service"
    if prev.kind in ("var", "iri", "pname") and before is not None and before.is_word("GRAPH"):
        return "graph"
    if not stack:  # a group of the query itself
        if prev.is_word("CONSTRUCT"):
            return "template"
        if any(g.kind == "where" for g in seen):
            return "group"  # not expected: the parser will say what is wrong
        if query_kind == "CONSTRUCT" and not any(g.kind == "template" for g in seen):
            raise QueryError("cannot bind parameters in the CONSTRUCT WHERE short form: "
                             "write CONSTRUCT { template } WHERE { pattern }.")
        return "where"
    return "group"


def _opens_data_block(toks, i: int) -> bool:
    """VALUES ?x {  or  VALUES (?x ?y) {"""
    j = i - 1
    if toks[j].kind == "var":
        return j > 0 and toks[j - 1].is_word("VALUES")
    if toks[j].text != ")":
        return False
    j -= 1
    while j >= 0 and toks[j].kind == "var":
        j -= 1
    return j > 0 and toks[j].text == "(" and toks[j - 1].is_word("VALUES")


# ------------------------------------------------------------------ binding


def bind_text(text: str, bindings: Mapping[str, Node] | None, where: str = "", memo: Memo = NO_MEMO) -> str:
    """text with bindings (variable name without "?" -> IRI or literal) as VALUES blocks.

    The result is checked (see _check_bound); where prefixes messages; memo may keep
    the verdict on the query's shape from one process to the next."""
    if not bindings:
        return text
    bindings = dict(bindings)
    names = tuple(sorted(bindings))
    try:
        sites = _sites(text, names, where)
    except QueryError:
        check(text, where)  # a text that is not a query: the gate's own message
        raise
    written = {n: term_text(bindings[n]) for n in names}
    bound = text
    for at, block_names in reversed(sites):
        bound = bound[:at + 1] + " " + _block(block_names, written) + bound[at + 1:]
    return _check_bound(bound, text, bindings, sites, where, memo)


def _block(names, written: Mapping[str, str]) -> str:
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(written[n] for n in names)}) }}"


@lru_cache(maxsize=512)
def _sites(text: str, names: tuple[str, ...], where: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where the blocks go, in text order: (offset of a group's "{", the names its block binds).
    The first is the WHERE group's, with every name."""
    for n in names:
        if not _is_var_name(n):
            raise QueryError(f"{where}{n!r} is not a SPARQL variable name.")
    form = next((t.text.upper() for t in tokens(text)
                 if t.is_word("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
    try:
        groups = _groups(text, form)
    except QueryError as e:
        raise QueryError(f"{where}{e}") from None
    top = next((g for g in groups if g.kind == "where"), None)
    if top is None:
        raise QueryError(f"{where}cannot bind parameters: the query has no WHERE group.")
    sites = [(top.open, names)]
    for g in groups:
        used = tuple(n for n in names if n in g.vars)
        if used and g.reaches_where():
            sites.append((g.open, used))
    return tuple(sorted(sites))


class _Misplaced(Exception):
    """The bound text is not what binding meant to write: a fault of this module, said loudly."""


# ------------------------------------------------------------------ checking the bound text


def _check_bound(bound: str, text: str, bindings: Mapping[str, Node], sites, where: str = "",
                 memo: Memo = NO_MEMO) -> str:
    """bound, once checked; QueryError if it is not text with bindings placed at sites.

    For each shape (the text and the names bound) once: the gate checks a bound text in
    full (rdflib parses it), its algebra must show each block where it was meant to be
    with exactly the given terms, and what a VALUES block cannot mean is refused; the
    verdict is kept in the memo given, as the gate's own is. For every bound text: each term
    is one token of the forms that both readers read alike (term_text), Oxigraph parses
    the whole text and reads the block's terms back, and the gate's checks on the
    characters run on it (ssvkg.gate.sparql.check_bound), which records it as checked
    for the engines."""
    from ssvkg.gate.sparql import check_bound as gate_check_bound

    names = tuple(sorted(bindings))
    try:
        _oxigraph_reads(bound, text, bindings)
    except _Misplaced as e:
        raise _fault(e, where) from None
    template = _verified_shape(bound, text, names, bindings, sites, where, memo)
    return gate_check_bound(bound, template, names, where).text


def _fault(e: Exception, where: str) -> QueryError:
    return QueryError(f"{where}cannot bind parameters here: {str(e).rstrip('.')} "
                      "(a fault of ssvkg; please report it).")


_SHAPES: dict = {}  # (text, names) -> the gate's verdict on text, once a bound text of that shape passed
_MAX_SHAPES = 1024


def _verified_shape(bound: str, text: str, names: tuple, bindings, sites, where: str, memo: Memo):
    key = (text, names)
    known = _SHAPES.get(key)
    if known is not None:
        return known
    salt = f"binding {BINDING_FORMAT} {_rdflib_version()}"
    memo_key = json.dumps([text, list(names)], ensure_ascii=False)
    if memo.get("binding", memo_key, salt) == "ok":
        template = check(text, where)  # passed before: from the memo, not parsed again
    else:
        from ssvkg.gate.sparql import _prepare

        check_query_limits(bound, where)  # a long value makes a long query: the user's to know
        try:
            template = check(bound, where)  # syntax, read-only, no SERVICE: the gate, in full
        except QueryError as e:
            check(text, where)  # the text itself does not pass: the gate's message on it
            raise _fault(e, where) from None
        try:
            algebra = _prepare(bound).algebra
            ours = _placed_blocks(algebra, {Variable(n): t for n, t in bindings.items()}, len(sites) - 1)
        except _Misplaced as e:
            raise _fault(e, where) from None
        _refuse_what_values_cannot_mean(algebra, set(names), ours, where, _sampled(text))
        memo.put("binding", memo_key, "ok", salt)
    if len(_SHAPES) >= _MAX_SHAPES:
        _SHAPES.clear()
    _SHAPES[key] = template
    return template


def _rdflib_version() -> str:
    import rdflib

    return rdflib.__version__


@lru_cache(maxsize=1)
def _empty_store():
    """An empty in-memory Oxigraph store, made once: queries on it only parse."""
    import pyoxigraph as ox

    return ox.Store()


def _oxigraph_reads(bound: str, text: str, bindings: Mapping[str, Node]) -> None:
    """Oxigraph parses the bound text (unless it cannot parse text either: then the
    Oxigraph engine says so), and reads the terms of a block as the given ones (queries
    on an empty store: a millisecond)."""
    from ssvkg.store.terms import to_ox

    empty = _empty_store()
    try:
        empty.query(bound)
    except SyntaxError as e:
        if _oxigraph_parses(text):
            raise _Misplaced(f"Oxigraph cannot parse the bound query: {str(e).splitlines()[0]}") from None
    names = sorted(bindings)
    written = {n: term_text(bindings[n]) for n in names}
    sols = list(empty.query(f"SELECT * WHERE {{ {_block(names, written)} }}"))
    if len(sols) != 1 or any(sols[0][n] != to_ox(bindings[n]) for n in names):
        raise _Misplaced("Oxigraph reads the parameter values as other terms")


@lru_cache(maxsize=256)
def _oxigraph_parses(text: str) -> bool:
    try:
        _empty_store().query(text)
        return True
    except SyntaxError:
        return False


# Operators whose first operand is the rest of the same group (the block opens it).
_CHAIN_FIRST = {"Join": "p1", "LeftJoin": "p1", "Minus": "p1"}
_UNARY = ("Project", "Distinct", "Reduced", "Slice", "OrderBy", "Filter", "Extend",
          "AggregateJoin", "Group", "SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")


def _is_block(node) -> bool:
    return _name(node) == "ToMultiSet" and _name(node.p) == "values"


def _group_start(algebra):
    """The WHERE group's first member, below the solution modifiers."""
    node = algebra
    while True:
        name = _name(node)
        if name in _CHAIN_FIRST:
            node = node[_CHAIN_FIRST[name]]
        elif name in _UNARY:
            node = node.p
        else:
            return node


def _placed_blocks(algebra, row: dict, copies: int) -> set[int]:
    """ids of the blocks we placed; QueryError unless the first opens the WHERE group with
    exactly row and the repeats are row's terms in groups joined with it."""
    node = _group_start(algebra)
    if not _is_block(node) or node.p.res != [row]:
        raise _Misplaced("the VALUES block is not where it was meant to be, or holds other terms")
    found = {id(node)}
    for n, banned in _patterns(algebra, False):
        if n is node or not _is_block(n) or len(n.p.res) != 1:
            continue
        values = n.p.res[0]
        if values and all(row.get(k) == v for k, v in values.items()):
            if banned:
                raise _Misplaced("a repeated VALUES block landed in a MINUS, EXISTS or subquery")
            found.add(id(n))
    if len(found) != copies + 1:
        raise _Misplaced(f"expected {copies + 1} VALUES blocks, rdflib reads {len(found)}")
    return found


def _patterns(node, banned: bool):
    """(pattern node, inside a MINUS's right side, EXISTS or subquery?) for every algebra node."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [(node, banned)]
    while stack:
        n, b = stack.pop()
        if not isinstance(n, CompValue):
            if isinstance(n, (list, tuple)):
                stack.extend((x, b) for x in n)
            continue
        yield n, b
        name = n.name
        for key, child in n.items():
            if key == "_vars":
                continue
            inner = b or (name == "Minus" and key == "p2") \
                or (name == "ToMultiSet" and _name(child) != "values") \
                or name in ("Builtin_EXISTS", "Builtin_NOTEXISTS")
            stack.append((child, inner))


def _name(node) -> str | None:
    return getattr(node, "name", None)


# ------------------------------------------------------------------ scope: what VALUES can mean


def _vars_in(node) -> set[str]:
    """Every variable under node (patterns and expressions, subqueries included)."""
    from ssvkg.gate.sparql import _walk

    return {str(n) for n in _walk(node) if isinstance(n, Variable)}


def _expr_vars(expr) -> tuple[set[str], list]:
    """Variables an expression reads, and the EXISTS patterns in it (read on their own)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    found, exists, stack = set(), [], [expr]
    while stack:
        n = stack.pop()
        if isinstance(n, Variable):
            found.add(str(n))
        elif isinstance(n, CompValue):
            if n.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                exists.append(n.graph)
                continue
            stack.extend(v for k, v in n.items() if k != "_vars")
        elif isinstance(n, (list, tuple)):
            stack.extend(n)
    return found, exists


def _refuse_what_values_cannot_mean(algebra, params: set[str], ours: set[int], where: str,
                                    sampled: frozenset = frozenset()) -> None:
    """QueryError for the first use of a parameter that the VALUES block opening the WHERE
    group does not reach (sampled: the variables the text itself writes as SAMPLE(?x))."""
    certain_memo: dict[int, frozenset] = {}

    def certain(node) -> frozenset:
        """Variables bound in every solution of node (our repeated blocks count for nothing)."""
        key = id(node)
        if key not in certain_memo:
            certain_memo[key] = frozenset(_certain(node))
        return certain_memo[key]

    def _certain(node) -> set:
        name = _name(node)
        if name == "BGP":
            return {str(x) for t in node.triples for x in t if isinstance(x, Variable)}
        if name == "Join":
            return certain(node.p1) | certain(node.p2)
        if name in ("LeftJoin", "Minus"):
            return set(certain(node.p1))
        if name == "Union":
            return certain(node.p1) & certain(node.p2)
        if name == "Graph":
            return certain(node.p) | ({str(node.term)} if isinstance(node.term, Variable) else set())
        if name == "ToMultiSet":
            if _name(node.p) == "values":
                if id(node) in ours and id(node) != top_id:
                    return set()
                rows = node.p.res
                return set.intersection(*({str(k) for k, v in r.items() if v is not None} for r in rows)) \
                    if rows else set()
            return set(certain(node.p))
        if name == "Project":
            return certain(node.p) & {str(v) for v in node.PV}
        if name in ("Distinct", "Reduced", "Slice", "OrderBy", "Filter", "Group"):
            return set(certain(node.p))
        if name == "Extend":
            got = set(certain(node.p))
            if isinstance(node.expr, Variable) and str(node.expr) in got:
                got.add(str(node.var))
            return got
        if name == "AggregateJoin":  # after GROUP BY: the aggregates (group keys come as samples)
            return {str(a.res) for a in node.A}
        return set()

    def refuse(var: str, place: str, advice: str = "use it in the WHERE group itself, or bind it "
                                                     "in that group first") -> QueryError:
        return QueryError(f"{where}parameter ?{var} is used {place}, which a value given to the query's "
                          f"WHERE group does not reach; {advice.replace('?x', '?' + var)}.")

    def expression(expr, operand, outer: frozenset, place: str) -> None:
        used, exists = _expr_vars(expr)
        seen = certain(operand) | outer
        for v in sorted((used & params) - seen):
            raise refuse(v, place)
        for graph in exists:
            for v in sorted((_vars_in(graph) & params) - seen):
                raise refuse(v, "in FILTER EXISTS or NOT EXISTS of a group that does not bind it")
            subqueries(graph)

    def subqueries(node) -> None:
        """A parameter inside a subquery must be one of its selected variables."""
        for n in _walk_comp(node):
            name = _name(n)
            if name == "ToMultiSet" and _name(n.p) != "values":
                selected = _selected(n.p)
            elif name == "SubSelect":  # EXISTS patterns may still be rdflib's parse tree
                selected = None if not n.get("projection") else \
                    {str(p.get("var") or p.get("evar")) for p in n.projection}
            else:
                continue
            inner = _vars_in(n) & params
            for v in sorted(inner - selected if selected is not None else set()):
                raise refuse(v, "inside a subquery that does not select it", "select ?x in the subquery")
            if inner and _sliced(n.p if name == "ToMultiSet" else n):
                raise refuse(sorted(inner)[0], "inside a subquery with LIMIT or OFFSET",
                             "the subquery would pick its rows before the value is joined")

    def walk(node, outer: frozenset) -> None:
        name = _name(node)
        if name in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery", "Project",
                    "Distinct", "Reduced", "Slice", "Graph"):
            walk(node.p, outer)
        elif name in ("Join", "Union"):
            walk(node.p1, outer)
            walk(node.p2, outer)
        elif name in ("LeftJoin", "Minus"):
            walk(node.p1, outer)
            kind = "an OPTIONAL" if name == "LeftJoin" else "a MINUS"
            for v in sorted((_vars_in(node.p2) & params) - certain(node.p1) - outer):
                raise refuse(v, f"inside {kind} whose left side does not bind it",
                             "bind ?x before it in the same group")
            walk(node.p2, frozenset() if name == "Minus" else outer)
            if name == "LeftJoin" and node.expr is not None:
                both = certain(node.p1) | certain(node.p2)
                used, exists = _expr_vars(node.expr)
                for v in sorted((used & params) - both - outer):
                    raise refuse(v, "in the FILTER of an OPTIONAL that does not bind it")
                for graph in exists:
                    subqueries(graph)
        elif name == "Filter":
            expression(node.expr, node.p, outer, "in a FILTER (or HAVING) of a group that does not bind it")
            walk(node.p, outer)
        elif name == "Extend":
            expression(node.expr, node.p, outer, "in a BIND or SELECT expression where it is not bound "
                                                 "(in a nested group, or after GROUP BY)")
            walk(node.p, outer)
        elif name == "OrderBy":
            for cond in node.expr:
                expression(cond, node.p, outer, "in ORDER BY after GROUP BY")
            walk(node.p, outer)
        elif name == "Group":
            expression(node.expr or [], node.p, outer, "in GROUP BY where it is not bound")
            walk(node.p, outer)
        elif name == "AggregateJoin":
            group = node.p
            keys = {str(k) for k in (group.get("expr") or []) if isinstance(k, Variable)} \
                if _name(group) == "Group" else set()
            for agg in node.A:
                # rdflib reads a variable that is not a group key in HAVING or the SELECT list
                # as SAMPLE(?x) (the value), Oxigraph as unbound: refused unless written SAMPLE.
                v = str(agg.vars) if isinstance(agg.get("vars"), Variable) else None
                if agg.name == "Aggregate_Sample" and v in params and v not in keys and v not in sampled:
                    raise refuse(v, "after GROUP BY (in HAVING or the SELECT list) without being a group key",
                                 "group by ?x, or write SAMPLE(?x)")
                expression(agg.vars, group.p if _name(group) == "Group" else group, outer,
                           "in an aggregate where it is not bound")
            walk(group, outer)
        elif name == "ToMultiSet":
            if _name(node.p) != "values":
                subqueries(node)
                walk(node.p, frozenset())

    top_id = id(_group_start(algebra))
    walk(algebra, frozenset())


def _sampled(text: str) -> frozenset:
    """Variables written SAMPLE(?x) or SAMPLE(DISTINCT ?x) in text."""
    toks = list(tokens(text))
    out = set()
    for i, t in enumerate(toks):
        if t.is_word("SAMPLE") and i + 2 < len(toks) and toks[i + 1].text == "(":
            j = i + 3 if toks[i + 2].is_word("DISTINCT") else i + 2
            if j < len(toks) and toks[j].kind == "var":
                out.add(toks[j].var_name)
    return frozenset(out)


def _selected(node) -> set[str] | None:
    """The variables a subquery selects (None: all of them)."""
    while _name(node) in ("Distinct", "Reduced", "Slice", "OrderBy"):
        node = node.p
    if _name(node) == "Project":
        return {str(v) for v in node.PV}
    return None


def _sliced(node) -> bool:
    """A subquery with LIMIT or OFFSET (algebra, or rdflib's parse tree inside EXISTS)."""
    if _name(node) == "SubSelect":
        return bool(node.get("limitoffset"))
    while _name(node) in ("Distinct", "Reduced", "Slice", "OrderBy", "Project"):
        if _name(node) == "Slice":
            return True
        node = node.p
    return False


def _walk_comp(node):
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            yield n
            stack.extend(v for k, v in n.items() if k != "_vars")
        elif isinstance(n, (list, tuple)):
            stack.extend(n)
