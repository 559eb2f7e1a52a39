"""Running the web app with uvicorn on a socket we bind ourselves (clear errors, port 0 works)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ssvkg.api import KnowledgeGraph
from ssvkg.errors import InputError
from ssvkg.gate.iri import is_iri
from ssvkg.web.limits import Limits

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or InputError saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InputError(f"cannot resolve host {host!r}.") from None
    family, _, proto, _, address = infos[0]
    # proto must say TCP: asyncio sets TCP_NODELAY only on such sockets, and without it
    # every answer on a kept-alive connection waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        if e.errno in (98, 48):  # EADDRINUSE on Linux / macOS
            raise InputError(f"port {port} on {host} is already in use; choose another with --port.") from None
        raise InputError(f"cannot listen on {host}:{port} ({e.strerror or e}).") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def check_base_url(url: str) -> str:
    """The site's public address (--base-url) without its trailing slash, or InputError."""
    try:
        parts = urlsplit(url) if is_iri(url) else None
        if parts is not None:
            parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username is not None):
        raise InputError(f"--base-url must be an http:// or https:// URL without query or fragment, "
                         f"like https://ssvkg.example.org/, got {url!r}.")
    return url.rstrip("/")


def make_server(kg: KnowledgeGraph, sock: socket.socket, limits: Limits = Limits(),
                endpoint: str | None = None, log_level: str = "warning", base_url: str | None = None):
    """A uvicorn.Server for the app; call .run(sockets=[sock]) to serve until stopped.

    base_url: the site's public address, already checked by check_base_url, for the absolute
    URLs it gives out (OpenAPI's servers, the endpoint on /sparql); without it they are relative."""
    import uvicorn

    from ssvkg.web.app import create_app

    class Server(uvicorn.Server):
        async def serve(self, sockets=None):
            try:
                await super().serve(sockets=sockets)
            finally:
                app.state.site.close()  # the worker processes end with the server

    host, port = sock.getsockname()[:2]
    app = create_app(kg, limits, endpoint, base_url=base_url)
    config = uvicorn.Config(
        # limit_concurrency well above the pools' queues: past it uvicorn answers 503
        # itself, without the Retry-After that the app's own 503s carry.
        app, host=host, port=port, log_level=log_level,
        access_log=log_level in ("info", "debug"), limit_concurrency=2048, timeout_keep_alive=5,
        server_header=False, lifespan="off",
    )
    return Server(config)
