"""Optimistic locking shared by every `do_*` action: lock the row, check the version the user saw."""


class Conflict(Exception):
    """Someone else changed the object since the user loaded it; `args[0]` is its current version."""


def check_version(obj, expected_version: int | None):
    """`obj` was fetched with select_for_update; a stale `expected_version` raises Conflict."""
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(obj.version)
    return obj
