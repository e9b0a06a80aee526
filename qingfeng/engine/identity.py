"""Fuzzy identity (crosscheck.md §2), set-based in the hub.

A row without a valid ID (a death record, a cadre's relative) is the same person
as a record with a valid ID when the names are equal or differ in exactly one
character sharing a toneless pinyin reading (any reading of a 多音字 counts), the
birth dates are equal (for the ID holder: the date in ID digits 7–14), and the
village codes are equal wherever both have one.

The work is done in three steps so that pypinyin only ever sees the handful of
characters that differ between candidate pairs:
1. SQL: pairs joined on birth date, name length and village; for unequal names
   keep those differing in exactly one position, with the two characters;
2. Python: toneless readings of just those characters into ``pinyin_chars``;
3. SQL: keep pairs whose two characters share a reading.

Exact (by-ID) matches are not made here: rules join on the ID columns.
"""

from dataclasses import dataclass

import pyarrow as pa
from pypinyin import Style, pinyin

from qingfeng.engine import dialect

MAX_NAME_LENGTH = 32  # longer names (minority names with many parts) match only when equal


@dataclass(frozen=True)
class FuzzySpec:
    """Which rows to match: ``left`` rows lack a valid ID, ``right`` rows have one.

    ``left`` yields (l_row, name, birth_date, village_code); ``right`` yields
    (r_registry, r_row, id_number, name, village_code). Both in the rule dialect,
    over logical table names.
    """

    name: str
    left: str
    right: str


# ``births`` (a CTE of CANDIDATES) holds the left rows' birth dates as YYYYMMDD: only
# people born on one of those days can match, so the rest are dropped before grouping.
ROLL_PEOPLE = """
SELECT 'roll' AS r_registry, _row AS r_row, id_number, name, village_code
FROM roll WHERE id_number IS NOT NULL AND substr(id_number, 7, 8) IN (SELECT born FROM births)
"""

PAYMENT_PEOPLE = """
SELECT 'payments' AS r_registry, min(_row) AS r_row, id_number, name, village_code
FROM payments WHERE id_number IS NOT NULL AND substr(id_number, 7, 8) IN (SELECT born FROM births)
GROUP BY id_number, name, village_code
"""

SPECS = {
    "fuzzy_deaths": FuzzySpec(
        "fuzzy_deaths",
        left="SELECT _row AS l_row, name, birth_date, village_code FROM deaths "
        "WHERE id_number IS NULL AND birth_date IS NOT NULL AND name IS NOT NULL",
        right=f"{ROLL_PEOPLE} UNION ALL {PAYMENT_PEOPLE}",
    ),
    "fuzzy_cadres": FuzzySpec(
        "fuzzy_cadres",
        left="SELECT _row AS l_row, name, birth_date, village_code FROM cadres "
        "WHERE id_number IS NULL AND birth_date IS NOT NULL AND name IS NOT NULL",
        right=ROLL_PEOPLE,
    ),
}

