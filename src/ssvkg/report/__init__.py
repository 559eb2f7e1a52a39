"""Validation reports, one module per output format.

FORMATS maps a format name to "module:function"; the module is imported only when
that format is used. A renderer takes (result, fail_on=..., **options) and returns str.
"""

from __future__ import annotations

from importlib import import_module

from ssvkg.errors import InputError

FORMATS = {
    "text": "ssvkg.report.text:render",
    "json": "ssvkg.report.json:render",
    "turtle": "ssvkg.report.turtle:render",
    "junit": "ssvkg.report.junit:render",
    "github": "ssvkg.report.github:render",
    "sarif": "ssvkg.report.sarif:render",
}


def register_format(name: str, target: str) -> None:
    FORMATS[name] = target


def render(result, fmt: str = "text", fail_on: str = "violation", **options) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    module, func = FORMATS[fmt].split(":")
    return getattr(import_module(module), func)(result, fail_on=fail_on, **options)


__all__ = ["FORMATS", "render", "register_format"]
