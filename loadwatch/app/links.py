"""Personal links (issue 16): an unguessable token per athlete (or guardian), kept as a hash.

A token is 32 random bytes (``secrets.token_urlsafe``), so it cannot be guessed or forged;
the store keeps only its SHA-256, so a copy of the database opens no link. A link is scoped
to one athlete of one team, expires after :data:`LINK_DAYS` days, is revoked by a new link
of the same kind, and can be revoked by hand. Tokens are never logged or audited.

The address is ``$LOADWATCH_BASE_URL/?t=TOKEN`` (the athlete's page) or ``?g=TOKEN`` (the
guardian's); the dashboard routes both before its sign-in form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import secrets
from dataclasses import dataclass
from typing import Final

import segno

from loadwatch.store import selfreport
from loadwatch.store.db import StoreOrUrl, now
from loadwatch.store.selfreport import Link

BASE_URL_VAR: Final = "LOADWATCH_BASE_URL"
DEFAULT_BASE_URL: Final = "http://localhost:8501"
LINK_DAYS: Final = 180  # one season; a new link replaces the old one at any time
QUERY_KEY: Final = {"athlete": "t", "guardian": "g"}
_TOKEN_BYTES: Final = 32


@dataclass(frozen=True)
class NewLink:
    """A freshly made link: the URL (shown once, never stored) and when it expires."""

    url: str
    kind: str
    expires_at: dt.datetime

    def qr_svg(self) -> str:
        """The URL as a QR code (SVG text) for a printed hand-out."""
        return str(segno.make(self.url, error="m").svg_inline(scale=4))

    def qr_png(self) -> bytes:
        """The URL as a QR code (PNG) for the screen or a printed hand-out."""
        buffer = io.BytesIO()
        segno.make(self.url, error="m").save(buffer, kind="png", scale=6, border=2)
        return buffer.getvalue()


def base_url() -> str:
    """Where loadwatch is reached: $LOADWATCH_BASE_URL (no trailing slash) or localhost."""
    return (os.environ.get(BASE_URL_VAR) or DEFAULT_BASE_URL).rstrip("/")


def token_hash(token: str) -> str:
    """The SHA-256 (hex) the store keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_link(store: StoreOrUrl, team: str, athlete: str, *, kind: str = "athlete",
              email: str | None = None, by: str, days: int = LINK_DAYS) -> NewLink:
    """A new personal link of the athlete of the team (the older one of that kind stops
    working); LookupError when the team has no such athlete."""
    if kind not in QUERY_KEY:
        raise ValueError(f"a link is for an 'athlete' or a 'guardian', not '{kind}'")
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = now() + dt.timedelta(days=days)
    selfreport.add_link(store, team, athlete, kind, token_hash(token), expires_at=expires,
                        email=(email or "").strip() or None, by=by)
    return NewLink(f"{base_url()}/?{QUERY_KEY[kind]}={token}", kind, expires)


def resolve(store: StoreOrUrl, token: str | None) -> tuple[Link | None, str]:
    """The link of a token and its status: 'ok', 'revoked', 'expired' or 'unknown'."""
    if not token or len(token) > 100:
        return None, "unknown"
    link = selfreport.find_link(store, token_hash(token))
    if link is None:
        return None, "unknown"
    return link, link.status