CANDIDATES = """
WITH l AS ({left}),
births AS (SELECT DISTINCT strftime(birth_date, '%Y%m%d') AS born FROM l),
r AS (
  SELECT r_registry, r_row, id_number, name, village_code,
         make_date(CAST(substr(id_number, 7, 4) AS INTEGER), CAST(substr(id_number, 11, 2) AS INTEGER),
                   CAST(substr(id_number, 13, 2) AS INTEGER)) AS birth_date
  FROM ({right}) AS people
),
pairs AS (
  SELECT l.l_row, l.name AS l_name, r.r_registry, r.r_row, r.id_number, r.name AS r_name
  FROM l JOIN r ON l.birth_date = r.birth_date AND length(l.name) = length(r.name)
  WHERE (l.village_code IS NULL OR r.village_code IS NULL OR l.village_code = r.village_code)
),
diffs AS (
  SELECT pairs.l_row, pairs.r_registry, pairs.r_row, count(*) AS n,
         min(substr(pairs.l_name, pos.i, 1)) AS l_char, min(substr(pairs.r_name, pos.i, 1)) AS r_char
  FROM pairs JOIN positions AS pos ON pos.i <= length(pairs.l_name)
  WHERE pairs.l_name <> pairs.r_name AND length(pairs.l_name) <= {max_len}
    AND substr(pairs.l_name, pos.i, 1) <> substr(pairs.r_name, pos.i, 1)
  GROUP BY pairs.l_row, pairs.r_registry, pairs.r_row
)
SELECT pairs.l_row, pairs.l_name, pairs.r_registry, pairs.r_row, pairs.id_number, pairs.r_name,
       CASE WHEN pairs.l_name = pairs.r_name THEN 'name' ELSE 'homophone' END AS kind,
       diffs.l_char, diffs.r_char
FROM pairs LEFT JOIN diffs
  ON diffs.l_row = pairs.l_row AND diffs.r_registry = pairs.r_registry AND diffs.r_row = pairs.r_row
WHERE pairs.l_name = pairs.r_name OR diffs.n = 1
"""

MATCHES = """
SELECT c.l_row, c.l_name, c.r_registry, c.r_row, c.id_number, c.r_name, c.kind, c.l_char, c.r_char,
       string_agg(DISTINCT a.py, '/' ORDER BY a.py) AS pinyin
FROM candidates AS c
LEFT JOIN pinyin_chars AS a ON a.ch = c.l_char
LEFT JOIN pinyin_chars AS b ON b.ch = c.r_char AND b.py = a.py
WHERE c.kind = 'name' OR b.py IS NOT NULL
GROUP BY c.l_row, c.l_name, c.r_registry, c.r_row, c.id_number, c.r_name, c.kind, c.l_char, c.r_char
"""


def readings(char: str) -> set[str]:
    """Every toneless pinyin reading of one character (empty for non-Han)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return {r for group in found for r in group if r}


def same_sound(a: str, b: str) -> str | None:
    """A shared toneless reading of two characters, or None (for tests and docs)."""
    shared = sorted(readings(a) & readings(b))
    return shared[0] if shared else None


def build(engine, spec: FuzzySpec, tables: dict[str, str], out: str) -> int:
    """Create relation ``out`` on the backend ``engine`` with the fuzzy matches of ``spec``;
    return its row count.

    Columns: l_row, l_name, r_registry, r_row, id_number, r_name,
    kind ('name' | 'homophone'), l_char, r_char, pinyin.
    """
    def sql(text: str, mapping: dict[str, str]) -> str:
        return dialect.render(dialect.bind(dialect.parse(text), {}, mapping), engine.dialect)

    positions, candidates, chars = f"{out}_pos", f"{out}_cand", f"{out}_py"
    engine.register(positions, pa.table({"i": pa.array(range(1, MAX_NAME_LENGTH + 1), pa.int32())}))
    query = CANDIDATES.format(left=spec.left, right=spec.right, max_len=MAX_NAME_LENGTH)
    engine.materialise(candidates, sql(query, {**tables, "positions": positions}))
    _, distinct = engine.fetch(
        f"SELECT l_char FROM {candidates} WHERE kind = 'homophone' UNION "
        f"SELECT r_char FROM {candidates} WHERE kind = 'homophone'"
    )
    rows = sorted((ch, py) for (ch,) in distinct if ch for py in readings(ch))
    engine.register(chars, pa.table({"ch": pa.array([r[0] for r in rows], pa.string()),
                                     "py": pa.array([r[1] for r in rows], pa.string())}))
    engine.materialise(out, sql(MATCHES, {"candidates": candidates, "pinyin_chars": chars}))
    count = engine.fetch(f"SELECT count(*) FROM {out}")[1][0][0]
    for table in (positions, candidates, chars):
        engine.drop(table)
    return count
