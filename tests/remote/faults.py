"""A small HTTP server on 127.0.0.1 that refuses, stalls or fails on purpose, or passes requests on.

Each request takes the next action from the queue (or the default action once the queue is
empty). An action is a callable(handler) -> None that writes the whole answer; "proxy" forwards
to the upstream server (a real store), so a fault can hit one request in the middle of a load.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


def status(code: int, body: bytes = b"", headers: dict | None = None, content_type: str = "text/plain"):
    def act(h):
        h.send_response(code)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)
    return act


def json_results(body: bytes, headers: dict | None = None):
    return status(200, body, headers, "application/sparql-results+json")


def html_page():
    return status(200, b"<html><body><h1>Welcome</h1><p>Login here.</p></body></html>", content_type="text/html")


def cut_off(body: bytes, content_type="application/sparql-results+json"):
    """Announce the whole body, send half, close."""
    def act(h):
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.close_connection = True
    return act


def drip(seconds: float, every: float = 0.2):
    """Headers at once, then one byte every `every` seconds for `seconds`: outlives per-read timeouts."""
    def act(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True
    return act


def stall(seconds: float):
    def act(h):
        time.sleep(seconds)
        h.close_connection = True
    return act


def redirect(location: str, code: int = 301):
    return status(code, b"", {"Location": location})


PROXY = "proxy"
# Passes the request on and hangs up without answering: the store did it, the client cannot know.
PROXY_THEN_HANG_UP = "proxy-then-hang-up"


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still dripping must not hold up the test

    def __init__(self, upstream: str | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream
        self.actions: deque = deque()
        self.default = PROXY if upstream else status(404, b"no action")
        self.requests: list[tuple[str, str, dict]] = []  # (method, path, headers)
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def queue(self, *actions) -> None:
        self.actions.extend(actions)

    def reset(self) -> None:
        self.actions.clear()
        self.requests.clear()

    def next_action(self):
        with self.lock:
            return self.actions.popleft() if self.actions else self.default


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append((self.command, self.path, dict(self.headers)))
        action = self.server.next_action()
        if action == PROXY_THEN_HANG_UP:
            self._proxy(body, answer=False)
        elif action == PROXY or (isinstance(action, tuple) and action[0] == PROXY):
            extra = {}
            if isinstance(action, tuple):  # ("proxy", body_transform[, header overrides])
                body = action[1](body)
                extra = action[2] if len(action) > 2 else {}
            self._proxy(body, extra)
        else:
            action(self)

    def _proxy(self, body: bytes, extra: dict | None = None, answer: bool = True):
        up = urlsplit(self.server.upstream)
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        headers.update(extra or {})
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        if not answer:
            self.close_connection = True
            return
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def start(upstream: str | None = None) -> FaultServer:
    server = FaultServer(upstream)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server
