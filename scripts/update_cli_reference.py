#!/usr/bin/env python3
"""Regenerate the CLI reference section of README.md from the commands' --help.

Usage: python3 scripts/update_cli_reference.py [--check]
With --check, exit 1 if README.md is out of date instead of rewriting it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
WIDTH = 88  # fixed, so the text does not depend on the terminal that runs this


def command_paths() -> list[list[str]]:
    """[], ["query"], ["query", "list"], ... for every command, in help order."""
    from ssvkg.cli import main

    paths: list[list[str]] = [[]]

    def walk(cmd, path):
        import click

        if isinstance(cmd, click.Group):
            ctx = click.Context(cmd, info_name=path[-1] if path else "ssvkg")
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                paths.append(path + [name])
                walk(sub, path + [name])

    walk(main, [])
    return paths


def help_text(path: list[str]) -> str:
    from ssvkg.cli import main

    result = CliRunner().invoke(main, [*path, "--help"], prog_name="ssvkg", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise SystemExit(f"ssvkg {' '.join(path)} --help failed:\n{result.output}")
    return result.output.rstrip() + "\n"


def section() -> str:
    parts = []
    for path in command_paths():
        title = " ".join(["ssvkg", *path])
        parts.append(f"### `{title}`\n\n```text\n{help_text(path)}```\n")
    return "\n".join(parts)


def replace_section(readme: str, body: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    updated = replace_section(current, section())
    if "--check" in argv:
        if updated != current:
            print("README.md CLI reference is out of date: run scripts/update_cli_reference.py",
                  file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
