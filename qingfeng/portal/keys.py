"""The portal's secret key: keyed hashes of receipts and of rate-limit keys.

Kept in a file of its own under QINGFENG_HOME (included in backups), never in the
database, so a copy of the database alone cannot test receipt guesses.
"""

import os
import secrets
from functools import lru_cache

from django.conf import settings

KEY_FILE = "portal_key"


def key_path():
    return settings.HOME / KEY_FILE


@lru_cache(maxsize=4)
def _read(path) -> bytes:
    if not path.exists():
        # Written aside, then linked in place: another process never reads half a key.
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first; use theirs
        finally:
            temp.unlink()
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < 32:
        raise RuntimeError(f"{path}: the portal key is too short")
    return key


def portal_key() -> bytes:
    return _read(key_path())
