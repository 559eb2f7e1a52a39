"""The words the ontology pages add, in English and Chinese, and pyLODE's own headings in Chinese."""

from __future__ import annotations

import re

UI = {
    "en": {
        "language_name": "English",
        "shapes": "Shapes that apply",
        "no_shapes": "No shape applies to this class.",
        "how_superclass": "(through its superclass {via})",
        "how_subjects-of": "(when it has {via})",
        "how_objects-of": "(when it is the value of {via})",
        "how_sparql": "(selected by a SPARQL query)",
        "how_node": "",
        "elsewhere_title": "Rules on the whole graph and on reused classes",
        "elsewhere_intro": "These shapes check the graph as a whole or classes of the reused vocabularies "
                           "(FOAF, ORG, Data Cube, SKOS, schema.org); `ssvkg validate` runs them with the others.",
    },
    "zh": {
        "language_name": "中文",
        "shapes": "适用的SHACL形状",
        "no_shapes": "没有适用于此类的形状。",
        "how_superclass": "(通过其父类 {via})",
        "how_subjects-of": "(当其具有 {via} 时)",
        "how_objects-of": "(当其作为 {via} 的值时)",
        "how_sparql": "(由SPARQL查询选出)",
        "how_node": "",
        "elsewhere_title": "针对整个图谱及复用类的规则",
        "elsewhere_intro": "这些形状检查整个图谱,或复用词表(FOAF、ORG、Data Cube、SKOS、schema.org)中的类;"
                           "`ssvkg validate` 与其他形状一并运行它们。形状的提示信息只有英文。",
    },
}

# pyLODE (OntPub) writes its headings and row names in English; the Chinese page gets them in Chinese.
PYLODE_ZH = {
    "Metadata": "元数据", "Classes": "类", "Properties": "属性", "Object Properties": "对象属性",
    "Datatype Properties": "数据类型属性", "Annotation Properties": "注释属性",
    "Functional Properties": "函数型属性", "Named Individuals": "命名个体", "Namespaces": "命名空间",
    "Legend": "图例", "Description": "定义", "Domain": "定义域", "Range": "值域",
    "Sub Class Of": "父类", "Super Class Of": "子类", "Sub Property Of": "父属性",
    "Super Property Of": "子属性", "In Domain Of": "作为定义域的属性", "In Range Of": "作为值域的属性",
    "Equivalent Class": "等价类", "Title": "标题", "License": "许可", "Version Info": "版本信息",
    "Version Iri": "版本IRI", "Created": "创建日期", "Date Created": "创建日期", "Preferred Namespace Prefix": "首选命名空间前缀",
    "Preferred Namespace Uri": "首选命名空间URI", "Table of Contents": "目录",
}


def translate_pylode(page: str) -> str:
    """pyLODE's fixed words in Chinese: only whole element texts (>Word<), never the ontology's own."""
    pattern = re.compile(r">(\s*)(" + "|".join(re.escape(k) for k in sorted(PYLODE_ZH, key=len, reverse=True)) + r")(\s*)<")
    return pattern.sub(lambda m: f">{m.group(1)}{PYLODE_ZH[m.group(2)]}{m.group(3)}<", page)
