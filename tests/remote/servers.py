"""Real triple stores for the tests: an Oxigraph server and a Virtuoso, on 127.0.0.1, free ports,
throw-away directories. Each start returns a Server; stop() ends the process we started."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

OXIGRAPH_HINT = ("the Oxigraph server is not installed: python3 -m pip install 'oxigraph' "
                 "(or bash scripts/install-test-deps.sh)")
VIRTUOSO_HINT = ("Virtuoso is not installed: apt-get install virtuoso-opensource "
                 "(or bash scripts/install-test-deps.sh)")


def missing(hint: str):
    """Skip locally; fail under CI (CI=true), which installs both stores."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the real-store tests, but {hint}")
    pytest.skip(hint)


def free_port() -> int:
    """A port free a moment ago. Another process (a parallel test worker) may take it before
    the server binds it: the start functions below then try again with new ports."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortTaken(RuntimeError):
    """The server could not bind its port: someone took it between free_port() and the start."""


def _retrying(start, attempts: int = 4):
    for attempt in range(attempts):
        try:
            return start()
        except PortTaken:
            if attempt == attempts - 1:
                raise


@dataclass
class Server:
    name: str
    url: str  # base URL
    process: subprocess.Popen
    log: Path
    user: str | None = None  # test-only credentials (a fresh Virtuoso's dba/dba)
    password: str | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            text = log.read_text(errors="replace")
            # Oxigraph: "Address in use (os error 98)"; Virtuoso: "Failed HTTP listen at 127.0.0.1:N."
            kind = PortTaken if re.search(r"in use|failed .*listen", text, re.I) else RuntimeError
            raise kind(f"the server exited with {proc.returncode}: {text[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"the server did not answer {url} within {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def oxigraph_binary() -> str | None:
    return shutil.which("oxigraph")


def start_oxigraph(workdir: Path) -> Server:
    """Without --union-default-graph on purpose: the client asks for the union per query."""
    data, log = workdir / "data", workdir / "oxigraph.log"
    data.mkdir(parents=True)

    def start() -> Server:
        port = free_port()
        proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(data), "--bind",
                                 f"127.0.0.1:{port}"], stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        _wait_ready(f"{url}/query?query=ASK%7B%7D", proc, log, 20)
        return Server("oxigraph", url, proc, log)

    return _retrying(start)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 5
ServerThreads = 5

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def start_virtuoso(workdir: Path) -> Server:
    """A fresh database: its dba/dba login is used by the tests only (never a code default)."""
    workdir.mkdir(parents=True, exist_ok=True)
    ini, log = workdir / "virtuoso.ini", workdir / "virtuoso.out"
    (workdir / "vsp").mkdir(exist_ok=True)  # its own web root: Debian's start page is only recommended

    def start() -> Server:
        sql_port, http_port = free_port(), free_port()
        ini.write_text(VIRTUOSO_INI.format(d=workdir, sql_port=sql_port, http_port=http_port))
        proc = subprocess.Popen([virtuoso_binary(), "+configfile", str(ini), "+foreground"], cwd=workdir,
                                stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{http_port}"
        _wait_ready(f"{url}/sparql?query=ASK%7B%7D", proc, log, 90)
        return Server("virtuoso", url, proc, log, user="dba", password="dba")

    return _retrying(start)
