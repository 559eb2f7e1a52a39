"""`ssvkg serve` as a user runs it: a real process, the printed URL, a page, Ctrl+C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time

from webhelpers import fetch

from conftest import FIXTURE


def start(*args) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", "from ssvkg.cli import main; main()",
                             "--root", str(FIXTURE), "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"(http://\S+/)", line)
    if not m:
        proc.kill()
        raise AssertionError(f"no URL printed: {line!r} {proc.stderr.read()}")
    return proc, m.group(1)


def test_serve_prints_url_and_serves():
    proc, url = start("--port", "0")
    try:
        assert url.startswith("http://127.0.0.1:")  # loopback unless told otherwise
        r = fetch(url + "id/program-rural-teachers", "text/turtle")
        assert r.status == 200 and "Rural Teachers" in r.text
        assert fetch(url + "queries/programs.csv").status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(15)
    assert proc.returncode == 0
    assert proc.stderr.read().strip() == "Stopped."


def test_port_in_use():
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        proc = subprocess.run([sys.executable, "-c", "from ssvkg.cli import main; main()",
                               "--root", str(FIXTURE), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    finally:
        busy.close()
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"Error: port {port} on 127.0.0.1 is already in use; choose another with --port."


def test_help_and_listing(cli):
    r = cli("serve", "--help")
    assert r.exit_code == 0 and "[default: 127.0.0.1]" in r.output and "--endpoint URL" in r.output
    assert "serve" in cli("--help").output


def test_warns_when_not_loopback():
    from ssvkg.web.server import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_base_url_is_the_only_absolute_address():
    import json

    proc, url = start("--port", "0", "--base-url", "https://ssvkg.example.org/")
    try:
        doc = json.loads(fetch(url + "openapi.json", headers={"Host": "hostile-host.example"}).body)
        assert doc["servers"] == [{"url": "https://ssvkg.example.org"}]
        page = fetch(url + "sparql", "text/html", headers={"Host": "hostile-host.example"}).text
        assert "<code>https://ssvkg.example.org/sparql</code>" in page and "hostile-host" not in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(15)


def test_bad_base_url():
    proc = subprocess.run([sys.executable, "-c", "from ssvkg.cli import main; main()",
                           "--root", str(FIXTURE), "serve", "--port", "0", "--base-url", "example.org"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("Error: --base-url must be an http:// or https:// URL without query or "
                                   "fragment, like https://ssvkg.example.org/, got 'example.org'.")
