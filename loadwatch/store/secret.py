"""The installation's random secret (issue 15 "Why" 6): drawn once, on first use, and kept in
the store, it salts pseudonym codes (reports, exports) and the hashes of client addresses.

Anyone who holds the athlete id list but not the database cannot recompute the codes. It is
never printed or logged; an export of the database leaves it out (it lives in its own
table). Every face (dashboard and CLI) that opens the same database gets the same secret,
so codes line up week after week.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from loadwatch.store.db import StoreOrUrl, now, opened
from loadwatch.store.tables import installation_secret as secret_table

_BYTES = 32  # 256 random bits, hex encoded


def installation_secret(store_or_url: StoreOrUrl) -> str:
    """The installation's secret (64 hex characters), created on first use.

    Two processes asking at once get the same one: the insert runs in the serialised write
    transaction and reads again first."""
    with opened(store_or_url) as store:
        with store.read() as conn:
            found = conn.execute(sa.select(secret_table.c.secret).order_by(
                secret_table.c.id).limit(1)).scalar()
        if found:
            return str(found)
        with store.write() as conn:
            found = conn.execute(sa.select(secret_table.c.secret).order_by(
                secret_table.c.id).limit(1)).scalar()
            if found:
                return str(found)
            value = secrets.token_hex(_BYTES)
            conn.execute(sa.insert(secret_table).values(id=1, secret=value, created_at=now()))
            return value


def keyed_digest(secret: str, text: str, length: int = 40) -> str:
    """A hex digest of `text` keyed by the secret (e.g. a client address kept only this
    way): the same text gives the same digest in one installation, another one elsewhere."""
    mac = hashlib.blake2b(text.encode(), key=bytes.fromhex(secret)[:64], digest_size=32)
    return mac.hexdigest()[:length]


__all__ = ["installation_secret", "keyed_digest"]
