"""Rate limits of the public endpoints (portal.md §1), shared by every server process.

Events live in their own SQLite file under QINGFENG_HOME, not in the operational
database: a cross-check run writing thousands of clues must never make a lookup wait
for a lock, and counting in each worker's memory would let every process allow the
limit again. Keys are keyed hashes of the address or ID number, so the file holds no
personal data. Windows slide: an event counts for exactly `window` seconds.
"""

import hashlib
import hmac
import random
import sqlite3
import threading
import time

from django.conf import settings

from qingfeng.portal.keys import portal_key

ADDRESS = "address"  # every lookup, status and message request, per client address
ID_FAILURE = "id_failure"  # failed lookups, per ID number from any address
MAX_WINDOW = 3600  # the longest window; older events are purged
PURGE_EVERY = 500  # on average, one purge per this many recorded events

_local = threading.local()


def _db_path():
    return settings.HOME / "portal-limits.sqlite"


def _connection() -> sqlite3.Connection:
    path = str(_db_path())
    con = getattr(_local, "con", None)
    if con is None or getattr(_local, "path", None) != path:
        con = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("CREATE TABLE IF NOT EXISTS events (scope TEXT NOT NULL, key BLOB NOT NULL, at REAL NOT NULL)")
        con.execute("CREATE INDEX IF NOT EXISTS events_key ON events (scope, key, at)")
        _local.con, _local.path = con, path
    return con


def _key(value: str) -> bytes:
    return hmac.new(portal_key(), value.encode(), hashlib.sha256).digest()[:16]


def count(scope: str, value: str, window: int) -> int:
    (n,) = _connection().execute(
        "SELECT count(*) FROM events WHERE scope = ? AND key = ? AND at > ?",
        (scope, _key(value), time.time() - window)).fetchone()
    return n


def record(scope: str, value: str) -> None:
    con = _connection()
    con.execute("INSERT INTO events VALUES (?, ?, ?)", (scope, _key(value), time.time()))
    if random.randrange(PURGE_EVERY) == 0:
        con.execute("DELETE FROM events WHERE at < ?", (time.time() - MAX_WINDOW,))


def allow(scope: str, value: str, limit: int, window: int) -> bool:
    """Count one event unless `limit` events of `value` already fall in the last `window` seconds."""
    if count(scope, value, window) >= limit:
        return False
    record(scope, value)
    return True


def address_allowed(address: str | None) -> bool:
    """One more lookup, status or message request from this client address."""
    return allow(ADDRESS, address or "unknown", settings.LOOKUP_PER_MINUTE, 60)


def id_blocked(id_key: str) -> bool:
    """Too many failed lookups of this ID number (normalised) within the hour."""
    return count(ID_FAILURE, id_key, 3600) >= settings.LOOKUP_FAILURES_PER_HOUR


def record_id_failure(id_key: str) -> None:
    record(ID_FAILURE, id_key)


def reset() -> None:
    """Forget every event (tests, and an administrator clearing a false alarm)."""
    _connection().execute("DELETE FROM events")
