"""The worker process: evaluates one job at a time inside the sandbox (run as `python -m`).

Started by ssvkg.executor.process. Before it reads any data it confines itself:
no core dumps, a memory ceiling (RLIMIT_DATA), a network namespace of its own
with no interface up (so even Oxigraph's native HTTP client, which Python's audit
hooks cannot see, has nowhere to connect), and an audit hook refusing sockets and
URL opens from Python code. Then it opens the store once and answers jobs until its
input closes. It never decides what is safe to run: the parent checked the text.

Protocol: fd 0 carries requests and fd 1 replies, as length-prefixed JSON
(multiprocessing.connection framing; see wire.py for why not pickle). Anything a
library prints goes to stderr, which the parent keeps to explain a crash.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from ssvkg.executor import wire

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
_NET_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
               "socket.bind", "urllib.Request", "http.client.connect"}


# ------------------------------------------------------------------ confinement


def _new_network_namespace() -> bool:
    """Move this process into an empty network namespace; False where the OS refuses."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    # As root a network namespace alone; otherwise inside a new user namespace, which
    # unprivileged users may create where the kernel allows it (still one thread here).
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    return libc.unshare(flags) == 0


def _refuse_network(event: str, args: tuple) -> None:
    if event in _NET_EVENTS:
        raise PermissionError(f"network access refused in the ssvkg sandbox ({event})")


