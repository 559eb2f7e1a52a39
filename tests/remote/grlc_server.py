"""grlc (https://github.com/CLARIAH/grlc) serving a queries/ folder, for tests/remote/test_grlc.py.

grlc pins exact versions of rdflib, Flask, requests…, so scripts/install-test-deps.sh installs it
into its own virtualenv (VENV below); its own Flask app runs there under gunicorn, in grlc's
local-folder mode: a config.ini in the server's working folder names the folder
(`[local] local_sparql_dir`) and the SPARQL endpoint (`[defaults] sparql_endpoint`), and the
queries are at /api-local/NAME.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .servers import Server, _retrying, _wait_ready, free_port

VERSION = "1.3.11"  # as in scripts/install-test-deps.sh
# Where scripts/install-test-deps.sh puts it; read once here, before any test changes HOME.
VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ssvkg-test-tools" / "grlc"
HINT = f"grlc {VERSION} is not installed in {VENV}: bash scripts/install-test-deps.sh"

CONFIG = """\
[auth]
github_access_token =
gitlab_access_token =

[local]
local_sparql_dir = {queries}

[defaults]
sparql_endpoint = {endpoint}
server_name = 127.0.0.1:{port}
user = none
password = none
debug = False
"""


def installed() -> bool:
    """grlc at VERSION in its virtualenv (asked of that Python, not of ours)."""
    python = VENV / "bin" / "python"
    if not python.is_file():
        return False
    check = f"import importlib.metadata as m, sys; sys.exit(m.version('grlc') != {VERSION!r})"
    return subprocess.run([str(python), "-c", check], capture_output=True).returncode == 0


def start(workdir: Path, queries: Path, endpoint: str) -> Server:
    """grlc serving queries (a folder) against endpoint (a SPARQL query URL), on 127.0.0.1."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "grlc.log"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def run() -> Server:
        port = free_port()
        (workdir / "config.ini").write_text(CONFIG.format(queries=f"{queries}/", endpoint=endpoint, port=port))
        proc = subprocess.Popen(
            [str(VENV / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
             "--timeout", "120", "--no-control-socket", "grlc.server:app"],
            cwd=workdir, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        _wait_ready(f"{url}/", proc, log, 60)
        return Server("grlc", url, proc, log)

    return _retrying(run)

