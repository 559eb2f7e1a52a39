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


STOCK_VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")  # Debian's virtuoso-opensource-7


def stock_virtuoso_ini(text: str, workdir: Path, sql_port: int, http_port: int) -> str:
    """Debian's own virtuoso.ini with only its ports and paths changed: every other key (the
    [SPARQL] limits MaxQueryCostEstimationTime, ResultSetMaxRows, MaxQueryExecutionTime among
    them) stays as the package ships it. Line edits, not configparser: the file repeats keys
    (IndexTreeMaps) and has ';' comments after values, which must survive as written."""
    changes = {
        "database": {k: workdir / Path(v).name for k, v in _keys(text, "Database").items()
                     if k.lower() in ("databasefile", "errorlogfile", "lockfile", "transactionfile",
                                      "xa_persistent_file")},
        "tempdatabase": {k: workdir / Path(v).name for k, v in _keys(text, "TempDatabase").items()
                         if k.lower() in ("databasefile", "transactionfile")},
        "parameters": {"ServerPort": f"127.0.0.1:{sql_port}"},
        "httpserver": {"ServerPort": f"127.0.0.1:{http_port}", "ServerRoot": workdir / "vsp"},
        "uriqa": {"DefaultHost": f"localhost:{http_port}"},
    }
    done: set[tuple[str, str]] = set()
    out, section = [], ""
    for line in text.splitlines(keepends=True):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip().lower()
        else:
            m = re.match(r"(\s*)([A-Za-z_][\w]*)(\s*=\s*)([^;\n]*?)(\s*(?:;.*)?\n?)$", line)
            wanted = changes.get(section, {})
            name = m and next((k for k in wanted if k.lower() == m.group(2).lower()), None)
            if name:
                line = f"{m.group(1)}{m.group(2)}{m.group(3)}{wanted[name]}{m.group(5)}"
                done.add((section, name))
        out.append(line)
    expected = {(sec, k) for sec, keys in changes.items() for k in keys}
    if done != expected:
        raise RuntimeError(f"{STOCK_VIRTUOSO_INI} lacks keys the tests must change: {sorted(expected - done)}")
    return "".join(out)


def _keys(text: str, section: str) -> dict[str, str]:
    """key -> value (comment stripped) of one section, for the paths to move."""
    keys, inside = {}, False
    for line in text.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            inside = header.group(1).strip().lower() == section.lower()
        elif inside and (m := re.match(r"\s*([A-Za-z_]\w*)\s*=\s*([^;]*)", line)):
            keys[m.group(1)] = m.group(2).strip()
    return keys


def start_virtuoso(workdir: Path) -> Server:
    """A fresh database from Debian's stock virtuoso.ini (ports and paths changed only): its
    dba/dba login is used by the tests only (never a code default)."""
    workdir.mkdir(parents=True, exist_ok=True)
    ini, log = workdir / "virtuoso.ini", workdir / "virtuoso.out"
    (workdir / "vsp").mkdir(exist_ok=True)  # its own web root: Debian's start page is only recommended

    def start() -> Server:
        sql_port, http_port = free_port(), free_port()
        ini.write_text(stock_virtuoso_ini(STOCK_VIRTUOSO_INI.read_text(), workdir, sql_port, http_port))
        proc = subprocess.Popen([virtuoso_binary(), "+configfile", str(ini), "+foreground"], cwd=workdir,
                                stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{http_port}"
        _wait_ready(f"{url}/sparql?query=ASK%7B%7D", proc, log, 90)
        return Server("virtuoso", url, proc, log, user="dba", password="dba")

    return _retrying(start)
