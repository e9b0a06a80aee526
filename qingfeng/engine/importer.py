"""Import one registry file into a normalised snapshot table (crosscheck.md §1).

All the work is set-based DuckDB SQL over the raw relation from ``readers``:

1. the snapshot table, written in one pass: one row per data row, with every
   column's normalised value and, per checked column, the problem with it (NULL
   when none; see ``rejected``) and the value to report;
2. its problems, and duplicates of the registry's unique column (later rows are
   rejected);
3. rejected rows deleted and the helper columns dropped (both cheap in DuckDB),
   then the catalogue row.

An import for one village (``village_code``: a township officer's upload of a village's
finance files) also rejects every row of another village, with its row, the column
``village_code`` and the reason, in the same pass: rows read = accepted + rejected.

The caller wraps steps 1-3 in one transaction (see ``hub``).
"""

from dataclasses import dataclass, field
from datetime import date

from qingfeng.engine import normalize as n
from qingfeng.engine import sqlnorm as sq
from qingfeng.engine.readers import BundleError, Source
from qingfeng.engine.schema import Column, Kind, Registry

MAX_REPORTED_PROBLEMS = 10_000  # the import_problems table always has them all
# IDs and counterparty IDs are cleaned in a lookup table that also gives the reason (q) a value is invalid.
LOOKED_UP_WITH_REASON = (Kind.ID, Kind.PARTY)
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL",
           "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass
class Problem:
    registry: str
    row: int  # spreadsheet row; header = 1
    column: str  # canonical name; '' for the whole row or file
    value: str
    reason: str
    rejected: bool
    file: str = ""  # the file the row is in (the part, for a registry split over several files)


@dataclass
class FileCount:
    """One file's share of an import: rows_read = rows_accepted + rows_rejected."""

    file: str
    rows_read: int
    rows_accepted: int

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_accepted


@dataclass
class ImportReport:
    registry: str
    snapshot_id: int
    table: str
    source: str
    sha256: str
    file_format: str
    encoding: str | None
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_flagged: int
    problems: list[Problem] = field(default_factory=list)  # first MAX_REPORTED_PROBLEMS
    seconds: float = 0.0
    problem_count: int = 0  # all problems, also those beyond the list
    missing_columns: list[str] = field(default_factory=list)  # optional columns absent: NULL
    reused: bool = False  # an identical earlier import was reused
    files: list[FileCount] = field(default_factory=list)  # per file, in import order


def header_key(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch not in n.SPACES + "\ufeff").lower()


def map_headers(registry: Registry, source: Source, filename: str):
    """canonical name -> column index; extra columns; problems with the header row."""
    wanted = {}
    for col in registry.columns:
        wanted[header_key(col.zh)] = col.name
        wanted[header_key(col.name)] = col.name
    found: dict[str, int] = {}
    extras: list[tuple[str, int]] = []
    notes: list[Problem] = []
    for i, header in enumerate(source.headers):
        name = wanted.get(header_key(header))
        if name is None:
            extras.append((header.strip(n.SPACES) or f"列{i + 1}", i))
        elif name in found:
            extras.append((header.strip(n.SPACES), i))
            notes.append(Problem(registry.key, 1, name, header, f"重复的列“{header}”，只使用第一列", False))
        else:
            found[name] = i
    for col in registry.columns:
        if col.required and col.name not in found:
            raise BundleError(f"{filename}：缺少必填列“{col.zh}”（{col.name}）")

    return found, extras, notes


def _reason(col: Column, why: str, raw: str | None = None) -> str:
    """SQL for a problem reason naming the column and, when given, the raw value."""
    text = sq.lit(f"{col.zh}（{col.name}）：{why}")
    return f"{text} || '：“' || {raw} || '”'" if raw else text


