"""Credentials for a remote store: from the environment or a netrc file, never from the command line.

SSVKG_ENDPOINT_TOKEN          -> Authorization: Bearer
SSVKG_ENDPOINT_USER/_PASSWORD -> Basic, or Digest when the server asks for it (Virtuoso)
SSVKG_NETRC (default ~/.netrc) -> login/password for the endpoint's host
Credential values never appear in messages, reprs or logs.
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ssvkg.remote.errors import EndpointError

ENV_USER = "SSVKG_ENDPOINT_USER"
ENV_PASSWORD = "SSVKG_ENDPOINT_PASSWORD"
ENV_TOKEN = "SSVKG_ENDPOINT_TOKEN"
ENV_NETRC = "SSVKG_NETRC"


@dataclass
class Credentials:
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    source: str = ""  # where they came from, for messages ("SSVKG_ENDPOINT_USER", "~/.netrc")
    _scheme: str | None = field(default=None, repr=False)  # "basic" or "digest", once the server said
    _digest: dict | None = field(default=None, repr=False)  # last Digest challenge
    _nc: int = field(default=0, repr=False)

    def __bool__(self) -> bool:
        return bool(self.token or self.user)

    def __repr__(self) -> str:  # never show the secret
        return f"Credentials(source={self.source!r})"

    def header(self, method: str, uri: str) -> str | None:
        """The Authorization header: Bearer up front; user/password only in the scheme the server asked for.

        Not Basic up front: Virtuoso answers a Basic header with a bare 401 and no Digest challenge.
        """
        if self.token:
            return f"Bearer {self.token}"
        if not self.user or self._scheme is None:
            return None
        if self._scheme == "digest":
            return self._digest_header(method, uri)
        raw = f"{self.user}:{self.password or ''}".encode("utf-8")
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def challenge(self, www_authenticate: str | None) -> bool:
        """Take a 401's challenge; True when a retry with it makes sense."""
        if not self.user:
            return False
        www = (www_authenticate or "").strip()
        if not www.lower().startswith("digest"):
            if self._scheme is None:  # Basic asked for (or nothing said): try Basic once
                self._scheme = "basic"
                return True
            return False
        self._scheme = "digest"
        www_authenticate = www
        params = dict((k.lower(), v1 or v2) for k, v1, v2 in
                      re.findall(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))', www_authenticate[6:]))
        first_time = self._digest is None or params.get("stale", "").lower() == "true"
        self._digest, self._nc = params, 0
        return first_time

    def _digest_header(self, method: str, uri: str) -> str:
        # RFC 7616 with MD5 (what Virtuoso offers) and qop=auth.
        d = self._digest
        algorithm = d.get("algorithm", "MD5")
        h = (lambda s: hashlib.sha256(s.encode()).hexdigest()) if algorithm.upper().startswith("SHA-256") \
            else (lambda s: hashlib.md5(s.encode()).hexdigest())
        realm, nonce = d.get("realm", ""), d.get("nonce", "")
        ha1 = h(f"{self.user}:{realm}:{self.password or ''}")
        ha2 = h(f"{method}:{uri}")
        parts = [f'username="{self.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
                 f"algorithm={algorithm}"]
        if "auth" in [q.strip() for q in d.get("qop", "").split(",")]:
            self._nc += 1
            nc, cnonce = f"{self._nc:08x}", secrets.token_hex(8)
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        parts.append(f'response="{response}"')
        if "opaque" in d:
            parts.append(f'opaque="{d["opaque"]}"')
        return "Digest " + ", ".join(parts)


def _netrc_path() -> Path | None:
    given = os.environ.get(ENV_NETRC)
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise EndpointError(f"{ENV_NETRC} names {given}, which is not a file.")
        return path
    default = Path.home() / ".netrc"
    return default if default.is_file() else None


def credentials_for(host: str) -> Credentials:
    """Credentials for host: the environment first, then the netrc file, else none."""
    token = os.environ.get(ENV_TOKEN)
    if token:
        return Credentials(token=token, source=ENV_TOKEN)
    user = os.environ.get(ENV_USER)
    if user:
        return Credentials(user=user, password=os.environ.get(ENV_PASSWORD, ""), source=ENV_USER)
    path = _netrc_path()
    if path is not None:
        try:
            entry = netrc.netrc(str(path)).authenticators(host)
        except (netrc.NetrcParseError, OSError) as e:
            # The parser's message can quote the file's lines: say only where.
            line = getattr(e, "lineno", None)
            raise EndpointError(f"cannot read the netrc file {path}" + (f" (line {line})" if line else "") + ".") from None
        if entry:
            login, _account, password = entry
            return Credentials(user=login, password=password or "", source=str(path))
    return Credentials()
