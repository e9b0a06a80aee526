"""Formatting noise of real files (contract §1) that must not change any answer.

Each function turns one clean value into a messy spelling that normalises back to it.
``noise_column`` picks a fraction of rows and returns their positions and messy text.
"""

import datetime as dt
import random

import numpy as np
import pyarrow as pa

from qingfeng.engine import clock

from ..schema import Kind
from .ids import is_valid, to_legacy15
from .names import TRADITIONAL

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
QUARTERS = "一二三四"
TODAY = clock.today()


def messy_id(value: str, rnd: random.Random) -> str:
    if not is_valid(value, TODAY):
        return value
    choice = rnd.randrange(6)
    if choice == 0 and to_legacy15(value):
        return to_legacy15(value)
    if choice == 1 and value.endswith("X"):
        return value[:-1] + "x"
    if choice == 2:
        return value.translate(FULL_WIDTH)
    if choice == 3:
        return f"{value[:6]} {value[6:14]} {value[14:]}"
    if choice == 4:
        return f"{value[:6]}-{value[6:14]}-{value[14:]}"
    return f" '{value} " if rnd.random() < 0.5 else "'" + value


def messy_name(value: str, rnd: random.Random) -> str:
    if not value:
        return value
    if any(c in TRADITIONAL for c in value) and rnd.random() < 0.6:
        return "".join(TRADITIONAL.get(c, c) for c in value)
    if len(value) >= 2:
        gap = rnd.choice((" ", "　", "  "))
        return value[0] + gap + value[1:]
    return f" {value} "


def messy_date(value: dt.date, rnd: random.Random) -> str:
    return rnd.choice((
        f"{value.year}/{value.month}/{value.day}", f"{value:%Y%m%d}",
        f"{value.year}年{value.month}月{value.day}日", f"{value:%Y.%m.%d}", f"{value:%Y-%m-%d} 00:00:00",
    ))


def messy_amount(value: float, rnd: random.Random) -> str:
    return f"{value:,.2f}"


def messy_period(value: str, rnd: random.Random) -> str:
    if "Q" in value:
        year, quarter = value.split("Q")
        return f"{year}年第{QUARTERS[int(quarter) - 1]}季度"
    if "-" in value:
        year, month = value.split("-")
        return rnd.choice((f"{year}{month}", f"{year}年{int(month)}月"))
    return value + "年"


def messy_code(value: str, rnd: random.Random) -> str:
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


MESSY = {Kind.ID: messy_id, Kind.PARTY: messy_id, Kind.NAME: messy_name, Kind.DATE: messy_date, Kind.AMOUNT: messy_amount,
         Kind.PERIOD: messy_period}


def noise_column(column: pa.Array, kind: Kind, name: str, rate: float, rng: np.random.Generator,
                 rnd: random.Random) -> tuple[np.ndarray, list[str]]:
    """Positions (sorted) and messy text for a fraction ``rate`` of the non-empty rows."""
    fn = MESSY.get(kind)
    if kind == Kind.CODE and name == "account":
        fn = messy_code
    n = len(column)
    if fn is None or n == 0 or rate <= 0:
        return np.array([], dtype=np.int64), []
    idx = np.unique(rng.integers(0, n, max(1, int(n * rate))))
    values = column.take(pa.array(idx)).to_pylist()
    keep = [i for i, v in enumerate(values) if v is not None and v != ""]
    return idx[keep], [fn(values[i], rnd) for i in keep]
