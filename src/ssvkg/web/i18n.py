"""The two page languages: interface words, picking a label, writing numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

UI = {
    "en": {
        "title": "Sustainable Social Value Knowledge Graph",
        "home": "Home", "queries": "Queries", "sparql": "SPARQL", "ontology": "Ontology",
        "search": "Search", "search_placeholder": "Search labels (English or 中文)",
        "types": "Browse by type", "instances": "Instances", "figures": "Figures",
        "linked_from": "Linked here", "this": "this", "facts": "Facts", "source": "Source",
        "sources": "Sources", "quote": "Source sentence", "metric": "Metric", "value": "Value",
        "period": "Period", "about": "About", "qualifier": "Qualifier", "aggregation": "Aggregation",
        "run": "Run query", "results": "Results", "download": "Download", "parameters": "Parameters",
        "no_results": "No results.", "rows": "rows", "chart": "Over time", "labels": "Labels",
        "formats": "This page as data", "not_found": "Not found", "error": "Error",
        "query_text": "SPARQL text", "results_for": "Results for", "triples": "triples",
        "graphs": "named graphs", "required": "required", "optional": "optional",
        "other_names": "Also known as", "outside_link": "Open the original IRI",
        "nothing_here": "The graph says nothing else about this resource.",
        "endpoint_help": "Read-only SPARQL 1.1 endpoint. Point any SPARQL client at this URL.",
        "api": "API (OpenAPI)", "entry_points": "Start here", "more": "more", "description": "About",
        "inferred": "inferred by the editors", "no_justification": "no justification given",
    },
    "zh": {
        "title": "可持续社会价值知识图谱",
        "home": "首页", "queries": "查询", "sparql": "SPARQL", "ontology": "本体",
        "search": "搜索", "search_placeholder": "搜索名称（中文或 English）",
        "types": "按类型浏览", "instances": "实例", "figures": "数据",
        "linked_from": "指向此项", "this": "此项", "facts": "属性", "source": "来源",
        "sources": "来源", "quote": "原文", "metric": "指标", "value": "数值",
        "period": "时期", "about": "对象", "qualifier": "限定", "aggregation": "汇总方式",
        "run": "运行查询", "results": "结果", "download": "下载", "parameters": "参数",
        "no_results": "没有结果。", "rows": "行", "chart": "随时间变化", "labels": "名称",
        "formats": "本页数据", "not_found": "未找到", "error": "错误",
        "query_text": "SPARQL 文本", "results_for": "搜索结果：", "triples": "三元组",
        "graphs": "命名图", "required": "必填", "optional": "可选",
        "other_names": "别名", "outside_link": "打开原始 IRI",
        "nothing_here": "图谱中没有关于此资源的其他信息。",
        "endpoint_help": "只读 SPARQL 1.1 端点，可用任何 SPARQL 客户端访问此地址。",
        "api": "API (OpenAPI)", "entry_points": "从这里开始", "more": "更多", "description": "简介",
        "inferred": "编辑推断", "no_justification": "未说明理由",
    },
}

# Units the graph uses, when it has no label for them.
UNIT_WORDS = {
    "http://qudt.org/vocab/currency/CNY": {"en": "yuan", "zh": "元"},
    "http://qudt.org/vocab/unit/NUM": {"en": "", "zh": ""},
    "http://qudt.org/vocab/unit/PERCENT": {"en": "%", "zh": "%"},
    "http://qudt.org/vocab/unit/YR": {"en": "years", "zh": "年"},
}


def unit_word(iri: str, labels: list[Literal], lang: str) -> str:
    """What to write after a number: the graph's label, a known word, else the IRI's last part."""
    if iri in UNIT_WORDS:
        return UNIT_WORDS[iri][lang]
    best = pick(labels, lang)
    return str(best) if best is not None else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def lang_matches(tag: str | None, lang: str) -> bool:
    return bool(tag) and tag.lower().split("-")[0] == lang


def pick(literals: list[Literal], lang: str) -> Literal | None:
    """The literal to show in lang: same language, else untagged, else English, else any."""
    if not literals:
        return None
    for test in (lambda l: lang_matches(l.language, lang), lambda l: not l.language,
                 lambda l: lang_matches(l.language, "en")):
        for lit in literals:
            if test(lit):
                return lit
    return literals[0]


def number(value: Literal) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: Decimal) -> str:
    """1234567 -> 1,234,567; 24.40 -> 24.4."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def compact_number(value: Decimal, lang: str) -> str:
    """A short reading of a big number: 3.3 billion / 33亿; '' if nothing to add."""
    v = abs(value)
    steps = ([(Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")] if lang == "zh"
             else [(Decimal(10) ** 9, " billion"), (Decimal(10) ** 6, " million")])
    for size, word in steps:
        if v >= size:
            short = (value / size).quantize(Decimal("0.01")).normalize()
            return f"{short:f}{word}"
    return ""
