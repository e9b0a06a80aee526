"""Resident ID numbers (GB 11643): check digits, vectorised construction, legacy form."""

import datetime as dt

import numpy as np
import pyarrow as pa

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_W = np.array(WEIGHTS, dtype=np.int64)
_CHECK_BYTES = np.frombuffer(CHECK_CHARS.encode(), dtype=np.uint8)


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def make_id(area: str, birth: dt.date, seq: int) -> str:
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + check_char(body)


def to_legacy15(id18: str) -> str | None:
    """The 15-digit form of an 18-digit ID born in 19xx (None when impossible)."""
    if len(id18) != 18 or id18[6:8] != "19":
        return None
    return id18[:6] + id18[8:17]


def is_valid(value: str | None, today: dt.date) -> bool:
    """Independent validity check of a normalised ID (contract §1)."""
    if not value or len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return False
    if not value.isascii():
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= today:
        return False
    return check_char(value[:17]) == value[17]


def birth_of(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def id_array(area: str, births: np.ndarray, seqs: np.ndarray) -> pa.Array:
    """Vectorised: 18-character IDs from one area code, birth dates (datetime64[D]) and sequence numbers."""
    n = len(births)
    digits = np.zeros((n, 17), dtype=np.int64)
    digits[:, :6] = [int(c) for c in area]
    ymd = births.astype("datetime64[D]")
    years = ymd.astype("datetime64[Y]").astype(np.int64) + 1970
    months = (ymd.astype("datetime64[M]").astype(np.int64) % 12) + 1
    days = (ymd - ymd.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    number = years * 10000 + months * 100 + days
    for k in range(8):
        digits[:, 13 - k] = number % 10
        number //= 10
    s = seqs.astype(np.int64)
    for k in range(3):
        digits[:, 16 - k] = s % 10
        s //= 10
    check = _CHECK_BYTES[(digits @ _W) % 11]
    raw = np.empty((n, 18), dtype=np.uint8)
    raw[:, :17] = digits + ord("0")
    raw[:, 17] = check
    return pa.array(raw.view("S18").ravel(), type=pa.binary(18)).cast(pa.string())


def unique_seqs(births: np.ndarray, male: np.ndarray, limit: int = 400) -> np.ndarray:
    """Sequence numbers unique per (birth date, sex) whose parity encodes the sex (odd = male).

    Background people use ranks below ``limit``; planted people use higher ones, so the
    two never collide.
    """
    key = births.astype(np.int64) * 2 + male.astype(np.int64)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - group_start
    if len(rank) and rank.max() >= limit:
        raise ValueError("too many people born on one day in one county; add counties")
    return rank * 2 + male.astype(np.int64)
