"""Numbers and units for people: 3,300,000,000 yuan (3.3 billion) / 3,300,000,000元（33亿元）."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal

LANGS = ("en", "zh")

# Units the graph uses (QUDT): the graph holds no label for them, so these are the words
# written after a number. A count (unit:NUM) has none.
UNIT_WORDS = {
    "http://qudt.org/vocab/currency/CNY": {"en": "yuan", "zh": "元"},
    "http://qudt.org/vocab/unit/NUM": {"en": "", "zh": ""},
    "http://qudt.org/vocab/unit/PERCENT": {"en": "%", "zh": "%"},
    "http://qudt.org/vocab/unit/YR": {"en": "years", "zh": "年"},
}


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


def unit_word(iri: str, labels: list[Literal], lang: str) -> str:
    """What to write after a number: a known word, the graph's label, else the IRI's last part."""
    if iri in UNIT_WORDS:
        return UNIT_WORDS[iri][lang]
    best = pick(labels, lang)
    return str(best) if best is not None else iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: Decimal) -> str:
    """1234567 -> 1,234,567; 24.40 -> 24.4. Every digit stays."""
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


def figure(value, unit: str, qualifier: str, lang: str) -> str:
    """A figure written the same way everywhere: "more than 3,300,000,000 yuan (3.3 billion)",
    "超过3,300,000,000元（33亿元）". unit and qualifier are words already in lang ('' if none)."""
    n = number(value)
    if n is None:
        shown, short = str(value), ""
    else:
        shown, short = format_number(n), compact_number(n, lang)
    if lang == "zh":
        text = f"{qualifier}{shown}{unit}" + (f"（{short}{unit}）" if short else "")
    else:
        sep = "" if unit in ("", "%") else " "
        text = f"{qualifier} " * bool(qualifier) + f"{shown}{sep}{unit}" + (f" ({short})" if short else "")
    return text