def confine(memory_mb: int | None) -> bool:
    """Limit this process; True if it now has a network namespace of its own."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_mb:
        # RLIMIT_DATA (heap and private writable mappings, Linux >= 4.7) rather than
        # RLIMIT_AS: an Oxigraph worker reserves ~500 MB of address space it never uses
        # (RocksDB, thread arenas), while its data is ~90 MB; a limit on the address
        # space would count the reservations and mislead whoever sets --max-memory.
        kind = getattr(resource, "RLIMIT_DATA", resource.RLIMIT_AS)
        limit = int(memory_mb) * 1024 * 1024
        _, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:  # a stricter limit set from outside stays
            limit = min(limit, hard)
        resource.setrlimit(kind, (limit, limit))
    isolated = _new_network_namespace()
    sys.addaudithook(_refuse_network)
    return isolated


# ------------------------------------------------------------------ jobs


class Session:
    """The store a worker holds, opened once from the parent's settings."""

    def __init__(self, settings: dict):
        from ssvkg.project import Project

        self.engine_name = settings["engine"]
        self.in_memory = bool(settings.get("in_memory"))
        self.project = Project(Path(settings["root"])) if settings.get("root") else None
        # The parent's cache folder (None: the cache is off), passed, never read from the environment.
        self.cache_dir = Path(settings["cache_dir"]) if settings.get("cache_dir") else None
        self.store = None  # pyoxigraph Store (oxigraph) or RdflibEngine (rdflib)
        self.entry = None
        self.namespaces: dict[str, str] = {}
        if self.project is None or not settings.get("open", True):
            return  # a validation worker reads its own inputs
        if self.engine_name == "oxigraph":
            self._open_oxigraph()
        else:
            from ssvkg.store.rdflib_engine import RdflibEngine

            self.store = RdflibEngine.from_project(self.project)
            self.namespaces = self.store.namespaces()

    def _open_oxigraph(self) -> None:
        from ssvkg.store.cache import open_store

        if self.cache_dir is None:  # cache off: parse into memory
            from ssvkg.store.oxigraph_engine import OxigraphEngine

            engine = OxigraphEngine(self.project)
            engine.load(self.project.data_files())
            self.store, self.namespaces = engine.store, engine.namespaces()
            return
        opened = open_store(self.project, self.cache_dir)
        if self.in_memory:
            # Oxigraph evaluates 5-15x faster in memory than on RocksDB (BENCHMARKS.md); a
            # long-lived server worker pays the copy once.
            import pyoxigraph as ox

            memory = ox.Store()
            memory.bulk_extend(opened.store.quads_for_pattern(None, None, None, None))
            for g in opened.store.named_graphs():
                memory.add_graph(g)
            self.store, self.namespaces = memory, dict(opened.namespaces)
        else:
            self.store, self.namespaces, self.entry = opened.store, dict(opened.namespaces), opened.entry

    # -- queries ----------------------------------------------------------

    def _ox_query(self, text: str, union: bool):
        try:
            return self.store.query(text, use_default_graph_as_union=union)
        except (OSError, RuntimeError) as e:  # a damaged cache entry: rebuild once
            from ssvkg.store.cache import discard, is_damage

            if self.entry is None or not is_damage(e):
                raise
            discard(self.entry)
            self._open_oxigraph()
            return self.store.query(text, use_default_graph_as_union=union)

    def query(self, job: dict) -> dict:
        if self.engine_name != "oxigraph":
            cap = job.get("max_rows")
            result = self.store.query(job["text"])
            if job.get("keep") and result.kind == "select":
                wanted = _wanted(job["keep"])
                result.rows = [r for r in result.rows
                               if any(str(r.get(v)) in values for v, values in wanted.items() if r.get(v) is not None)]
            payload = wire.encode_result(result)
            n = len(payload.get("rows") or payload.get("triples") or ())
            return {"too_many": n} if cap is not None and n > cap else payload
        from ssvkg.errors import QueryError

        try:
            return self._ox_rows(job)
        except SyntaxError as e:  # the parent's parser accepted it, Oxigraph did not
            raise QueryError(f"Oxigraph cannot run this query: {str(e).splitlines()[0]}.") from None
        except RuntimeError as e:  # an evaluation error (raised while rows are read, too)
            first = (str(e).strip().splitlines() or [type(e).__name__])[0].rstrip(".")
            raise QueryError(f"Oxigraph could not evaluate this query: {first}.") from None

    def _ox_rows(self, job: dict) -> dict:
        import pyoxigraph as ox

        cap = job.get("max_rows")
        res = self._ox_query(job["text"], bool(job.get("union", True)))
        if isinstance(res, ox.QueryBoolean):
            return {"kind": "ask", "boolean": bool(res)}
        out = []
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            wanted = [(names.index(v), values) for v, values in _wanted(job.get("keep")).items() if v in names]
            for sol in res:
                if wanted and not any(sol[i] is not None and sol[i].value in values for i, values in wanted):
                    continue
                if cap is not None and len(out) >= cap:  # stop reading: the result is refused anyway
                    return {"too_many": len(out) + 1}
                out.append([wire.from_ox(t) for t in sol])
            return {"kind": "select", "vars": names, "rows": out}
        for t in res:
            if cap is not None and len(out) >= cap:
                return {"too_many": len(out) + 1}
            out.append([wire.from_ox(t.subject), wire.from_ox(t.predicate), wire.from_ox(t.object)])
        return {"kind": "graph", "triples": out}

    def triples_per_graph(self, job: dict) -> dict:
        if self.engine_name != "oxigraph":
            return {"counts": self.store.triples_per_graph()}
        counts = {s["g"].value: int(s["n"].value) for s in self._ox_query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", True)}
        for g in self.store.named_graphs():  # empty files are empty graphs
            counts.setdefault(g.value, 0)
        return {"counts": counts}

    # -- validation -------------------------------------------------------

    def validate(self, job: dict) -> dict:
        from ssvkg.validation.run import validate

        result = validate(self.project, job.get("data"), job.get("shapes"), queries=job.get("queries"),
                          skip=job.get("skip") or (), max_file_mb=job.get("max_file_mb"),
                          engine=job.get("store") or "oxigraph", cache_dir=self.cache_dir,
                          sources=job.get("sources"))
        return {"validation": wire.encode_validation(result)}


def _wanted(keep: dict | None) -> dict[str, set[str]]:
    """A query job's keep: variable -> the values (an IRI, or a literal's text) of the rows to
    send back; a row is kept when one of its listed variables holds one. Filtering here costs
    far less than sending every row of a large result to a parent that needs a few."""
    return {str(v): set(map(str, values)) for v, values in (keep or {}).items()}


# ------------------------------------------------------------------ main loop


def _cpu_budget(seconds: float | None) -> None:
    """Let the kernel end this job past `seconds` of CPU (SIGXCPU), should nobody else.

    The parent kills a worker at the job's wall-clock deadline; this backstop is for a
    worker whose parent died meanwhile (nothing else would stop a native evaluation)."""
    import resource

    soft = resource.RLIM_INFINITY
    if seconds:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _error_reply(e: BaseException, op: str = "query") -> dict:
    from ssvkg.errors import SsvkgError

    if isinstance(e, SsvkgError):
        return {"error": {"type": type(e).__name__, "message": str(e), "exit": e.exit_code}}
    if isinstance(e, MemoryError):
        return {"error": {"type": "MemoryError", "message": ""}}
    if isinstance(e, RecursionError):
        what = "an input file is nested" if op == "validate" else "the query is nested"
        return {"error": {"type": "InputError" if op == "validate" else "QueryError",
                          "message": f"{what} too deeply to process.", "exit": 2}}
    first = (str(e).strip().splitlines() or [""])[0]
    return {"error": {"type": "internal", "message": f"{type(e).__name__}: {first}"}}


def main() -> None:
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    # The protocol owns the duplicated descriptors; stray prints go to stderr.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    settings = wire.loads(requests.recv_bytes())
    isolated = confine(settings.get("memory_mb"))
    try:
        session = Session(settings)
    except BaseException as e:  # the parent reports why the store could not be opened
        replies.send_bytes(wire.dumps(_error_reply(e)))
        return
    replies.send_bytes(wire.dumps({"ready": True, "network_isolated": isolated,
                                   "namespaces": session.namespaces, "pid": os.getpid()}))
    handlers = {"query": session.query, "triples_per_graph": session.triples_per_graph,
                "validate": session.validate}
    while True:
        try:
            job = wire.loads(requests.recv_bytes())
        except EOFError:
            return
        _cpu_budget(job.get("cpu_seconds"))
        try:
            reply = handlers[job["op"]](job)
        except BaseException as e:  # noqa: BLE001  every failure is reported, the worker lives on
            reply = _error_reply(e, str(job.get("op")))
        replies.send_bytes(wire.dumps(reply))


if __name__ == "__main__":
    main()
