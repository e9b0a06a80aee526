"""Optimistic locking shared by every `do_*` action: lock the row, check the version the user saw."""


class Conflict(Exception):
    """Someone else changed the object since the user loaded it; `args[0]` is its current version."""


def check_version(obj, expected_version: int | None):
    """`obj` was fetched with select_for_update; a stale `expected_version` raises Conflict."""
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(obj.version)
    return obj


def save_changes(obj, changes: dict) -> None:
    """Set `changes` on `obj` (locked by the caller) and save just those fields with one more
    version — and `updated_at` on models that have it; `obj.version` is then the new one."""
    from django.db.models import F

    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = F("version") + 1
    stamp = ["updated_at"] if any(f.name == "updated_at" for f in obj._meta.concrete_fields) else []
    obj.save(update_fields=[*changes, "version", *stamp])
    obj.refresh_from_db(fields=["version"])