def _pre_and_value(col: Column, src: str | None, typ: str, unique: str | None) -> tuple[str, str]:
    """SQL of a column's cleaned form (level 2) and value (level 3, from a__<col>)."""
    raw, a = f"r__{col.name}", f"a__{col.name}"
    typed_date = typ.startswith(("DATE", "TIMESTAMP"))
    numeric = typ.startswith(NUMERIC)
    k = col.kind
    if src is None:
        return "NULL", a
    if k in LOOKED_UP_WITH_REASON:  # cleaned in a lookup table (see make_lookup)
        return f"l__{col.name}", a
    if k in (Kind.NAME, Kind.CODE, Kind.TEXT):
        if k is not Kind.CODE and col.name != unique:  # cleaned in a lookup table
            return f"l__{col.name}", a
        return {Kind.NAME: sq.name_clean, Kind.CODE: sq.code, Kind.TEXT: sq.text}[k](raw), a
    if k is Kind.PERIOD:
        if typed_date:
            return f"CAST({src} AS DATE)", sq.month_of(a)
        return f"l__{col.name}", a
    if k is Kind.DATE:
        return (f"CAST({src} AS DATE)" if typed_date else f"l__{col.name}"), a
    if k in (Kind.AMOUNT, Kind.NUMBER) and numeric:
        return f"TRY_CAST({src} AS {'DECIMAL(18,2)' if k is Kind.AMOUNT else 'DOUBLE'})", a
    if k is Kind.BOOL and typ == "BOOLEAN":
        return src, a
    parse = {Kind.AMOUNT: sq.amount, Kind.NUMBER: sq.number, Kind.BOOL: sq.bool_}[k]
    return sq.text(raw), parse(a)


# Kinds whose raw text is kept for reports: text kinds report their cleaned value.
RAW_KEPT = (Kind.ID, Kind.PARTY, Kind.DATE, Kind.PERIOD, Kind.AMOUNT, Kind.NUMBER, Kind.BOOL)
UNREADABLE = {Kind.DATE: "无法识别的日期", Kind.AMOUNT: "无法识别的金额",
              Kind.NUMBER: "无法识别的数值", Kind.PERIOD: "无法识别的资金所属期",
              Kind.BOOL: "应为“是”或“否”"}
FLAGGING = (Kind.ID, Kind.PARTY)  # a problem with these keeps the row


def rejects(col: Column) -> bool:
    """Whether a problem with this column's value rejects the row."""
    return col.kind not in FLAGGING and (col.required or not col.choices)


def _problem(col: Column, present: bool) -> str:
    """SQL of the problem with a column's value (level 4), NULL when none."""
    raw, v = f"r__{col.name}", f"v__{col.name}"
    if not present:  # reported once for the file (map_headers)
        return "NULL::VARCHAR"
    if col.kind is Kind.ID:  # NULL || text is NULL: no problem, no reason
        why = f"CASE WHEN {v} IS NULL THEN {sq.lit(n.ID_EMPTY)} ELSE q__l__{col.name} END"
        return f"{sq.lit(f'{col.zh}（{col.name}）：')} || {why}"
    if col.kind is Kind.PARTY:  # empty is no problem; q__l__ is NULL for valid values
        return f"{sq.lit(f'{col.zh}（{col.name}）：')} || q__l__{col.name}"
    parts = []
    if col.kind in UNREADABLE:
        parts.append(f"WHEN {v} IS NULL AND {sq.text(raw)} IS NOT NULL "  # raw text only when needed
                     f"THEN {_reason(col, UNREADABLE[col.kind], raw)}")
    if col.required:
        parts.append(f"WHEN {v} IS NULL THEN {_reason(col, '必填列为空')}")
    if col.choices:
        allowed = ", ".join(sq.lit(c) for c in col.choices)
        parts.append(f"WHEN {v} NOT IN ({allowed}) THEN {_reason(col, '应为' + '、'.join(col.choices) + '之一', v)}")
    if col.positive:
        parts.append(f"WHEN {v} <= 0 THEN {_reason(col, '应为正数', raw)}")
    return f"CASE {' '.join(parts)} END" if parts else "NULL::VARCHAR"


