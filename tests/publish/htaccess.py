"""A small interpreter of the Apache rewrite rules that ssvkg publish writes for w3id.org.

It understands what those rules use and nothing more: `RewriteCond %{HTTP_ACCEPT} REGEX` (the
condition applies to the next RewriteRule), `RewriteRule REGEX TARGET [R=303,L]`, $1..$9 in the
target. As in a per-folder .htaccess, the pattern sees the path after the folder (ssvkg/), and
a fragment never reaches the server. Anything else in a non-comment line is an error, so a rule
this interpreter cannot play fails the test instead of being skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    pattern: str
    target: str
    flags: str
    accept: tuple[str, ...]  # RewriteCond %{HTTP_ACCEPT} patterns, all must match


def parse(text: str) -> list[Rule]:
    rules, conds = [], []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#") or line in ("RewriteEngine on", "Options +FollowSymLinks"):
            continue
        words = line.split()
        if words[0] == "RewriteCond" and len(words) == 3 and words[1] == "%{HTTP_ACCEPT}":
            conds.append(words[2])
        elif words[0] == "RewriteRule" and len(words) == 4:
            rules.append(Rule(words[1], words[2], words[3], tuple(conds)))
            conds = []
        else:
            raise ValueError(f"line {n}: not understood: {line}")
    if conds:
        raise ValueError("a RewriteCond with no RewriteRule after it")
    return rules


def play(rules: list[Rule], iri: str, accept: str, folder: str = "https://w3id.org/ssvkg/") -> tuple[int, str] | None:
    """(status, location) for a request of iri with this Accept header; None: no rule (a 404)."""
    assert iri.startswith(folder), iri
    path = iri[len(folder):].split("#", 1)[0]
    for rule in rules:
        if not all(re.search(c, accept) for c in rule.accept):
            continue
        m = re.search(rule.pattern, path)
        if m is None:
            continue
        target = re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))), rule.target)
        status = int(re.search(r"R=(\d+)", rule.flags).group(1))
        assert "L" in rule.flags.strip("[]").split(","), f"rule without L: {rule}"
        return status, target
    return None
