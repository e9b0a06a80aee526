"""Background registries of one county, built column-wise from a Population.

Background data is meant to look ordinary, but nothing here avoids a rule on purpose
beyond the obvious (payments stop when a person leaves the roll): the answer key is
computed independently from all records, so an accidental hit is simply expected.
"""

import numpy as np
import pyarrow as pa

from .people import Population, day, join, lpad, rand_days
from .programs import CANJI, CHANYE, DIBAO, GONGYILIN, TEKUN, WEIFANG, YANGLAO, YULU, Program

def _dates(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype("datetime64[D]"), type=pa.date32())


def roll_table(pop: Population) -> pa.Table:
    M = pop.n_members
    village_of = pa.array([v.name for v in pop.county.villages])
    township_name = {t.code: t.name for t in pop.county.townships}
    township_of = pa.array([township_name[v.township_code] for v in pop.county.villages])
    vil = pa.array(pop.village[:M])
    poor_exit = np.random.default_rng(pop.county_index).random(M) < 0.4
    status = np.where(np.isnat(pop.removed), np.where(poor_exit, "已脱贫", "正常"),
                      np.where(np.isnat(pop.died[:M]), "迁出", "死亡"))
    return pa.table({
        "household_id": pop.household_id.take(pa.array(pop.hh)),
        "name": pop.name.slice(0, M),
        "id_number": pop.id_number.slice(0, M),
        "relation": pop.relation,
        "sex": pa.array(np.where(pop.male[:M], "男", "女")),
        "birth_date": _dates(pop.birth[:M]),
        "village_code": pop.village_codes.take(vil),
        "township": township_of.take(vil),
        "village": village_of.take(vil),
        "enrolled_on": _dates(pop.enrolled),
        "removed_on": _dates(pop.removed),
        "status": pa.array(status),
    })


def _periods(cycle: str) -> list[np.datetime64]:
    if cycle == "月":
        return [day(f"{y}-{m:02d}-01") for y in (2018, 2019) for m in range(1, 13)]
    if cycle == "季":
        return [day(f"{y}-{m:02d}-01") for y in (2018, 2019) for m in (1, 4, 7, 10)]
    return [day(f"{y}-01-01") for y in (2018, 2019)]


def _pay_offsets(cycle: str, rng, n) -> np.ndarray:
    spread = {"月": (14, 25), "季": (30, 75), "年": (300, 340)}[cycle]
    return rng.integers(*spread, n).astype("timedelta64[D]")


def payments_table(pop: Population, rng: np.random.Generator, id_prefix: str) -> pa.Table:
    M = pop.n_members
    age_2018 = (day("2018-01-01") - pop.birth[:M]).astype(int) / 365.25
    person = {
        TEKUN: (age_2018 >= 60) & (rng.random(M) < 0.05),
        CANJI: rng.random(M) < 0.05,
        YANGLAO: (age_2018 >= 60) & (rng.random(M) < 0.8),
    }
    household = {DIBAO: 0.45, CHANYE: 0.4, GONGYILIN: 0.6}
    parts = []
    for program, p in household.items():
        units = np.flatnonzero(rng.random(pop.n_households) < p)
        parts.append(_recurring(pop, rng, program, pop.head[units], units))
    for program, chosen in person.items():
        members = np.flatnonzero(chosen)
        parts.append(_recurring(pop, rng, program, members, pop.hh[members]))
    students = np.flatnonzero((pop.birth[:M] >= day("1996-01-01")) & (pop.birth[:M] <= day("2003-12-31"))
                              & (rng.random(M) < 0.3))
    parts.append(_once(pop, rng, YULU, students, pop.hh[students], "2018-09-01", "2019-09-30"))
    repaired = np.flatnonzero(rng.random(pop.n_households) < 0.01)
    parts.append(_once(pop, rng, WEIFANG, pop.head[repaired], repaired, "2018-04-01", "2019-11-30"))
    columns = {k: pa.concat_arrays([part[k] for part in parts]) for k in parts[0]}
    n = len(columns["paid_on"])
    order = np.lexsort((np.arange(n), columns["paid_on"].to_numpy(zero_copy_only=False)))
    table = pa.table(columns).take(pa.array(order))
    payment_id = join(id_prefix, lpad(np.arange(n), 9))
    return table.add_column(0, "payment_id", payment_id)


def _rows(pop, program: Program, person, hh, period, paid, amount, account, account_name) -> dict:
    vil = pa.array(pop.village[person])
    return {
        "program": pa.array([program.name] * len(person), pa.string()),
        "period": _labels(program.cycle, period),
        "name": pop.name.take(pa.array(person)),
        "id_number": pop.id_number.take(pa.array(person)),
        "household_id": pop.household_id.take(pa.array(hh)),
        "account": account,
        "account_name": account_name,
        "amount": pa.array(amount.astype(np.float64)),
        "paid_on": _dates(paid),
        "village_code": pop.village_codes.take(vil),
        "department": pa.array([program.department] * len(person), pa.string()),
    }


def _labels(cycle: str, period: np.ndarray) -> pa.Array:
    years = period.astype("datetime64[Y]").astype(np.int64) + 1970
    months = period.astype("datetime64[M]").astype(np.int64) % 12 + 1
    y = pa.array(years).cast(pa.string())
    if cycle == "季":
        return join(y, "Q", pa.array((months - 1) // 3 + 1).cast(pa.string()))
    if cycle == "年":
        return y
    return join(y, "-", lpad(months, 2))


def _alive_and_enrolled(pop: Population, person: np.ndarray, paid: np.ndarray) -> np.ndarray:
    removed = pop.removed[person]
    died = pop.died[person]
    return ((pop.enrolled[person] <= paid) & (np.isnat(removed) | (paid < removed))
            & (np.isnat(died) | (paid < died)))


def _accounts(pop, program: Program, person, hh):
    if program.scope == "户":
        return pop.hh_account.take(pa.array(hh)), pop.name.take(pa.array(pop.head[hh]))
    return pop.account.take(pa.array(person)), pop.account_name.take(pa.array(person))


def _recurring(pop, rng, program: Program, person: np.ndarray, hh: np.ndarray) -> dict:
    periods = np.array(_periods(program.cycle), dtype="datetime64[D]")
    k = len(periods)
    person_r, hh_r = np.repeat(person, k), np.repeat(hh, k)
    period = np.tile(periods, len(person))
    paid = period + _pay_offsets(program.cycle, rng, len(period))
    keep = _alive_and_enrolled(pop, person_r, paid)
    person_r, hh_r, period, paid = person_r[keep], hh_r[keep], period[keep], paid[keep]
    lo, hi = program.amount_range
    base = rng.integers(lo // 10, hi // 10 + 1, len(person)) * 10
    amount = np.repeat(base, k)[keep]
    if program is YANGLAO:
        amount = np.where(paid >= day("2019-01-01"), 113, 103)
    account, account_name = _accounts(pop, program, person_r, hh_r)
    return _rows(pop, program, person_r, hh_r, period, paid, amount, account, account_name)


def _once(pop, rng, program: Program, person, hh, start: str, end: str) -> dict:
    paid = rand_days(rng, start, end, len(person))
    keep = _alive_and_enrolled(pop, person, paid)
    person, hh, paid = person[keep], hh[keep], paid[keep]
    period = paid.astype("datetime64[M]").astype("datetime64[D]")
    lo, hi = program.amount_range
    amount = rng.integers(lo // 100, hi // 100 + 1, len(person)) * 100
    account, account_name = _accounts(pop, program, person, hh)
    return _rows(pop, program, person, hh, period, paid, amount, account, account_name)
