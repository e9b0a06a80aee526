"""Vectorised background population of one county: households, members, outsiders.

Everything is numpy/pyarrow column arithmetic so that millions of people take seconds.
"""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .county import County
from .ids import id_array, unique_seqs
from .names import FEMALE_CHARS, MALE_CHARS, SURNAME_WEIGHTS, SURNAMES

def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def rand_days(rng: np.random.Generator, start: str, end: str, n: int) -> np.ndarray:
    """Uniform dates in [start, end]."""
    lo, hi = day(start), day(end)
    return lo + rng.integers(0, (hi - lo).astype(int) + 1, n).astype("timedelta64[D]")


def lpad(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(values.astype(np.int64)).cast(pa.string()), width, "0")


def join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def random_names(rng: np.random.Generator, male: np.ndarray, surnames: pa.Array | None = None) -> pa.Array:
    n = len(male)
    if surnames is None:
        surnames = random_surnames(rng, n)
    male_pool, female_pool = pa.array(list(MALE_CHARS)), pa.array(list(FEMALE_CHARS))
    first = pc.if_else(pa.array(male), male_pool.take(pa.array(rng.integers(0, len(MALE_CHARS), n))),
                       female_pool.take(pa.array(rng.integers(0, len(FEMALE_CHARS), n))))
    second_m = male_pool.take(pa.array(rng.integers(0, len(MALE_CHARS), n)))
    second_f = female_pool.take(pa.array(rng.integers(0, len(FEMALE_CHARS), n)))
    second = pc.if_else(pa.array(rng.random(n) < 0.75), pc.if_else(pa.array(male), second_m, second_f), "")
    return join(surnames, first, second)


def random_surnames(rng: np.random.Generator, n: int) -> pa.Array:
    weights = np.array(SURNAME_WEIGHTS) / sum(SURNAME_WEIGHTS)
    return pa.array(list(SURNAMES)).take(pa.array(rng.choice(len(SURNAMES), n, p=weights)))


def group_rank(key: np.ndarray) -> np.ndarray:
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1] if len(key) else np.array([], dtype=np.int64)
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    return rank


@dataclass
class Population:
    """Roll members (index < n_members) followed by outsiders, all in one county."""

    county: County
    county_index: int
    n_households: int
    n_members: int
    hh: np.ndarray  # household index per member
    pos: np.ndarray  # position in household (0 = head)
    head: np.ndarray  # person index of each household's head
    hh_village: np.ndarray  # village index per household
    village: np.ndarray  # village index per person
    birth: np.ndarray  # datetime64[D] per person
    male: np.ndarray
    name: pa.Array
    id_number: pa.Array
    relation: pa.Array
    enrolled: np.ndarray  # members only
    removed: np.ndarray  # members only, NaT when on the roll
    died: np.ndarray  # per person, NaT when alive
    household_id: pa.Array  # per household
    hh_account: pa.Array  # per household
    account: pa.Array  # per member: own or the household's
    account_name: pa.Array  # per member
    village_codes: pa.Array  # per village index


