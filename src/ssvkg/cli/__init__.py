"""The ssvkg command line: a click group whose subcommands are imported on use.

To add a command, write cli/NAME.py with a click command (or group) and add a
row to COMMANDS. Command modules import only click at the top and the API
inside their functions, so `ssvkg --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from importlib import import_module

import click

from ssvkg.version import __version__
from ssvkg.errors import SsvkgError
from ssvkg.store.registry import DEFAULT_ENGINE, ENGINES

# name -> (module, attribute, one-line help shown in `ssvkg --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "query": ("ssvkg.cli.query", "query", "List, show and run the named queries in queries/."),
    "sparql": ("ssvkg.cli.sparql", "sparql", "Run a read-only SPARQL query given inline or in a file."),
    "validate": ("ssvkg.cli.validate", "validate", "Check data against SHACL shapes; every result with its file and line."),
    "stats": ("ssvkg.cli.stats", "stats", "Count triples per graph, instances per class, observations per year."),
    "export": ("ssvkg.cli.export", "export", "Write the whole graph in one RDF format."),
    "serve": ("ssvkg.cli.serve", "serve", "Serve the graph on the web: entity pages, queries, SPARQL."),
    "docs": ("ssvkg.cli.docs", "docs", "Write the ontology's pages (English, Chinese) with what the shapes require."),
    "diff": ("ssvkg.cli.diff", "diff", "List the facts added, removed or changed between two versions of the graph."),
    "load": ("ssvkg.cli.load", "load", "Load the graph into a SPARQL 1.1 store (Oxigraph, Virtuoso, Fuseki, ...)."),
    "publish": ("ssvkg.cli.publish", "publish", "Build a release folder: dumps, VoID/DCAT description, static site, W3ID rules."),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 88}

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


@dataclass
class Settings:
    """Global options, handed to every command as ctx.obj."""

    root: str | None = None
    engine: str = DEFAULT_ENGINE
    cache_dir: str | None = None  # as given: a folder, "off", or None for the default


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or shows its help)."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx) if name in COMMANDS]
        rows += [(n, c.get_short_help_str()) for n, c in sorted(self.commands.items())]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        # The one place where errors become "Error: <sentence>" and an exit code.
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except SsvkgError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except Exception as e:
            if os.environ.get("SSVKG_DEBUG"):
                raise
            click.echo(
                f"Error: internal error ({type(e).__name__}: {e}); "
                "rerun with SSVKG_DEBUG=1 for details and please report it.",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS, epilog="""\b
Examples:
  ssvkg query list
  ssvkg query run programs-by-pillar --format csv
  ssvkg --root tests/fixtures/mini validate""")
@click.option("--root", metavar="DIR", envvar="SSVKG_ROOT", show_envvar=True,
              type=click.Path(file_okay=False),
              help="Data folder with ontology/, graph/, shapes/, queries/ "
                   "[default: the current folder if it has them, else the installed data].")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default=DEFAULT_ENGINE,
              envvar="SSVKG_ENGINE", show_default=True, show_envvar=True,
              help="Query engine: oxigraph (fast, cached on disk) or rdflib (the reference).")
@click.option("--cache-dir", metavar="DIR", envvar="SSVKG_CACHE_DIR", show_envvar=True,
              help="Where the oxigraph engine keeps its parsed store ('off': parse every "
                   "time) [default: $XDG_CACHE_HOME/ssvkg or ~/.cache/ssvkg].")
@click.version_option(__version__, message="ssvkg %(version)s")
@click.pass_context
def main(ctx: click.Context, root: str | None, engine: str, cache_dir: str | None) -> None:
    """ssvkg: query and check the Sustainable Social Value Knowledge Graph."""
    ctx.obj = Settings(root=root, engine=engine, cache_dir=cache_dir)
