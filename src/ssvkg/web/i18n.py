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
        "since": "since {start}", "editors_notes": "Editors' notes", "curated": "assigned by the editors",
        "company": "The reporting company",
        "nav_figures": "Figures", "nav_types": "Types", "endpoint": "SPARQL endpoint", "read_only": "read-only",
        "language": "Language", "shown": "shown",
        "cbs_intro": "Start from a pillar: its programs, and a few of their latest reported figures.",
        "programs": "Programs", "headline_figures": "Latest figures", "all_programs": "all {n} programs",
        "focus_areas": "Focus areas", "reports": "Reports", "source_documents": "Source documents",
        "timeline": "Timeline", "find": "Find anything", "figures_overview": "All figures, by metric and year",
        "figures_intro": "Every figure the sources state, one row per metric and one column per year. Each value links to its figure and its source sentence. Cumulative figures show the window they cover; targets are listed apart from results.",
        "results_table": "Results", "targets_table": "Targets and commitments", "window": "window",
        "types_intro": "Everything in the graph, by RDF type.", "figures_count": "{n} figures",
        "programs_count": "{n} programs", "open_figure": "figure", "year": "Year",
        "chart_more_than": "open marker: a lower bound (more than, at least)",
        "chart_nearly": "open marker: an upper bound (nearly)",
        "chart_target": "dashed, hollow: a target", "chart_window": "window",
        "chart_separate": "figures with different windows are separate points, never joined",
        "release": "Release", "dumps": "Downloads (dumps, VoID)", "changes": "Changes",
        "static_note": "A static copy of the graph: the example results were computed when the release was built, with the parameters below.",
        "example_with": "Example results, with",
        "default": "default", "choices": "Values", "search_static": "Type words in the box; without JavaScript, every resource is listed below.",
        "found": "found",
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
        "since": "{start}起", "editors_notes": "编辑注记", "curated": "编辑指定", "company": "报告企业",
        "nav_figures": "数据总览", "nav_types": "类型", "endpoint": "SPARQL 端点", "read_only": "只读",
        "language": "语言", "shown": "已显示",
        "cbs_intro": "从一个支柱开始：它的项目，以及这些项目最新报告的几个数据。",
        "programs": "项目", "headline_figures": "最新数据", "all_programs": "全部 {n} 个项目",
        "focus_areas": "探索领域", "reports": "报告", "source_documents": "来源文件",
        "timeline": "时间线", "find": "搜索", "figures_overview": "全部数据：按指标和年份",
        "figures_intro": "来源中陈述的每一个数据，每个指标一行，每个年份一列。每个数值都链接到该数据及其原文句子。累计数据标出所覆盖的时间窗口；目标与实际结果分开列出。",
        "results_table": "实际结果", "targets_table": "目标与承诺", "window": "时间窗口",
        "types_intro": "图谱中的一切，按 RDF 类型列出。", "figures_count": "{n} 个数据",
        "programs_count": "{n} 个项目", "open_figure": "数据", "year": "年份",
        "chart_more_than": "空心标记：下限（超过、至少）",
        "chart_nearly": "空心标记：上限（近）",
        "chart_target": "虚线、空心：目标", "chart_window": "时间窗口",
        "chart_separate": "时间窗口不同的数据各自成点，从不连线",
        "release": "发布版本", "dumps": "下载（数据转储、VoID）", "changes": "变更",
        "static_note": "这是图谱的静态副本：示例结果在构建发布版本时按下列参数计算。",
        "example_with": "示例结果，参数为",
        "default": "默认值", "choices": "可选值", "search_static": "在搜索框中输入词语；未启用 JavaScript 时，下方列出全部资源。",
        "found": "找到",
    },
}

# Numbers, units and labels are written by the one presentation layer (CLI and web alike).
from ssvkg.present.numbers import (  # noqa: E402
    UNIT_WORDS, compact_number, format_number, lang_matches, number, pick, unit_word,
)

# Column names in Chinese: the presentation layer's words (one list for tables, charts and
# pages; a name ending in _en / _zh / _from / _to is the base name and a note).
from ssvkg.present.display import HEADERS_ZH as COLUMNS_ZH  # noqa: E402

_COLUMN_NOTES_ZH = {"en": "（英文）", "zh": "（中文）", "from": "（前）", "to": "（后）"}


def column_name(var: str, lang: str) -> str:
    """A result column's header: the variable itself in English, its Chinese name in Chinese."""
    if lang != "zh":
        return var
    if var in COLUMNS_ZH:
        return COLUMNS_ZH[var]
    base, _, note = var.rpartition("_")
    if base in COLUMNS_ZH and note in _COLUMN_NOTES_ZH:
        return COLUMNS_ZH[base] + _COLUMN_NOTES_ZH[note]
    return var


# The tags of the named queries (#+ tags:), in Chinese.
TAGS_ZH = {
    "figures": "数据", "provenance": "出处", "programs": "项目", "timeline": "时间线", "quality": "质量",
    "people": "人物", "curated": "编辑判断", "cbs": "CBS", "trends": "趋势", "totals": "合计", "strategy": "战略",
    "search": "搜索", "sdg": "可持续发展目标", "research": "研发", "reports": "报告", "rdf": "RDF",
    "quotations": "引语", "philanthropy": "公益", "partners": "合作伙伴", "organization": "组织",
    "labels": "名称", "focus-areas": "探索领域", "events": "活动", "consistency": "一致性",
    "commitments": "承诺", "climate": "气候",
}


# A literal's language, named for readers (the page shows no BCP 47 tags).
LANGUAGE_NAMES = {
    "en": {"en": "English", "zh": "英文"},
    "zh": {"en": "Chinese", "zh": "中文"},
    "zh-hans": {"en": "Chinese, simplified", "zh": "简体中文"},
    "zh-hant": {"en": "Chinese, traditional", "zh": "繁体中文"},
}


def language_name(tag: str, lang: str) -> str:
    names = LANGUAGE_NAMES.get(tag.lower()) or LANGUAGE_NAMES.get(tag.lower().split("-")[0])
    return names["zh" if lang == "zh" else "en"] if names else tag


def tag_name(tag: str, lang: str) -> str:
    return TAGS_ZH.get(tag, tag) if lang == "zh" else tag

__all__ = ["LANGS", "DEFAULT_LANG", "UI", "UNIT_WORDS", "compact_number", "format_number",
           "lang_matches", "number", "pick", "unit_word", "column_name", "tag_name", "language_name"]
