"""The portal's secret key: keyed hashes of receipts, of the lookup read model's persons
and of rate-limit keys.

Kept in a file of its own under QINGFENG_HOME (included in backups), never in the
database, so a copy of the database alone cannot test receipt guesses. The engine
command line (no Django) reads the same file through qingfeng.engine.publish.load_key.
"""

from functools import lru_cache

from django.conf import settings

from qingfeng.engine.publish import KEY_FILE, load_key


def key_path():
    return settings.HOME / KEY_FILE


@lru_cache(maxsize=4)
def _read(path) -> bytes:
    key = load_key(path)
    if len(key) < 32:
        raise RuntimeError(f"{path}: the portal key is too short")
    return key


def portal_key() -> bytes:
    return _read(key_path())
