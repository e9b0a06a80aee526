"""Rate limits of the public endpoints (portal.md §1), shared by every server process.

Events live in their own SQLite file under QINGFENG_HOME, not in the operational
database: a cross-check run writing thousands of clues must never make a lookup wait
for a lock, and counting in each worker's memory would let every process allow the
limit again. Keys are keyed hashes of the address or ID number, so the file holds no
personal data. Windows slide: an event counts for exactly `window` seconds.
"""

import hashlib
import hmac
import ipaddress
import random
import sqlite3
import threading
import time

from django.conf import settings

from qingfeng.portal.keys import portal_key

ADDRESS = "address"  # every lookup, status and message request, per client address
ID_FAILURE = "id_failure"  # failed lookups, per ID number from any address
REPORT = "report"  # new public reports, per client address
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
    _connection().execute("INSERT INTO events VALUES (?, ?, ?)", (scope, _key(value), time.time()))


def reserve(scope: str, value: str, limit: int, window: int) -> int | None:
    """Count one event unless `limit` events of `value` already fall in the last `window` seconds.

    Check and insert are one write transaction (BEGIN IMMEDIATE): parallel requests from
    any number of processes cannot all pass the check before one of them records.
    Returns the event's id (for release()), or None when over the limit.
    """
    con, now = _connection(), time.time()
    con.execute("BEGIN IMMEDIATE")
    try:
        (n,) = con.execute("SELECT count(*) FROM events WHERE scope = ? AND key = ? AND at > ?",
                           (scope, _key(value), now - window)).fetchone()
        event = None if n >= limit else con.execute(
            "INSERT INTO events VALUES (?, ?, ?)", (scope, _key(value), now)).lastrowid
        if event is not None and random.randrange(PURGE_EVERY) == 0:
            con.execute("DELETE FROM events WHERE at < ?", (now - MAX_WINDOW,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return event


def release(event: int) -> None:
    """Take back a reserved event (a lookup reserved as a failure that found its person)."""
    _connection().execute("DELETE FROM events WHERE rowid = ?", (event,))


def allow(scope: str, value: str, limit: int, window: int) -> bool:
    return reserve(scope, value, limit, window) is not None


def address_key(address: str | None) -> str:
    """An IPv4 address as it is; an IPv6 address by its /64, which any one host may hold whole."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_allowed(address: str | None, scope: str = ADDRESS, limit: int | None = None,
                    window: int = 60) -> bool:
    """One more request from this client address (default: a lookup, status or message, per minute)."""
    limit = settings.LOOKUP_PER_MINUTE if limit is None else limit
    return allow(scope, address_key(address), limit, window)


def reserve_id_failure(id_key: str) -> int | None:
    """Count a lookup of this ID number (normalised) as failed until it succeeds; None when blocked.

    Reserving before the lookup, not recording after it, keeps parallel guesses of one ID
    within the limit too.
    """
    return reserve(ID_FAILURE, id_key, settings.LOOKUP_FAILURES_PER_HOUR, 3600)


def reset() -> None:
    """Forget every event (tests, and an administrator clearing a false alarm)."""
    _connection().execute("DELETE FROM events")