def _outputs(col: Column) -> list[str]:
    v = f"v__{col.name}"
    if col.kind is Kind.ID:
        return [f"CASE WHEN q__{col.name} IS NULL THEN {v} END AS {col.name}",
                f"r__{col.name} AS {col.name}_raw"]
    if col.kind is Kind.PARTY:
        return [f"{v} AS {col.name}", f"l__u__{col.name} AS {col.name}_uscc", f"r__{col.name} AS {col.name}_raw"]
    if col.kind is Kind.PERIOD:
        return [f"{v}.label AS {col.name}", f"{v}.start AS {col.name}_start",
                f'{v}."end" AS {col.name}_end', f"{v}.unit AS {col.name}_unit"]
    return [f"{v} AS {col.name}"]


def uses_lookup(registry: Registry, col: Column, typ: str) -> bool:
    """Whether a present column is cleaned per distinct value (make_lookup)."""
    if col.kind in (Kind.DATE, Kind.PERIOD):
        return not typ.startswith(("DATE", "TIMESTAMP"))
    if col.kind in (Kind.NAME, Kind.TEXT):
        return col.name != registry.unique  # a unique column has nothing to share
    # Codes (accounts, household and village codes) are mostly plain ASCII, which
    # sqlnorm.code settles per row faster than a join on a large lookup table.
    return col.kind in LOOKED_UP_WITH_REASON


