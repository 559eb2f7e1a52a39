"""Engine registry: name -> "module:Class", imported only when asked for.

To add an engine, write a subclass of ssvkg.store.base.Engine and add one
line to ENGINES (or call register_engine at import time of a plugin).
"""

from __future__ import annotations

from importlib import import_module

from ssvkg.errors import InputError

ENGINES: dict[str, str] = {
    "oxigraph": "ssvkg.store.oxigraph_engine:OxigraphEngine",
    "rdflib": "ssvkg.store.rdflib_engine:RdflibEngine",
    "endpoint": "ssvkg.remote.engine:EndpointEngine",
}
# Oxigraph (Rust, with an on-disk store keyed by file content) is the fast default;
# rdflib, pure Python and in memory, is the reference (`--engine rdflib`).
DEFAULT_ENGINE = "oxigraph"


def register_engine(name: str, target: str) -> None:
    ENGINES[name] = target


def get_engine(name: str = DEFAULT_ENGINE):
    """The Engine subclass registered under name."""
    try:
        module, cls = ENGINES[name].split(":")
    except KeyError:
        raise InputError(f"unknown engine {name!r}; available: {', '.join(sorted(ENGINES))}.") from None
    return getattr(import_module(module), cls)
