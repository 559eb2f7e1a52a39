"""A TCP socket on 127.0.0.1 that counts every connection made to it and answers like a SPARQL endpoint.

It answers a query with one row binding every variable the request names (s, p, o if
it names none; ?x -> <http://leak/x>, ?o -> "LEAKED"), and an RDF request with one such
triple in Turtle, so that a request that does get through shows up in the victim's
output too, not only in the count. (Oxigraph's SERVICE sends the inner pattern with its
own variable names and joins on every column of the answer.)
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from urllib.parse import parse_qs, unquote_plus, urlsplit

LEAK = "http://leak/"
TURTLE = b'<http://leak/s> <http://leak/p> "LEAKED" .\n'


def results(query: str) -> bytes:
    names = list(dict.fromkeys(re.findall(r"[?$](\w+)", query))) or ["s", "p", "o"]
    row = {v: {"type": "literal", "value": "LEAKED"} if v == "o" else {"type": "uri", "value": LEAK + v}
           for v in names}
    return json.dumps({"head": {"vars": names}, "results": {"bindings": [row]}}).encode()


def query_of(target: str, headers: dict, body: bytes) -> str:
    """The query text of a SPARQL Protocol request (GET, form POST or direct POST), else ''."""
    ctype = headers.get("content-type", "")
    if "sparql-query" in ctype:
        return body.decode("utf-8", "replace")
    form = body.decode("utf-8", "replace") if "form-urlencoded" in ctype else ""
    for source in (urlsplit(target).query, form):
        found = parse_qs(source).get("query")
        if found:
            return found[0]
    return unquote_plus(body.decode("utf-8", "replace"))


class Listener:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.requests: list[str] = []  # first line of each request, for the failure message
        self._accepted = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bypass-listener", daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.is_set():
            if not select.select([self.sock], [], [], 0.05)[0]:
                continue
            with self._lock:  # accept and count as one step: see connections()
                try:
                    conn, _ = self.sock.accept()
                except (BlockingIOError, OSError):
                    continue
                self._accepted += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def connections(self) -> int:
        """Connections made so far, including those the kernel holds but the thread has not accepted yet."""
        deadline = time.monotonic() + 5
        while True:
            with self._lock:
                pending = bool(select.select([self.sock], [], [], 0)[0])
                if not pending or time.monotonic() > deadline:
                    return self._accepted + pending
            time.sleep(0.01)

    def _answer(self, conn: socket.socket):
        try:
            conn.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                head += chunk
            top, _, body = head.partition(b"\r\n\r\n")
            lines = top.decode("latin-1").split("\r\n")
            self.requests.append(lines[0])
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
            length = int(headers.get("content-length", "0") or 0)
            while len(body) < length:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                body += chunk
            accept = headers.get("accept", "")
            rdf = "sparql-results" not in accept and ("turtle" in accept or "rdf" in accept)
            target = lines[0].split(" ")[1] if lines[0].count(" ") >= 2 else "/"
            payload, media = ((TURTLE, "text/turtle") if rdf else
                              (results(query_of(target, headers, body)), "application/sparql-results+json"))
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nContent-Length: {len(payload)}\r\n"
                         "Connection: close\r\n\r\n".encode() + payload)
        except (OSError, ValueError):  # a client that hung up or sent garbage: counted all the same
            pass
        finally:
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(5)
        self.sock.close()
