"""HTTP for remote stores: a total deadline per request, bounded retries, faults as one sentence.

Why not urllib's timeout alone: it bounds each socket read, so a server that drips a
byte now and then outlives it. Here a timer shuts the socket down when the whole
request (connect, send, headers, body) runs past its deadline.
Retried: 429 and 503 (honouring Retry-After), a bounded number of times. Not retried:
other 5xx, 4xx, redirects (refused: we never send data or credentials somewhere else
without being told), connection refused.
"""

from __future__ import annotations

import email.utils
import http.client
import random
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ssvkg.timers import SignalDeafTimer
from ssvkg.version import __version__
from ssvkg.remote.auth import Credentials
from ssvkg.remote.errors import AuthError, EndpointError

USER_AGENT = f"ssvkg/{__version__} (+https://w3id.org/ssvkg)"
DEFAULT_TIMEOUT = 60.0
RETRY_STATUSES = (429, 503)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    url: str

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


@dataclass
class RetryPolicy:
    retries: int = 3  # extra attempts after the first, for 429/503 only
    backoff: float = 0.5  # first wait in seconds, doubled each time, with jitter
    max_wait: float = 30.0  # a longer Retry-After is not waited for: we give up and say so

    def wait(self, attempt: int, retry_after: str | None) -> float | None:
        """Seconds to wait before the next attempt; None when the server asks for more than max_wait."""
        if retry_after:
            asked = _retry_after_seconds(retry_after)
            if asked is not None:
                return asked if asked <= self.max_wait else None
        return min(self.max_wait, self.backoff * (2 ** attempt)) * (0.75 + random.random() / 2)


def _retry_after_seconds(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def display_url(url: str) -> str:
    """The URL without query string or user info, for messages."""
    p = urlsplit(url)
    host = p.hostname or ""
    if p.port:
        host += f":{p.port}"
    return f"{p.scheme}://{host}{p.path}"


class Transport:
    """Sends requests to one store; keeps its credentials (and a Digest challenge)."""

    def __init__(self, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
                 retry: RetryPolicy | None = None):
        self.credentials = credentials or Credentials()
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.attempts = 0  # requests actually sent, for tests and reports

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float | None = None,
                what: str = "request") -> Response:
        """Send with retries; any non-2xx answer becomes an EndpointError naming what failed."""
        attempt = 0
        while True:
            resp = self._send_authenticated(method, url, body, headers or {}, timeout or self.timeout, what)
            if resp.status in RETRY_STATUSES and attempt < self.retry.retries:
                pause = self.retry.wait(attempt, resp.header("Retry-After"))
                if pause is not None:
                    time.sleep(pause)
                    attempt += 1
                    continue
            if 200 <= resp.status < 300:
                return resp
            raise status_error(resp, what, attempt)

    def send_once(self, method: str, url: str, headers: dict[str, str], what: str = "request") -> Response:
        """One exchange (answering a Digest challenge), whatever the status: for probes."""
        return self._send_authenticated(method, url, None, headers, self.timeout, what)

    def _send_authenticated(self, method, url, body, headers, timeout, what) -> Response:
        path = _request_target(url)
        for _ in range(2):
            hdrs = {"User-Agent": USER_AGENT, **headers}
            auth = self.credentials.header(method, path)
            if auth:
                hdrs["Authorization"] = auth
            resp = send(method, url, body, hdrs, timeout, what)
            self.attempts += 1
            if resp.status == 401 and self.credentials.challenge(resp.header("WWW-Authenticate")):
                continue  # answer the Digest challenge once
            return resp
        return resp


def _request_target(url: str) -> str:
    p = urlsplit(url)
    return (p.path or "/") + (f"?{p.query}" if p.query else "")


