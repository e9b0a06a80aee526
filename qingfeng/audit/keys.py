"""The audit chain's HMAC keys, kept outside the database (docs/audit.md).

One file per key in `key_dir()` ($QINGFENG_HOME/keys, or QINGFENG_AUDIT_KEY_DIR):
``audit-key-0001.json`` holding its id, 32 random bytes (hex) and when it was made.
The directory is 0700 and every file 0600, created with O_EXCL so two processes
never make two different keys under one id. Keys are never changed or deleted:
rotation adds the next id, and `verify` needs every old key to check old entries.

The first key also remembers `legacy_until`: the last entry written before the
chain was keyed. Entries up to it carry key id 0 (plain SHA-256, as before keying);
an unkeyed entry after it is a forgery, since anyone can compute SHA-256.
"""

import json
import os
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"audit-key-(\d{4,})\.json")
_cache: dict[tuple[str, int], bytes] = {}


class KeyMissing(RuntimeError):
    pass


def key_dir() -> Path:
    """Where the audit keys live (the backup copies this directory)."""
    return Path(settings.AUDIT_KEY_DIR)


def _path(key_id: int) -> Path:
    return key_dir() / f"audit-key-{key_id:04d}.json"


def ids() -> list[int]:
    folder = key_dir()
    if not folder.is_dir():
        return []
    return sorted(int(m[1]) for p in folder.iterdir() if (m := _NAME.fullmatch(p.name)))


def newest_id() -> int:
    found = ids()
    return found[-1] if found else 0


def _read(key_id: int) -> dict:
    try:
        return json.loads(_path(key_id).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyMissing(f"audit key {key_id} is missing from {key_dir()}") from None


def load(key_id: int) -> bytes:
    """The key's bytes (cached: key files never change)."""
    cache_key = (str(key_dir()), key_id)
    if cache_key not in _cache:
        _cache[cache_key] = bytes.fromhex(_read(key_id)["key"])
    return _cache[cache_key]


def legacy_until() -> int | None:
    """The last unkeyed entry, as recorded by the first key; None before any key exists."""
    found = ids()
    return int(_read(found[0]).get("legacy_until", 0)) if found else None


def create(key_id: int, *, last_seq: int) -> Path:
    """Make key `key_id`; `last_seq` is the chain's end when it is made (for the first
    key: the end of the unkeyed history). Raises FileExistsError if the id is taken."""
    folder = key_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    content = {"id": key_id, "key": secrets.token_hex(32), "created": datetime.now(timezone.utc).isoformat(),
               "after_seq": last_seq}
    if not ids():
        content["legacy_until"] = last_seq
    path = _path(key_id)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(content, out)
        out.flush()
        os.fsync(out.fileno())
    return path


def discard(path: Path) -> None:
    """Remove a key whose rotation never committed (it signed nothing)."""
    _cache.pop((str(path.parent), int(_NAME.fullmatch(path.name)[1])), None)
    path.unlink(missing_ok=True)


def first_key(last_seq: int) -> int:
    """The key new entries use when the chain has none yet: the newest key, or key 1
    made now (another process may make it at the same moment: then use theirs)."""
    newest = newest_id()
    if newest:
        return newest
    try:
        create(1, last_seq=last_seq)
    except FileExistsError:
        pass
    return 1
