"""Helpers shared by the command modules (click only; the API is imported on use)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ssvkg.errors import InputError

RESULT_FORMATS = ["table", "csv", "tsv", "json", "md", "turtle", "json-ld"]


def format_option(default_help: str = "table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE"):
    return click.option(
        "--format", "-F", "fmt", type=click.Choice(RESULT_FORMATS), default=None,
        help=f"Output format [default: {default_help}].",
    )


def lang_option():
    return click.option(
        "--lang", type=click.Choice(["en", "zh"]), default="en", envvar="SSVKG_LANG", show_envvar=True,
        show_default=True, help="Language of the table and md formats: labels, qualifiers, units.",
    )


def settings(ctx: click.Context):
    from ssvkg.cli import Settings

    return ctx.find_object(Settings) or Settings()


def open_graph(ctx: click.Context, *, limits=None, endpoint: str | None = None, profile: str = "auto",
               timeout: float | None = None, **endpoint_options):
    """ssvkg.open() with the global options (--root, --engine, --cache-dir) and a command's own."""
    from ssvkg.api import open as open_kg

    s = settings(ctx)
    return open_kg(s.root, s.engine, cache_dir=s.cache_dir, limits=limits, endpoint=endpoint,
                   profile=None if profile == "auto" else profile, timeout=timeout, **endpoint_options)


def write_text(text: str) -> None:
    click.echo(text, nl=False)


def render_result(result, fmt: str | None, kg, lang: str = "en") -> str:
    """The result in fmt: table and md through the presentation layer (labels from kg, in
    lang; the table fits the terminal only when standard output is one), others as data."""
    from ssvkg.results import default_format, render

    fmt = fmt or default_format(result)
    if fmt not in ("table", "md") or result.kind == "graph":
        return render(result, fmt)
    from ssvkg.present import read_labels, render_human

    stdout = click.get_text_stream("stdout")
    columns = os.get_terminal_size(stdout.fileno()).columns if _is_terminal(stdout) else None
    return render_human(result, fmt, read_labels(kg, result) if result.kind == "select" else None, lang, columns)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def print_result(text: str) -> None:
    write_text(text)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: no such directory for the output file.")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(data: bytes, output: str | None) -> None:
    if output and output != "-":
        atomic_write(output, data)
    else:
        stream = click.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()
