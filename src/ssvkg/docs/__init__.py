"""Documentation of the ontology: pyLODE's pages in English and Chinese, with what the SHACL shapes
require of each class.

    write_ontology_docs(project, out_dir) -> {"en": out_dir/index.html, "zh": out_dir/zh.html}
    render_ontology_page(ontology, shapes, lang) -> the HTML text of one page
"""

from ssvkg.docs.page import LANGUAGES, PAGE_FILES, render_ontology_page, write_ontology_docs
from ssvkg.docs.requirements import ShapeRequirement, requirements_by_class

__all__ = ["LANGUAGES", "PAGE_FILES", "ShapeRequirement", "render_ontology_page",
           "requirements_by_class", "write_ontology_docs"]
