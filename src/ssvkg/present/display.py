"""A query result as people read it: the columns' conventions, applied once for CLI and web.

The rules, which every named query follows (queries/README.md):

- ``X_en`` and ``X_zh``: one column ``X`` in the chosen language (the other language
  where a row has no value in it); a lone ``X_en`` is shown as ``X``; ``X_en`` beside an IRI
  column ``X`` is left out (``X`` is shown by its label in the chosen language); a label
  column that repeats another column in every row (``label`` beside ``program``) is shown once.
- ``value`` (or ``value_S``, ``total``) is a figure; the columns ``unit`` and ``qualifier``
  (``unit_S``, ``qualifier_S``) beside it hold the QUDT unit and the ssv:Qualifier concept
  IRI. The three are shown as one cell, "more than 3,300,000,000 yuan (3.3 billion)" /
  "超过3,300,000,000元（33亿元）": every digit, thousands separated, the short reading after.
- An IRI is shown by its label in the chosen language (a CBS pillar as "B · industries",
  an SDG goal as "SDG 11" where the graph has no name); a CURIE only where the graph has no label.
- A plain literal that is the skos:notation of one concept of the fixed schemes (ssvc:),
  such as ``period-total``, ``reported`` or ``B``, is shown by the concept's label
  ("total within the period", "B · industries"); ``source``/``sources`` holding
  dcterms:identifiers of source documents are shown as the documents' labels.
- A literal is shown without its language tag or datatype. An English literal that is the
  English label of a resource (``metric_en``, where the query returns no ``metric_zh``) is
  shown in the chosen language by that resource's label there.

Machine formats (csv, tsv, json) never come here: they keep full IRIs and typed values.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef

from ssvkg.present.labels import Labels
from ssvkg.present.numbers import figure, unit_word
from ssvkg.results.model import QueryResult
from ssvkg.results.terms import compact

SSV = "https://w3id.org/ssvkg/ontology#"
VALUE_COLUMNS = ("value", "total")
SOURCE_COLUMNS = ("source", "sources")
HEADERS_ZH = {  # column names in Chinese where no ontology property names them (else its @zh label)
    "about": "对象", "aggregation": "统计口径", "announced_at": "发布场合", "annual": "年度", "approximate": "近似",
    "attested_on": "证实日期", "basis": "依据", "change_percent": "变化(%)", "commitment": "承诺",
    "committed_by": "承诺方", "concerns": "涉及", "correct": "正确读法", "cumulative": "累计", "date": "日期",
    "declared": "已声明", "discrepancy": "差异", "entity": "实体", "erroneous": "错误读法", "event": "活动",
    "figures": "数字个数", "focus": "探索领域", "identifier": "编号", "inferred": "推断", "issued": "发布日期",
    "justification": "理由", "kind": "类型", "label": "名称", "language": "语言", "machine_translated": "机器翻译",
    "metric": "指标", "milestone": "里程碑", "missing": "缺少", "name": "名称", "object": "客体", "obs": "数据点",
    "organization": "组织", "organizers": "组织方", "part_of": "隶属", "part_of_basis": "隶属依据",
    "partner": "合作方", "period": "期间", "person": "人物", "pillar": "支柱", "post": "职务",
    "primary_report": "主要报告", "program": "项目", "programs": "项目数", "property": "属性",
    "published": "发布日期", "publisher": "发布方", "purpose": "目的", "qualifier": "限定词", "quotations": "引语数",
    "quote": "原文", "report": "报告", "reporting_year": "报告年份", "role": "角色", "said_in": "场合",
    "sdg": "可持续发展目标", "since": "起始", "source": "来源", "sources": "来源", "speaker": "发言人", "start": "开始",
    "statement": "陈述", "status": "状态", "subject": "主体", "summed": "可加总", "target_year": "目标年份",
    "tencent_party": "腾讯方", "text": "文本", "theme": "主题", "title": "标题", "total": "合计", "type": "类型",
    "unit": "单位", "until": "截至", "value": "数值", "value_from": "起始数值", "value_to": "结束数值", "year": "年份",
    "year_from": "起始年份", "year_to": "结束年份", "years": "年份",
}


@dataclass
class Display:
    headers: list[str]
    rows: list[list[str]]
    figures: list[bool]  # columns whose cells are figures (never wrapped inside a number)
    links: list[list[str | None]] | None = None  # per cell, the IRI it shows (for the web's links)


def _header(name: str, labels: Labels, lang: str) -> str:
    """The column's name; in Chinese, the label of the ontology property of that name
    (aggregation -> ssv:aggregation -> 汇总方式) or a word from HEADERS_ZH."""
    if lang == "en":
        return name
    if name in HEADERS_ZH:
        return HEADERS_ZH[name]
    first, *rest = name.split("_")
    prop = SSV + first + "".join(w[:1].upper() + w[1:] for w in rest)
    return labels.name(prop, lang) if prop in labels.names else name


def _base(var: str) -> tuple[str, str | None]:
    for lang in ("en", "zh"):
        if var.endswith("_" + lang):
            return var[:-3], lang
    return var, None


def _suffix(var: str) -> str | None:
    """'value' -> '', 'value_from' -> '_from', 'total' -> ''; None for other columns."""
    for name in VALUE_COLUMNS:
        if var == name:
            return ""
        if var.startswith(name + "_"):
            return var[len(name):]
    return None


class _Cells:
    def __init__(self, labels: Labels, lang: str, namespaces: dict[str, str]):
        self.labels, self.lang, self.namespaces = labels, lang, namespaces

    def term(self, term, column: str = "") -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            return self.labels.name(str(term), self.lang) or compact(str(term), self.namespaces)
        if isinstance(term, BNode):
            return f"_:{term}"
        text = str(term)
        if self.lang != "en" and (getattr(term, "language", None) or "").lower().startswith("en"):
            # a label the query returned in English only (metric_en): the graph's label in lang
            return self.labels.translate(text, self.lang) or text
        if isinstance(term, Literal) and not term.language and not term.datatype \
                and text in self.labels.concepts:
            # the notation of a concept of the fixed schemes (period-total, reported, B)
            return self.labels.name(self.labels.concepts[text], self.lang) or text
        if column in SOURCE_COLUMNS and text:
            docs = [self.labels.by_identifier.get(part) for part in text.split()]
            if all(docs):
                return "; ".join(self.labels.name(d, self.lang) or d for d in docs)
        return text

    def qualifier(self, term) -> str:
        if term is None or str(term) == "":
            return ""
        iri = str(term) if isinstance(term, URIRef) else self.labels.qualifiers.get(str(term))
        return (self.labels.name(iri, self.lang) if iri else None) or str(term)

    def unit(self, term) -> str:
        if term is None:
            return ""
        return unit_word(str(term), self.labels.names.get(str(term), []), self.lang)

    def figure(self, value, unit, qualifier) -> str:
        if value is None:
            return ""
        if not (isinstance(value, Literal) and value.datatype):
            return self.term(value)
        return figure(value, self.unit(unit), self.qualifier(qualifier), self.lang)


def present(result: QueryResult, labels: Labels, lang: str = "en") -> Display:
    """The SELECT result as header and cells in lang (see the module's rules)."""
    cells = _Cells(labels, lang, labels.namespaces or dict(result.namespaces))
    variables = list(result.vars)
    bases = {v: _base(v) for v in variables}
    # pairs X_en / X_zh -> one column X
    pairs: dict[str, dict[str, str]] = {}
    for v, (base, tag) in bases.items():
        if tag:
            pairs.setdefault(base, {})[tag] = v
    companions: set[str] = set()
    figure_of: dict[str, tuple[str | None, str | None]] = {}
    for v in variables:
        suffix = _suffix(v)
        if suffix is None:
            continue
        unit = next((u for u in (f"unit{suffix}", "unit") if u in variables), None)
        qual = next((q for q in (f"qualifier{suffix}", "qualifier") if q in variables), None)
        figure_of[v] = (unit, qual)
        companions.update(c for c in (unit, qual) if c)
    columns: list[tuple[str, list[str], bool]] = []  # header, variables (in order of preference), figure?
    done: set[str] = set()
    for v in variables:
        if v in done or v in companions:
            continue
        base, tag = bases[v]
        if tag and base in variables:
            done.add(v)  # X_en beside the IRI X: X is shown by its label in lang
            continue
        if tag and base in pairs:
            pair = pairs[base]
            order = [pair[t] for t in (lang, "zh" if lang == "en" else "en") if t in pair]
            done.update(order)
            columns.append((base, order, False))
        else:
            done.add(v)
            columns.append((v, [v], v in figure_of))
    rows, links = [], []
    for row in result.rows:
        out, iris = [], []
        for header, vs, is_figure in columns:
            if is_figure:
                unit, qual = figure_of[vs[0]]
                out.append(cells.figure(row.get(vs[0]), row.get(unit) if unit else None,
                                        row.get(qual) if qual else None))
                iris.append(None)
                continue
            text, iri = "", None
            for v in vs:
                text = cells.term(row.get(v), bases[v][0])
                if text:
                    iri = str(row[v]) if isinstance(row.get(v), URIRef) else None
                    break
            out.append(text)
            iris.append(iri)
        rows.append(out)
        links.append(iris)
    # a label column that repeats another column's text in every row (the label of the
    # program whose IRI is shown by its label) is shown once
    keep = [i for i, (_, vs, _) in enumerate(columns)
            if not (bases[vs[0]][1] and rows and any(
                j != i and all(r[i] == r[j] for r in rows) for j in range(len(columns))
                if not bases[columns[j][1][0]][1]))]
    headers = [_header(h, labels, lang) for h, _, _ in columns]
    return Display([headers[i] for i in keep], [[r[i] for i in keep] for r in rows],
                   [columns[i][2] for i in keep], [[r[i] for i in keep] for r in links])
