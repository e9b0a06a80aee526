"""Named sequences (qingfeng.core.models.Counter), advanced under a row lock.

The race this closes: "read the highest number, add one" run by two intakes at
once gives both the same number; on PostgreSQL the second INSERT then hits the
unique index and the user gets a 500. Here the per-key row is taken with
SELECT … FOR UPDATE inside the caller's transaction, so a second caller waits
until the first commits and then continues from the first one's value.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from qingfeng.core.models import Counter


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"counters.{name}() must be called inside transaction.atomic()")


def _locked_row(key: str, initial: Callable[[], int]) -> Counter:
    while True:
        row = Counter.objects.select_for_update().filter(key=key).first()
        if row is not None:
            return row
        # First use of the key. Two callers may both find no row: the unique index
        # lets one insert win; the other's insert fails inside its savepoint and
        # it selects (and waits for) the winner's row on the next turn.
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, value=initial())
        except IntegrityError:
            continue


def reserve(key: str, count: int = 1, *, initial: Callable[[], int] = lambda: 0) -> range:
    """The next `count` values of `key`, taken together.

    `initial()` gives the value the sequence has already reached when the key is
    first used (say, the highest number issued before the counter existed).
    Must run inside the transaction that uses the values: the row stays locked
    until it commits, and a rollback gives the values back.
    """
    _require_transaction("reserve")
    row = _locked_row(key, initial)
    start = row.value + 1
    row.value += count
    row.save(update_fields=["value"])
    return range(start, row.value + 1)


def next_value(key: str, *, initial: Callable[[], int] = lambda: 0) -> int:
    """The next value of `key` (see `reserve`)."""
    return reserve(key, 1, initial=initial)[0]


def raise_to(key: str, value: int, *, initial: Callable[[], int] = lambda: 0) -> None:
    """Make sure the sequence never hands out `value` or below (a number issued elsewhere)."""
    _require_transaction("raise_to")
    row = _locked_row(key, initial)
    if row.value < value:
        row.value = value
        row.save(update_fields=["value"])
