"""The two page languages: interface words, picking a label, writing numbers."""

from __future__ import annotations

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

# Numbers, units and labels are written by the one presentation layer (CLI and web alike).
from ssvkg.present.numbers import (  # noqa: E402
    UNIT_WORDS, compact_number, format_number, lang_matches, number, pick, unit_word,
)

__all__ = ["LANGS", "DEFAULT_LANG", "UI", "UNIT_WORDS", "compact_number", "format_number",
           "lang_matches", "number", "pick", "unit_word"]
