"""Generate a whole bundle: background counties, planted cases, noise, answer key.

Counties are generated one at a time and appended to the registry files, so memory
stays bounded by one county whatever the total size.
"""

import csv
import math
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from qingfeng.engine import clock

from . import answer_key, background, registries, village
from .county import county_codes, demo_county
from .people import build_population
from .planted import plant
from .programs import standards_rows
from .writers import ChunkWriter

REGISTRY_KEYS = ("roll", "payments", "standards", "vehicles", "properties", "deaths", "employees",
                 "businesses", "cadres", "village_books", "village_bank")
VILLAGE_ENTRIES = 40  # most entries in each village's books (and as many statement lines)


def village_entries_for(households: int) -> int:
    """Entries per village by default: small bundles (tests) stay small."""
    return max(2, min(VILLAGE_ENTRIES, households // 50))
HOUSEHOLDS_PER_COUNTY = 60_000
ANSWER_KEY_DIR = "answer_key"  # a subfolder: the importer only reads registry files at the top
ANSWER_KEY_LIMIT = 40_000  # households; the pure-Python key gets slow beyond that
OTHERS = {"vehicles": registries.vehicles, "properties": registries.properties, "employees": registries.employees,
          "businesses": registries.businesses, "cadres": registries.cadres, "deaths": registries.deaths}


@dataclass
class Summary:
    out_dir: Path
    rows: dict = field(default_factory=dict)
    hits: int | None = None
    seconds: float = 0.0


def generate(out_dir: Path, households: int, seed: int = 1, fmt: str = "csv", headers: str = "zh",
             noise: float = 0.03, with_key: bool | None = None, progress=None,
             formats: dict[str, str] | None = None, village_entries: int | None = None) -> Summary:
    """Write a bundle; ``formats`` overrides the file format of single registries;
    ``village_entries``: entries per village in the village books (0: none but the planted;
    default ``village_entries_for(households)``)."""
    if village_entries is None:
        village_entries = village_entries_for(households)
    formats = {k: (formats or {}).get(k, fmt) for k in REGISTRY_KEYS}
    if set(formats.values()) - {"csv", "xlsx", "parquet"}:
        raise ValueError(f"未知格式 unknown format: {formats}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob("*.csv"), *out_dir.glob("*.xlsx"), *out_dir.glob("*.parquet")]:
        if old.stem in REGISTRY_KEYS:
            old.unlink()
    with_key = households <= ANSWER_KEY_LIMIT if with_key is None else with_key
    writers = {k: ChunkWriter(out_dir / f"{k}.{formats[k]}", k, formats[k], headers, noise, seed) for k in REGISTRY_KEYS}
    clean: dict[str, list] = {k: [] for k in REGISTRY_KEYS}
    try:
        standards = pa.Table.from_pylist(standards_rows())
        _emit(writers, clean, with_key, "standards", standards)
        n_counties = max(1, math.ceil(households / HOUSEHOLDS_PER_COUNTY))
        book = None
        for index, (code, name) in enumerate(county_codes(n_counties)):
            county = demo_county(seed=int(code), county_code=code, name=name)
            share = households // n_counties + (1 if index < households % n_counties else 0)
            rng = np.random.default_rng([seed, index])
            pop = build_population(county, index, share, rng)
            tables = {"roll": background.roll_table(pop),
                      "payments": background.payments_table(pop, rng, f"P{code}")}
            tables.update({k: fn(pop, rng) for k, fn in OTHERS.items()})
            tables["village_books"], tables["village_bank"] = village.village_tables(
                pop.village_codes, rng, village_entries, (pop.name, pop.id_number, pop.village))
            if index == 0:
                book = plant(county)
                for key, rows in book.rows.items():
                    tables[key] = pa.concat_tables([tables[key], pa.Table.from_pylist(rows, schema=tables[key].schema)])
            for key, table in tables.items():
                _emit(writers, clean, with_key, key, table)
            if progress:
                progress(index + 1, n_counties)
    except BaseException:
        for writer in writers.values():
            writer.close()
        raise
    for writer in writers.values():
        writer.close()
    summary = Summary(out_dir, {k: w.rows for k, w in writers.items()})
    if with_key:
        summary.hits = _write_key(out_dir, clean, book)
    summary.seconds = time.perf_counter() - started
    return summary


def _emit(writers, clean, with_key, key, table: pa.Table) -> None:
    writers[key].write(table)
    if with_key:
        clean[key].extend(table.to_pylist())


def _write_key(out_dir: Path, clean: dict, book) -> int:
    key_dir = out_dir / ANSWER_KEY_DIR
    if key_dir.exists():
        shutil.rmtree(key_dir)
    key_dir.mkdir()
    hits = answer_key.compute(clean, clock.today())
    columns = ["rule", "id_number", "household_id", "name", "payment_id", "account", "record"]
    with open(key_dir / "expected_hits.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(hits)
    with open(key_dir / "planted_cases.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["rule", "key", "fires", "note"])
        for e in book.expectations:
            writer.writerow([e.rule, "|".join(e.key), "yes" if e.fires else "no", e.note])
    return len(hits)


def read_key(out_dir: Path) -> set[tuple]:
    """The expected hits of a bundle as (rule, key) pairs, keys as in answer_key.key_of."""
    with open(Path(out_dir) / ANSWER_KEY_DIR / "expected_hits.csv", encoding="utf-8") as fh:
        return {(row["rule"], answer_key.key_of(row["rule"], row)) for row in csv.DictReader(fh)}


def read_planted(out_dir: Path) -> list[dict]:
    with open(Path(out_dir) / ANSWER_KEY_DIR / "planted_cases.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