def send(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float,
         what: str = "request") -> Response:
    """One HTTP exchange under a total deadline of timeout seconds."""
    p = urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise EndpointError(f"{display_url(url)} is not an http(s) URL.")
    shown = display_url(url)
    cls = http.client.HTTPSConnection if p.scheme == "https" else http.client.HTTPConnection
    kwargs = {"context": ssl.create_default_context()} if p.scheme == "https" else {}
    conn = cls(p.hostname, p.port, timeout=timeout, **kwargs)
    expired = threading.Event()
    held: list[socket.socket] = []  # conn.sock goes None once a closing response starts: keep our own

    def cut():
        expired.set()
        for sock in held:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = SignalDeafTimer(timeout, cut)
    timer.daemon = True
    timer.start()
    try:
        conn.connect()  # bounded by the connection's own timeout
        held.append(conn.sock)
        if expired.is_set():
            raise TimeoutError
        conn.request(method, _request_target(url), body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if expired.is_set():  # the cut socket looks like a normal end of a body without a length
            raise _timeout(what, shown, timeout)
        return Response(resp.status, resp.headers, data, url)
    except ConnectionRefusedError:
        raise EndpointError(f"nothing answers at {shown} (connection refused): is the server running?") from None
    except socket.gaierror:
        raise EndpointError(f"cannot resolve the host of {shown}.") from None
    except http.client.IncompleteRead as e:
        if expired.is_set():
            raise _timeout(what, shown, timeout) from None
        raise EndpointError(f"the {what} to {shown} was cut off: the answer ended after {len(e.partial)} bytes"
                            + (f" of {len(e.partial) + e.expected}" if e.expected else "")
                            + ".") from None
    except (TimeoutError, socket.timeout):
        raise _timeout(what, shown, timeout) from None
    except ssl.SSLError as e:
        raise EndpointError(f"TLS failed for {shown} ({e.reason or e}).") from None
    except (OSError, http.client.HTTPException) as e:
        if expired.is_set():
            raise _timeout(what, shown, timeout) from None
        raise EndpointError(f"the {what} to {shown} failed: the connection broke ({type(e).__name__}).") from None
    finally:
        timer.cancel()
        conn.close()


def _timeout(what: str, shown: str, timeout: float) -> EndpointError:
    return EndpointError(f"the {what} to {shown} did not complete within {timeout:g} s (use --timeout to allow more).",
                         retryable=True)


def _snippet(resp: Response) -> str:
    """The first line of a text error body, without markup, short."""
    if resp.content_type in ("text/html", "application/xhtml+xml"):
        import re
        text = re.sub(r"<[^>]+>", " ", resp.body[:4000].decode("utf-8", "replace"))
    else:
        text = resp.body[:1000].decode("utf-8", "replace")
    line = " ".join(text.split())
    return (line[:200] + "…") if len(line) > 200 else line


def status_error(resp: Response, what: str, retried: int) -> EndpointError:
    shown, status = display_url(resp.url), resp.status
    if 300 <= status < 400:
        target = resp.header("Location") or "an unnamed place"
        return EndpointError(f"{shown} redirects (HTTP {status}) to {display_url(target) if '://' in target else target}; "
                             "ssvkg does not follow redirects: give that URL instead.", status)
    if status in (401, 403):
        return AuthError(
            f"the server at {shown} refused the {what} (HTTP {status}): "
            + ("the credentials were not accepted" if status == 401 else "these credentials may not do this")
            + "; set SSVKG_ENDPOINT_USER and SSVKG_ENDPOINT_PASSWORD, or SSVKG_ENDPOINT_TOKEN, or add the host to ~/.netrc.",
            status)
    detail = _snippet(resp)
    tail = f": {detail}" if detail else ""
    if status in RETRY_STATUSES:
        return EndpointError(f"the server at {shown} is busy (HTTP {status}) and still was after {retried} "
                             f"retr{'y' if retried == 1 else 'ies'}; try again later{tail}.".replace("..", "."),
                             status, retryable=True)
    kind = "server error" if status >= 500 else "client error"
    return EndpointError(f"the {what} to {shown} failed with HTTP {status} ({kind}){tail}".rstrip(".") + ".", status)
