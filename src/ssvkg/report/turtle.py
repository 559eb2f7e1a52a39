"""Turtle: the sh:ValidationReport, meta-check results included, with file and line.

The graph is built by ssvkg.validation.model (ValidationResult.report).
"""

from __future__ import annotations


def render(result, fail_on: str = "violation", **_) -> str:
    return result.report.serialize(format="turtle")
