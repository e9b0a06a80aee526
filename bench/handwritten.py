"""R03 written by hand in plain DuckDB SQL, as a yardstick for the engine's rule.

Same meaning as contract §3 R03: a payment whose period starts after the recipient's
death, the death matched by valid ID, or (death row without a valid ID) by name equal
or one same-reading character apart, same birth date, same village where both have one.
"""

from pypinyin import Style, pinyin

R03_SQL = """
WITH p AS (
  SELECT payment_id, id_number, name, village_code, period_start,
         strptime(substr(id_number, 7, 8), '%Y%m%d')::DATE AS born
  FROM {payments} WHERE id_number IS NOT NULL),
by_id AS (
  SELECT p.payment_id FROM p JOIN {deaths} d ON d.id_number = p.id_number
  WHERE p.period_start > d.died_on),
candidates AS (
  SELECT p.payment_id, p.name AS a, d.name AS b FROM p
  JOIN {deaths} d ON d.id_number IS NULL AND d.birth_date = p.born
   AND (d.village_code IS NULL OR p.village_code IS NULL OR d.village_code = p.village_code)
  WHERE p.period_start > d.died_on AND length(d.name) = length(p.name)),
diffs AS (
  SELECT payment_id, a, b, i, substr(a, i, 1) AS x, substr(b, i, 1) AS y
  FROM candidates, range(1, length(a) + 1) r(i) WHERE substr(a, i, 1) <> substr(b, i, 1)),
fuzzy AS (
  SELECT payment_id FROM candidates WHERE a = b
  UNION
  SELECT diffs.payment_id FROM diffs
  JOIN (SELECT payment_id, a, b FROM diffs GROUP BY ALL HAVING count(*) = 1) one USING (payment_id, a, b)
  WHERE EXISTS (SELECT 1 FROM _bench_readings rx JOIN _bench_readings ry ON rx.reading = ry.reading
                WHERE rx.ch = diffs.x AND ry.ch = diffs.y))
SELECT payment_id FROM by_id UNION SELECT payment_id FROM fuzzy
"""


def prepare_readings(con, payments: str, deaths: str) -> None:
    """Toneless pinyin readings of every character in the two tables' names."""
    chars = [r[0] for r in con.execute(f"""
        SELECT DISTINCT unnest(string_split(name, '')) FROM (
          SELECT name FROM {payments} UNION SELECT name FROM {deaths}) WHERE name IS NOT NULL""").fetchall()]
    rows = [(c, r) for c in chars if c for r in set(pinyin(c, style=Style.NORMAL, heteronym=True)[0])]
    con.execute("CREATE OR REPLACE TEMP TABLE _bench_readings (ch VARCHAR, reading VARCHAR)")
    if rows:
        con.executemany("INSERT INTO _bench_readings VALUES (?, ?)", rows)


def r03(con, payments: str, deaths: str) -> set[str]:
    prepare_readings(con, payments, deaths)
    return {r[0] for r in con.execute(R03_SQL.format(payments=payments, deaths=deaths)).fetchall()}
