"""The display as a terminal table or Markdown: text columns wrap, numbers are never cut."""

from __future__ import annotations

import re

from ssvkg.present.display import Display
from ssvkg.results.table import shrink_to_fit
from ssvkg.results.terms import pad, width

GAP = "  "
MIN_COL = 8
_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_DIGIT = re.compile(r"\d")


def _min_width(text: str) -> int:
    """The narrowest the cell can be: its longest word holding a digit (never split)."""
    return max([width(t) for t in _TOKEN.findall(text) if _DIGIT.search(t)] + [1])


def wrap(text: str, limit: int) -> list[str]:
    """text in lines of at most limit columns; breaks at spaces and between Chinese
    characters; a word with a digit is never split (it may overflow instead)."""
    if width(text) <= limit:
        return [text]
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line += " "
            continue
        if width(line) + width(token) <= limit:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        while width(token) > limit and not _DIGIT.search(token):
            cut, used = 0, 0
            while cut < len(token) and used + width(token[cut]) <= limit:
                used += width(token[cut])
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
        line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def render_table(display: Display, terminal_width: int | None = None) -> str:
    """An aligned table; with terminal_width, text columns wrap to fit it (None: full width)."""
    cells = [[c.replace("\n", " ") for c in row] for row in display.rows]
    natural = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(display.headers)]
    if terminal_width:
        least = [max([min(MIN_COL, natural[i]), width(display.headers[i]) if display.figures[i] else 1]
                     + [_min_width(r[i]) for r in cells]) for i in range(len(natural))]
        widths = shrink_to_fit(natural, terminal_width, least)
    else:
        widths = natural

    def lines(values):
        wrapped = [wrap(v, w) for v, w in zip(values, widths)]
        height = max([len(w) for w in wrapped] + [1])
        return [GAP.join(pad(w[k] if k < len(w) else "", n) for w, n in zip(wrapped, widths)).rstrip()
                for k in range(height)]

    out = lines(display.headers) + [GAP.join("─" * w for w in widths)]
    for row in cells:
        out += lines(row)
    n = len(display.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render_markdown(display: Display) -> str:
    out = ["| " + " | ".join(_md_cell(h) for h in display.headers) + " |",
           "|" + " --- |" * len(display.headers)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in display.rows]
    return "\n".join(out) + "\n"
