"""The one presentation layer: results as people read them, for the CLI and the web.

Human formats (the terminal table, Markdown, the web's tables) show labels in one
language, figures with their qualifier and unit, and every digit (ssvkg.present.display
states the rules); machine formats never pass through here.
"""

from __future__ import annotations

from ssvkg.present.display import Display, present
from ssvkg.present.labels import Labels, labels_from_rows, read_labels
from ssvkg.present.table import render_markdown, render_table

HUMAN_FORMATS = ("table", "md")


def render_human(result, fmt: str, labels: Labels, lang: str = "en",
                 terminal_width: int | None = None) -> str:
    """result (SELECT or ASK) as a table or Markdown in lang."""
    if result.kind == "ask":
        from ssvkg.results import render

        return render(result, fmt)
    display = present(result, labels, lang)
    return render_markdown(display) if fmt == "md" else render_table(display, terminal_width)


__all__ = ["Display", "HUMAN_FORMATS", "Labels", "labels_from_rows", "present", "read_labels",
           "render_human", "render_markdown", "render_table"]