def build_population(county: County, county_index: int, n_households: int, rng: np.random.Generator) -> Population:
    H = n_households
    sizes = rng.choice(6, H, p=[0.14, 0.24, 0.26, 0.2, 0.11, 0.05]) + 1
    M = int(sizes.sum())
    hh = np.repeat(np.arange(H), sizes)
    starts = np.cumsum(sizes) - sizes
    pos = np.arange(M) - np.repeat(starts, sizes)
    head = starts
    n_villages = len(county.villages)
    hh_village = rng.integers(0, n_villages, H)
    O = max(10, int(M * 0.3))  # outsiders: car owners, employees, cadres…
    N = M + O

    head_birth = rand_days(rng, "1940-01-01", "1985-12-31", H)
    head_male = rng.random(H) < 0.8
    hb = head_birth[hh]
    birth = np.empty(N, dtype="datetime64[D]")
    birth[:M] = hb
    spouse = pos == 1
    birth[:M][spouse] = hb[spouse] + rng.integers(-5 * 365, 5 * 365, spouse.sum()).astype("timedelta64[D]")
    child = pos >= 2
    mother = (pos == 5)
    child &= ~mother
    kids = hb[child] + rng.integers(20 * 365, 40 * 365, child.sum()).astype("timedelta64[D]")
    birth[:M][child] = np.where(kids > day("2017-12-31"), rand_days(rng, "2000-01-01", "2017-12-31", len(kids)), kids)
    mums = hb[mother] - rng.integers(22 * 365, 35 * 365, mother.sum()).astype("timedelta64[D]")
    birth[:M][mother] = np.where(mums < day("1920-01-01"), rand_days(rng, "1920-01-01", "1935-12-31", len(mums)), mums)
    birth[M:] = rand_days(rng, "1945-01-01", "2000-12-31", O)
    male = np.empty(N, dtype=bool)
    male[:M] = np.where(pos == 0, head_male[hh], np.where(spouse, ~head_male[hh], rng.random(M) < 0.5))
    male[:M][mother] = False
    male[M:] = rng.random(O) < 0.6

    village = np.r_[hh_village[hh], rng.integers(0, n_villages, O)]
    hh_surname = random_surnames(rng, H)
    family = (pos == 0) | child  # spouses, mothers and outsiders keep their own surname
    surname = pc.if_else(pa.array(np.r_[family, np.zeros(O, bool)]),
                         pa.concat_arrays([hh_surname.take(pa.array(hh)), pa.nulls(O, pa.string())]),
                         random_surnames(rng, N))
    name = random_names(rng, male, surname)
    id_number = id_array(county.code, birth, unique_seqs(birth, male))

    relation = np.where(pos == 0, "户主", np.where(spouse, "配偶", np.where(mother, "之母",
                        np.where(male[:M], "之子", "之女"))))
    hh_enrol = np.where(rng.random(H) < 0.85, rand_days(rng, "2014-01-01", "2017-12-31", H),
                        rand_days(rng, "2018-01-01", "2019-09-30", H))
    enrolled = np.maximum(hh_enrol[hh], birth[:M])
    removed = np.full(M, np.datetime64("NaT"), dtype="datetime64[D]")
    leaving = (pos > 0) & (rng.random(M) < 0.05)
    base = np.maximum(enrolled[leaving], day("2018-01-01"))
    removed[leaving] = np.minimum(base + rng.integers(1, 700, leaving.sum()).astype("timedelta64[D]"), day("2019-12-31"))
    died = np.full(N, np.datetime64("NaT"), dtype="datetime64[D]")
    dead = leaving & (rng.random(M) < 0.5)
    died[:M][dead] = np.maximum(removed[dead] - rng.integers(0, 30, dead.sum()).astype("timedelta64[D]"), enrolled[dead])
    gone = rng.random(O) < 0.01
    died[M:][gone] = rand_days(rng, "2015-01-01", "2019-12-31", gone.sum())

    village_codes = pa.array([v.code for v in county.villages])
    household_id = join(village_codes.take(pa.array(hh_village)), lpad(group_rank(hh_village) + 1, 4))
    tag = f"{county_index:03d}"
    hh_account = join("6217", tag, lpad(np.arange(H), 8), lpad(rng.integers(0, 10000, H), 4))
    own = rng.random(M) < 0.25
    own_account = join("6228", tag, lpad(np.arange(M), 8), lpad(rng.integers(0, 10000, M), 4))
    account = pc.if_else(pa.array(own), own_account, hh_account.take(pa.array(hh)))
    account_name = pc.if_else(pa.array(own), name.slice(0, M), name.take(pa.array(head[hh])))
    return Population(county, county_index, H, M, hh, pos, head, hh_village, village, birth, male, name,
                      id_number, pa.array(relation), enrolled, removed, died, household_id, hh_account,
                      account, account_name, village_codes)
