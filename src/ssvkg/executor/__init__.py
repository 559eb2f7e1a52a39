"""The executor: every evaluation of text a user supplied or parameterised runs here.

What is untrusted, and where it goes:

- `ssvkg sparql`, `ssvkg query run`, the web's /sparql and /queries/NAME, and the
  queries behind entity pages and search (fixed texts, with values from the URL bound
  by ssvkg.queries.binding) run on a SandboxedEngine (engine.py): a WorkerPool (pool.py) of worker
  processes (worker.py) that hold the store.
- `ssvkg validate` runs whole in a worker (validate.py): it parses files from anyone
  and evaluates their shapes' sh:select / sh:ask / SPARQL targets and rules.

What a worker guarantees: a hard wall-clock deadline (the worker is killed: the only
timeout in ssvkg; no thread is ever interrupted and no signal handler wraps native
code), a memory ceiling (RLIMIT_DATA), a row cap, no network (an empty network namespace
where Linux allows it, and an audit hook refusing sockets from Python code), and
containment: a panic, an abort or running out of memory ends that worker alone,
becomes one sentence (exit code 5, or a 500 page), and the pool starts a new one.

What stays in the parent: deciding that a text may run (ssvkg.gate.sparql.check:
syntax, read-only, no SERVICE on either reading of the text — not a meta-check, so
--skip cannot turn it off), binding parameters (VALUES blocks in the text: only text
crosses to a worker), and rendering results. The remote
endpoint engine is not sandboxed: the store evaluates, under the same gate, and
`ssvkg stats` and `export` run only ssvkg's own fixed texts in-process.

Trusted paths: none evaluate in-process. Measured (benchmarks/executor_cost.py,
BENCHMARKS.md), the worker adds about 0.18 s to a cold `ssvkg query run` (0.35 s ->
0.53 s); named queries from the project's own queries/ pay it too, because in-process
nothing could stop a runaway evaluation or contain an engine panic, and their
parameters come from whoever calls them.
"""

# Imported on use: the worker process (python -m ssvkg.executor.worker) starts with this
# package and must not pay for rdflib when it serves the Oxigraph engine.
_EXPORTS = {"SandboxedEngine": "engine", "WorkerPool": "pool", "Limits": "limits", "LimitError": "limits",
            "EngineFailed": "limits", "EXIT_ENGINE_FAILED": "limits", "validate_in_worker": "validate"}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
