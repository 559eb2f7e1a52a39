"""How to restrict the named queries to the project's graphs on a stock-config Virtuoso.

Starts Virtuoso from Debian's own virtuoso.ini (ports and paths changed only, as the tests do:
tests/remote/servers.py), loads the repository with `ssvkg load`, and times every named query
with every golden parameter set under each way of naming the default graph:

- per-graph: one default-graph-uri per project graph (what ssvkg sent before);
- from:      one FROM <graph> clause per project graph in the query text;
- union:     one default-graph-uri naming a single graph that holds the union of the project's
             graphs (copied at load time);
- none:      no default graph named (Virtuoso's default graph: every graph in the store).

Each query runs `--repeat` times; the median is reported, or the store's error. Results are
compared with the embedded engine, strictly (tests/remote/compare.py).

    PYTHONPATH=src python3 benchmarks/virtuoso_default_graph.py --out /tmp/vb
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.remote import servers  # noqa: E402
from tests.remote.compare import group_concat_columns, same  # noqa: E402
from tests.remote.test_named_queries_on_stores import _runs  # noqa: E402

UNION = "urn:ssvkg:bench-union"


def with_from(text: str, graphs: list[str]) -> str:
    """FROM clauses before the outer WHERE (the first WHERE outside comments)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bWHERE\b", line, re.I)
        if m:
            froms = " ".join(f"FROM <{g}>" for g in graphs)
            lines[i] = line[: m.start()] + froms + " " + line[m.start():]
            return "\n".join(lines)
    raise ValueError("no WHERE")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", action="append", default=[], metavar="QUERY", help="these named queries only")
    args = ap.parse_args()

    from ssvkg import api
    from ssvkg.project import Project
    from ssvkg.remote import load
    from ssvkg.remote.auth import Credentials
    from ssvkg.remote.endpoint import Endpoint
    from ssvkg.remote.engine import EndpointEngine
    from ssvkg.remote.errors import EndpointError
    from ssvkg.store.dataset import graph_iri

    args.out.mkdir(parents=True, exist_ok=True)
    server = servers.start_virtuoso(args.out / "virtuoso")
    try:
        project = Project(REPO)
        writer = EndpointEngine.connect(project, server.url, "virtuoso",
                                        credentials=Credentials(user=server.user, password=server.password))
        t = time.perf_counter()
        report = load(writer.endpoint, project)
        load_s = time.perf_counter() - t
        graphs = [str(graph_iri(project, f)) for f in project.data_files()]
        t = time.perf_counter()
        for g in graphs:
            writer.endpoint.update(f"ADD <{g}> TO <{UNION}>")
        union_s = time.perf_counter() - t

        texts: list[tuple[str, dict, str]] = []

        class Recorder(EndpointEngine):
            def query(self, text):
                texts.append(text)
                return super().query(text)

        rec = Recorder(project, Endpoint.connect(server.url, "virtuoso", credentials=Credentials(),
                                                 default_graphs=[UNION]))
        local = api.open(project).store
        # The generic profile sends exactly the default graphs given (the virtuoso profile would
        # replace them by ssvkg's own union graph).
        sparql = server.url + "/sparql"
        options = {
            "per-graph": (Endpoint.connect(sparql, "generic", credentials=Credentials(), default_graphs=graphs), False),
            "from": (Endpoint.connect(sparql, "generic", credentials=Credentials()), True),
            "union": (Endpoint.connect(sparql, "generic", credentials=Credentials(), default_graphs=[UNION]), False),
            "none": (Endpoint.connect(sparql, "generic", credentials=Credentials()), False),
        }
        rows = []
        for name, params in _runs(REPO):
            if args.only and name not in args.only:
                continue
            texts.clear()
            try:
                api.run_query(name, params, root=project, engine=rec)
            except EndpointError:
                pass
            if not texts:
                continue
            text = texts[-1]
            expected = api.run_query(name, params, root=project, engine=local)
            gc = group_concat_columns(api.get_query(name, project).text)
            row = {"query": name, "params": params}
            for option, (endpoint, froms) in options.items():
                q = with_from(text, graphs) if froms else text
                times, error, result = [], None, None
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    try:
                        result = endpoint.query(q, rec.namespaces())
                    except EndpointError as e:
                        error = str(e)[:160]
                        break
                    times.append(time.perf_counter() - t)
                row[option] = {"median_s": statistics.median(times) if times else None, "error": error,
                               "same": same(result, expected, gc)[0] if result is not None else None}
            rows.append(row)
            print(name, params, {k: (v["median_s"], v["error"] and v["error"][:60], v["same"])
                                 for k, v in row.items() if isinstance(v, dict) and "median_s" in v}, flush=True)
        summary = {"load_s": load_s, "union_copy_s": union_s, "graphs": len(graphs),
                   "loaded": report.complete, "rows": rows}
        (args.out / "virtuoso-default-graph.json").write_text(json.dumps(summary, indent=1, default=str))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