def make_lookup(con, col: Column, src: str, relation: str, as_of: str) -> str:
    """Parse each distinct text once into a table (k -> v[, q]) joined back by text.

    Registry values repeat a lot (programs, villages, dates, a person's name and ID
    on every payment): cleaning distinct values and joining them back by a hash
    join costs less than running the cleaners' regular expressions on every row.
    The ID check also needs plain projection levels to stay cheap (see sqlnorm.id_problem).
    """
    table = f"_qf_lk_{col.name}"
    raw = f"CAST({src} AS VARCHAR)"
    distinct = f"SELECT DISTINCT {raw} AS k FROM {relation} src WHERE {src} IS NOT NULL"
    if col.kind is Kind.NAME:
        sq.name_map(con, table, relation, raw)
        return table
    if col.kind is Kind.TEXT:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT k, {sq.text('k')} AS v FROM ({distinct})")
        return table
    if col.kind is Kind.ID:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT k, v, {sq.id_problem('v', as_of, 'chk')} AS q FROM (
              SELECT k, v, {sq.id_check_char('left(v, 17)')} AS chk FROM (
                SELECT k, {sq.id_upgrade('a')} AS v FROM (
                  SELECT k, {sq.id_strip('k')} AS a FROM ({distinct}))))""")
        return table
    if col.kind is Kind.PARTY:  # v: the valid resident ID; u: the valid USCC; q: why neither
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT k, CASE WHEN p IS NULL THEN v END AS v, CASE WHEN p IS NOT NULL AND usc THEN a END AS u,
                   CASE WHEN p IS NOT NULL AND NOT usc AND a IS NOT NULL
                        THEN {sq.lit(n.PARTY_BAD + '（')} || p || '）' END AS q FROM (
              SELECT k, v, a, {sq.id_problem('v', as_of, 'chk')} AS p, coalesce({sq.uscc_valid('a')}, FALSE) AS usc FROM (
                SELECT k, v, a, {sq.id_check_char('left(v, 17)')} AS chk FROM (
                  SELECT k, a, {sq.id_upgrade('a')} AS v FROM (
                    SELECT k, {sq.id_strip('k')} AS a FROM ({distinct})))))""")
        return table
    parse = sq.date_(sq.text("k")) if col.kind is Kind.DATE else sq.period(sq.period_text("k"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT k, {parse} AS v FROM ({distinct})")
    return table


# Text lookups keep only the values that cleaning changes or finds a problem with: most
# delivered values are clean, and a hash join probes a small table far faster (it stays
# in the CPU's cache). A row whose value is not in the lookup keeps it as delivered.
AS_DELIVERED = {Kind.NAME: "v IS NOT DISTINCT FROM k", Kind.TEXT: "v IS NOT DISTINCT FROM k",
                Kind.ID: "v = k AND q IS NULL", Kind.PARTY: "v = k AND u IS NULL AND q IS NULL"}


def checked(registry: Registry, found) -> list[Column]:
    """Present columns that can have a problem (empty, unreadable or invalid values)."""
    return [c for c in registry.columns if c.name in found
            and (c.kind in FLAGGING or c.kind in UNREADABLE or c.required or c.choices or c.positive)]


def build_snapshot(con, registry: Registry, source: Source, filename: str, as_of: date, table: str,
                   village_code: str | None = None):
    """Create ``table`` from the source in one pass: every row, normalised, plus three helper
    columns: __problems (see problem_list), __blank and __rejected (see rejected).
    ``finish_snapshot`` then takes the problems out, drops rejected rows and helpers.
    Returns (header-row problems, absent columns, the checked columns)."""
    found, extras, notes = map_headers(registry, source, filename)
    as_of_sql = f"DATE '{as_of.isoformat()}'"
    raws, pres, values, problems, outputs = [], [], [], [], ["_row"]
    joins = []
    for col in registry.columns:
        i = found.get(col.name)
        src = None if i is None else f"src.c{i}"
        typ = "VARCHAR" if i is None else source.types[i]
        if src and uses_lookup(registry, col, typ):
            lookup = make_lookup(con, col, src, source.relation, as_of_sql)
            if col.kind in AS_DELIVERED:  # values left out of the lookup are already clean
                con.execute(f"DELETE FROM {lookup} WHERE {AS_DELIVERED[col.kind]}")
                raws.append(f"CASE WHEN {lookup}.k IS NULL THEN CAST({src} AS VARCHAR) ELSE {lookup}.v END AS l__{col.name}")
            else:
                raws.append(f"{lookup}.v AS l__{col.name}")
            if col.kind in LOOKED_UP_WITH_REASON:
                raws.append(f"{lookup}.q AS q__l__{col.name}")
            if col.kind is Kind.PARTY:
                raws.append(f"{lookup}.u AS l__u__{col.name}")
            joins.append(f"LEFT JOIN {lookup} ON CAST({src} AS VARCHAR) = {lookup}.k")
        elif col.kind is Kind.PARTY:
            raws.append(f"NULL::VARCHAR AS l__u__{col.name}")
        raws.append(f"{'NULL' if src is None else f'CAST({src} AS VARCHAR)'} AS r__{col.name}")
        if src is not None and typ != "VARCHAR":
            raws.append(f"{src} AS t__{col.name}")  # the typed value, for typed casts
        pre, value = _pre_and_value(col, src and f"t__{col.name}", typ, registry.unique)
        pres.append(f"{pre} AS a__{col.name}")
        values.append(f"{value} AS v__{col.name}")
        problems.append(f"{_problem(col, src is not None)} AS q__{col.name}")
        outputs += _outputs(col)
    extra_json = "NULL::JSON"
    if extras:
        pairs = ", ".join(f"{sq.lit(h)}, CAST(src.c{i} AS VARCHAR)" for h, i in extras)
        extra_json = f"json_object({pairs})"
    outputs.append("_extra")
    checks = checked(registry, found)
    outputs += [f"{problem_list(checks)} AS __problems", "__blank",
                f"{rejected(checks, village_code, 'v__')} AS __rejected"]
    cells = ", ".join(f"CAST(src.c{i} AS VARCHAR)" for i in range(len(source.headers)))
    space_codes = ", ".join(str(ord(c)) for c in n.SPACES)
    # A first cell that starts with a visible character settles it without the concat.
    blank = (f"CASE WHEN ord(coalesce(NULLIF(CAST(src.c0 AS VARCHAR), ''), ' ')) NOT IN ({space_codes}) THEN FALSE "
             f"ELSE NOT regexp_matches(concat({cells}), '[^ \\t\\r\\n\\x{{00A0}}\\x{{3000}}]') END")
    kept = ", ".join(["_row", "_extra", "__blank"] + [f"r__{c.name}" for c in registry.columns
                                                       if c.kind in RAW_KEPT]
                     + [f"q__l__{c.name}" for c in registry.columns
                        if c.kind in LOOKED_UP_WITH_REASON and c.name in found]
                     + [f"l__u__{c.name}" for c in registry.columns if c.kind is Kind.PARTY])
    # Four levels so that each cleaned value is computed once and reused above it.
    # DuckDB may inline a level's expressions into their uses above; the expensive
    # parsing therefore happens in lookup tables, and what is left here is cheap.
    # Row order is carried by _row; not keeping insertion order lets DuckDB write in parallel.
    select = f"""SELECT {', '.join(outputs)} FROM (
              SELECT *, {', '.join(problems)} FROM (
                SELECT {kept}, {', '.join(values)} FROM (
                  SELECT *, {', '.join(pres)} FROM (
                    SELECT src._row, {', '.join(raws)}, {extra_json} AS _extra, {blank} AS __blank
                    FROM {source.relation} src {' '.join(joins)}))))"""
    columns = con.execute(f"DESCRIBE {select}").fetchall()  # an absent column is NULL-typed: default storage
    zstd = mostly_distinct(registry)
    con.execute(f"CREATE TABLE {table} (" + ", ".join(
        f'"{name}" {typ}' + (" USING COMPRESSION zstd" if name in zstd and typ == "VARCHAR" else "") for name, typ, *_ in columns) + ")")
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(f"INSERT INTO {table} {select}")
    finally:
        con.execute("RESET preserve_insertion_order")
    return notes, [c.name for c in registry.columns if c.name not in found], checks


def mostly_distinct(registry: Registry) -> set[str]:
    """Snapshot columns stored ZSTD-compressed: IDs, names, codes and accounts, nearly one
    value per person or row. DuckDB's default for text (dictionary + FSST, chosen per segment
    after trying it) costs twice the CPU to write them (the bulk of a province's import) for
    reads barely faster; few-valued texts (programs, villages, periods) keep the default."""
    names = set()
    for col in registry.columns:
        if col.kind in (Kind.ID, Kind.NAME, Kind.PARTY) or (col.kind is Kind.CODE and col.name != "village_code"):
            names.add(col.name)
        if col.kind in (Kind.ID, Kind.PARTY):
            names.add(f"{col.name}_raw")
    return names


def other_village(village_code: str | None, column: str = "village_code") -> str | None:
    """SQL condition: the row is of another village than ``village_code`` (None: no filter).
    A row without a village code is rejected as a required column left empty, not here."""
    if village_code is None:
        return None
    return f"({column} IS NOT NULL AND {column} <> {sq.lit(village_code)})"


def rejected(checks: list[Column], village_code: str | None = None, value: str = "") -> str:
    """SQL condition on a row being built, over its q__<col> problems and ``value``-prefixed
    values: the row is rejected (before duplicate checks)."""
    parts = ["__blank"] + [f"q__{c.name} IS NOT NULL" for c in checks if rejects(c)]
    foreign = other_village(village_code, f"{value}village_code")
    return " OR ".join(parts + ([foreign] if foreign else []))


def problem_list(checks: list[Column]) -> str:
    """SQL of a row's problems: NULL when it has none (nearly every row, so the stored helper
    column costs next to nothing), else a list of {c: column, v: value to report, q: problem,
    r: whether it rejects the row}, one per checked column, q NULL where that column is fine.
    The value reported is the raw text, or the cleaned text of text kinds."""
    if not checks:
        return "NULL::STRUCT(c VARCHAR, v VARCHAR, q VARCHAR, r BOOLEAN)[]"
    entries = ", ".join(
        f"{{'c': {sq.lit(c.name)}, 'v': CAST({'r' if c.kind in RAW_KEPT else 'v'}__{c.name} AS VARCHAR), "
        f"'q': q__{c.name}, 'r': {'TRUE' if rejects(c) else 'FALSE'}}}" for c in checks)
    none = " AND ".join(f"q__{c.name} IS NULL" for c in checks)
    return f"CASE WHEN {none} THEN NULL ELSE [{entries}] END"


def reject_other_villages(con, table: str, village_code: str) -> None:
    """Each row of another village into _qf_problems: rejected, column village_code."""
    reason = (f"{sq.lit('行政区划代码（village_code）：')} || village_code || "
              f"{sq.lit(f' 不是本村（{village_code}），该行未导入')}")
    con.execute(f"""INSERT INTO _qf_problems SELECT _row, 'village_code', village_code, {reason}, TRUE
        FROM {table} WHERE NOT __blank AND {other_village(village_code)}""")


def collect_problems(con, registry: Registry, table: str, notes: list[Problem], checks) -> None:
    """Header-row notes and per-column problems of ``table`` into _qf_problems."""
    for p in notes:
        con.execute("INSERT INTO _qf_problems VALUES (?, ?, ?, ?, ?)",
                    [p.row, p.column, p.value, p.reason, p.rejected])
    con.execute(f"INSERT INTO _qf_problems SELECT _row, '', NULL, '空行', TRUE FROM {table} WHERE __blank")
    con.execute(f"""INSERT INTO _qf_problems SELECT _row, p.c, p.v, p.q, p.r FROM (
        SELECT _row, unnest(__problems) AS p FROM {table} WHERE __problems IS NOT NULL AND NOT __blank)
        WHERE p.q IS NOT NULL""")


def finish_snapshot(con, registry: Registry, table: str) -> None:
    """Reject duplicates of the unique column, delete rejected rows, drop the helpers.
    Rows already rejected (__rejected: bad values, blank, another village) are neither
    checked for duplicates nor kept."""
    bad = "__rejected"
    unique, within = registry.unique, registry.unique_within
    if unique:
        col = registry.column(unique)
        scope = f"同一{registry.column(within).zh}内" if within else ""
        group = f"{unique}, {within}" if within else unique
        same_group = f" AND s.{within} = d.grp" if within else ""
        # Grouping 100M distinct texts costs seconds per 10M rows; 64-bit hashes group
        # several times faster. Equal values have equal hashes, so every duplicate is
        # among the rows whose hash repeats, and the exact grouping runs on those only.
        con.execute(f"""
            INSERT INTO _qf_problems
            WITH candidates AS (
              SELECT _row, {group} FROM {table} WHERE NOT ({bad}) AND hash({group}) IN (
                SELECT hash({group}) FROM {table} WHERE NOT ({bad}) AND {unique} IS NOT NULL
                GROUP BY ALL HAVING count(*) > 1))
            SELECT s._row, {sq.lit(unique)}, s.{unique},
              {sq.lit(f'{col.zh}（{unique}）：{scope}重复（与第')} || d.first || '行相同）', TRUE
            FROM candidates s
            JOIN (SELECT {unique} AS key, {within or 'NULL'} AS grp, min(_row) AS first FROM candidates
                  GROUP BY {group} HAVING count(*) > 1) d ON s.{unique} = d.key{same_group}
            WHERE s._row > d.first""")
    # DELETE makes the commit rewrite the table: only when something is rejected.
    if con.execute('SELECT count(*) FROM _qf_problems WHERE rejected AND "row" > 1').fetchone()[0]:
        con.execute(f'DELETE FROM {table} WHERE {bad} OR _row IN '
                    f'(SELECT "row" FROM _qf_problems WHERE rejected)')
    for name in ("__problems", "__blank", "__rejected"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {name}")


def check_standards(con, table: str, standards_table: str) -> None:
    """Payments whose program has no standard valid on paid_on (flagged, not rejected)."""
    con.execute(f"""
        INSERT INTO _qf_problems
        SELECT p._row, 'program', p.program,
          CASE WHEN p.program IN (SELECT program FROM {standards_table})
               THEN '项目名称（program）：发放日期 ' || p.paid_on || ' 无有效的补助标准'
               ELSE '项目名称（program）：补助标准中没有此项目' END, FALSE
        FROM {table} p WHERE NOT EXISTS (
          SELECT 1 FROM {standards_table} s WHERE s.program = p.program
          AND s.valid_from <= p.paid_on AND (s.valid_to IS NULL OR p.paid_on <= s.valid_to))""")
