"""The normalisers of ``normalize`` as DuckDB SQL expressions, for bulk data.

Each function takes a SQL expression (usually a column name) and returns a SQL
expression, so the importer can stack them in set-based queries: no Python runs
per row. ``tests/engine/test_normalize.py`` checks every case against the Python
reference. ``install_macros`` also registers them as ``qf_*`` temporary macros
for ad-hoc queries and other engine modules.

Expressions that reuse an input several times (IDs, dates, periods) expect a cheap
input — a column of an inner query — so callers compute ``clean`` steps in one
query level and the rest in the next.
"""

from functools import cache

from qingfeng.engine import normalize as n

# RE2 (DuckDB's regex engine) has no Unicode \s; list the whitespace explicitly.
_SPACE_CLASS = r"[ \t\r\n\x{00A0}\x{3000}]"


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _no_spaces(x: str) -> str:
    return f"regexp_replace({x}, {lit(_SPACE_CLASS)}, '', 'g')"


def _guard(x: str, pattern: str, fix: str) -> str:
    """``fix`` only where ``x`` matches ``pattern``: translate() and regexp_replace()
    cost ~1 µs a row, a regex test ~0.1 µs, and most delivered values are clean."""
    return f"CASE WHEN regexp_matches({x}, {lit(pattern)}) THEN {fix} ELSE {x} END"


def text(x: str) -> str:
    spaces = _SPACE_CLASS
    trimmed = _guard(x, f"^{spaces}|{spaces}$", f"trim({x}, {lit(n.SPACES)})")
    return f"NULLIF({trimmed}, '')"


def code(x: str) -> str:
    digits = _guard(x, f"[{n.FULL_WIDTH[:10]}]",
                    f"translate({x}, {lit(n.FULL_WIDTH[:10])}, {lit(n.HALF_WIDTH[:10])})")
    fix = f"ltrim({_no_spaces(digits)}, {lit(n.APOSTROPHES)})"
    messy = f"[ \\t\\r\\n\\x{{00A0}}\\x{{3000}}{n.FULL_WIDTH[:10]}]|^[{n.APOSTROPHES}]"
    return f"NULLIF(CASE WHEN {_maybe_messy_code(x)} THEN {_guard(x, messy, fix)} ELSE {x} END, '')"


def _maybe_messy_code(x: str) -> str:
    """A cheap superset of code()'s regex guard: most codes are plain ASCII without
    whitespace or a leading apostrophe, which byte searches settle faster than RE2."""
    ascii_junk = " OR ".join(f"contains({x}, chr({ord(c)}))" for c in " \t\r\n")
    ascii_marks = " OR ".join(f"starts_with({x}, {lit(c)})" for c in n.APOSTROPHES if ord(c) < 128)
    return f"(strlen({x}) <> length({x}) OR {ascii_junk} OR {ascii_marks})"


@cache
def _name_translation() -> tuple[str, str]:
    pairs = sorted(n.ts_char_map().items()) + [(d, n.MIDDLE_DOT) for d in n.DOTS]
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


def name(x: str) -> str:
    """Full name normalisation for small data (one translate() over ~4,000 characters
    costs about 1 ms a row in DuckDB; bulk imports use name_map)."""
    src, dst = _name_translation()
    return f"NULLIF({_no_spaces(f'translate({x}, {lit(src)}, {lit(dst)})')}, '')"


def name_clean(x: str) -> str:
    """Name normalisation without the traditional -> simplified folding."""
    dots = f"translate({x}, {lit(n.DOTS)}, {lit(n.MIDDLE_DOT * len(n.DOTS))})"
    messy = "[ \\t\\r\\n\\x{00A0}\\x{3000}" + re_escape_class(n.DOTS) + "]"
    return f"NULLIF({_guard(x, messy, _no_spaces(dots))}, '')"


def re_escape_class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):04X}}}" for c in chars)


@cache
def traditional_class() -> str:
    """An RE2 character class of every traditional character that has a fold."""
    return "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(n.ts_char_map())) + "]"


def name_map(con, table: str, relation: str, raw: str) -> None:
    """Create ``table`` (k, v): each distinct raw text ``raw`` of ``relation`` and its
    normalised name (``name_clean``, then traditional folded to simplified).

    Set-based: only the distinct values that hold a traditional character are split
    into characters, joined with the one-to-one map and put back together.
    """
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _qf_ts_map (t VARCHAR, s VARCHAR)")
    if not con.execute("SELECT count(*) FROM _qf_ts_map").fetchone()[0]:
        mapping = n.ts_char_map()
        con.execute("INSERT INTO _qf_ts_map SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                    [list(mapping), list(mapping.values())])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        WITH d AS (SELECT k, {name_clean('k')} AS v FROM (
                     SELECT DISTINCT {raw} AS k FROM {relation} src WHERE {raw} IS NOT NULL)),
        ch AS (SELECT k, unnest(string_split(v, '')) AS c,
                      generate_subscripts(string_split(v, ''), 1) AS pos
               FROM d WHERE regexp_matches(k, {lit(traditional_class())})),
        f AS (SELECT ch.k, string_agg(coalesce(m.s, ch.c), '' ORDER BY pos) AS v
              FROM ch LEFT JOIN _qf_ts_map m ON m.t = ch.c GROUP BY ch.k)
        SELECT d.k, coalesce(f.v, d.v) AS v FROM d LEFT JOIN f ON f.k = d.k""")


def id_strip(x: str) -> str:
    """First step of ID cleaning: half-width, no spaces/hyphens/apostrophe, upper."""
    junk = r"[ \t\r\n\x{00A0}\x{3000}\-－‐‑–—]"
    half = f"translate({x}, {lit(n.FULL_WIDTH)}, {lit(n.HALF_WIDTH)})"
    fix = f"ltrim(upper(regexp_replace({half}, {lit(junk)}, '', 'g')), {lit(n.APOSTROPHES)})"
    return f"NULLIF(CASE WHEN regexp_full_match({x}, '\\d{{17}}[\\dX]') THEN {x} ELSE {fix} END, '')"


def id_check_char(x17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a 17-digit string expression.

    Digits are taken arithmetically from one BIGINT: 17 substr() calls cost ten
    times more per row in DuckDB."""
    number = f"TRY_CAST({x17} AS BIGINT)"
    terms = " + ".join(
        f"({number} // {10 ** (16 - i)} % 10) * {w}" for i, w in enumerate(n.ID_WEIGHTS)
    )
    return f"substr({lit(n.ID_CHECK_CHARS)}, (({terms}) % 11 + 1)::INTEGER, 1)"


def id_upgrade(t: str) -> str:
    """Second step: a 15-digit legacy number becomes 18 digits (insert 19, add check)."""
    first17 = f"(left({t}, 6) || '19' || substr({t}, 7))"
    return (
        f"CASE WHEN regexp_full_match({t}, '\\d{{15}}') "
        f"THEN {first17} || {id_check_char(first17)} ELSE {t} END"
    )


def id_problem(c: str, as_of: str, check: str | None = None) -> str:
    """Why a cleaned ID ``c`` is invalid (NULL when valid); ``as_of`` is a DATE expr.

    ``check``: the expected check character, precomputed as a plain projection column
    (inside CASE, DuckDB repeats the BIGINT cast per term, which costs ~3 µs a row)."""
    check = check or id_check_char(f"left({c}, 17)")
    birth = f"try_strptime(substr({c}, 7, 8), '%Y%m%d')::DATE"
    return (
        f"CASE WHEN {c} IS NULL THEN {lit(n.ID_EMPTY)} "
        f"WHEN regexp_full_match({c}, '\\d(\\.\\d*)?E[+-]?\\d+') THEN {lit(n.ID_SCIENTIFIC)} "
        f"WHEN NOT regexp_full_match({c}, '\\d{{17}}[\\dX]') THEN {lit(n.ID_SHAPE)} "
        f"WHEN {birth} IS NULL OR {birth} < DATE '1900-01-01' OR {birth} > {as_of} "
        f"THEN {lit(n.ID_BAD_DATE)} "
        f"WHEN {check} <> substr({c}, 18, 1) "
        f"THEN CASE WHEN suffix({c}, '000') THEN {lit(n.ID_ROUNDED)} ELSE {lit(n.ID_BAD_CHECK)} END END"
    )


def uscc_valid(c: str) -> str:
    """Whether a cleaned (``id_strip``) text ``c`` is a valid 统一社会信用代码 (MOD 31 check)."""
    chars = lit(n.USCC_CHARS)
    terms = " + ".join(f"(strpos({chars}, substr({c}, {i + 1}, 1)) - 1) * {w}"
                       for i, w in enumerate(n.USCC_WEIGHTS))
    check = f"substr({chars}, ((31 - ({terms}) % 31) % 31 + 1)::INTEGER, 1)"
    return f"(regexp_full_match({c}, {lit(n.USCC_RE)}) AND {check} = substr({c}, 18, 1))"


def _full(pattern: str) -> str:
    return lit(f"^(?:{pattern})$")


def date_(t: str) -> str:
    """DATE from trimmed text ``t``; NULL when empty or unreadable."""
    ymd = f"regexp_extract({t}, {_full(n.DATE_RE)}, ['y', 'm', 'd'])"
    return (
        f"CASE WHEN regexp_full_match({t}, {lit(n.DATE_RE)}) "
        f"THEN try(make_date({ymd}.y::INT, {ymd}.m::INT, {ymd}.d::INT)) "
        f"WHEN regexp_full_match({t}, {lit(n.COMPACT_DATE_RE)}) "
        f"THEN try_strptime({t}, '%Y%m%d')::DATE "
        f"WHEN regexp_full_match({t}, {lit(n.SERIAL_RE)}) "
        f"THEN DATE '1899-12-30' + CAST(floor({t}::DOUBLE) AS INTEGER) END"
    )


PERIOD_TYPE = 'STRUCT(label VARCHAR, "start" DATE, "end" DATE, unit VARCHAR)'


def month_of(d: str) -> str:
    """The month period containing DATE expression ``d`` (NULL when d is NULL)."""
    first = f"date_trunc('month', {d})::DATE"
    return (
        f"CASE WHEN {d} IS NOT NULL THEN {{'label': strftime({d}, '%Y-%m'), 'start': {first}, "
        f"'end': ({first} + INTERVAL 1 MONTH)::DATE, 'unit': '月'}}::{PERIOD_TYPE} END"
    )


def period(u: str) -> str:
    """Period struct from text ``u`` with spaces removed and upper-cased."""
    month = f"regexp_extract({u}, {_full(n.MONTH_PERIOD_RE)}, ['y', 'm'])"
    quarter = f"regexp_extract({u}, {_full(n.QUARTER_PERIOD_RE)}, ['y', 'q'])"
    q = f"(strpos('1234一二三四', {quarter}.q) - 1) % 4 + 1"
    q_start = f"make_date({quarter}.y::INT, 3 * ({q}) - 2, 1)"
    year = f"regexp_extract({u}, {_full(n.YEAR_PERIOD_RE)}, 1)"
    return (
        f"CASE WHEN regexp_full_match({u}, {lit(n.DATE_RE)}) "
        f"OR regexp_full_match({u}, {lit(n.COMPACT_DATE_RE)}) THEN {month_of(date_(u))} "
        f"WHEN regexp_full_match({u}, {lit(n.MONTH_PERIOD_RE)}) THEN CASE WHEN {month}.m::INT "
        f"BETWEEN 1 AND 12 THEN {month_of(f'make_date({month}.y::INT, {month}.m::INT, 1)')} END "
        f"WHEN regexp_full_match({u}, {lit(n.QUARTER_PERIOD_RE)}) THEN {{"
        f"'label': {quarter}.y || 'Q' || ({q}), 'start': {q_start}, "
        f"'end': ({q_start} + INTERVAL 3 MONTH)::DATE, 'unit': '季'}}::{PERIOD_TYPE} "
        f"WHEN regexp_full_match({u}, {lit(n.YEAR_PERIOD_RE)}) THEN {{"
        f"'label': {year}, 'start': make_date({year}::INT, 1, 1), "
        f"'end': make_date({year}::INT + 1, 1, 1), 'unit': '年'}}::{PERIOD_TYPE} END"
    )


def period_text(x: str) -> str:
    return f"NULLIF(upper({_no_spaces(x)}), '')"


def amount(t: str) -> str:
    junk = "[,，¥￥元 \\t\\r\\n\\x{00A0}\\x{3000}]"
    stripped = f"regexp_replace({t}, {lit(junk)}, '', 'g')"
    return f"TRY_CAST({_guard(t, junk, stripped)} AS DECIMAL(18,2))"


def number(t: str) -> str:
    junk = "[,， \\t\\r\\n\\x{00A0}\\x{3000}]"
    return f"TRY_CAST(regexp_replace({t}, {lit(junk)}, '', 'g') AS DOUBLE)"


def bool_(t: str) -> str:
    words = lambda ws: ", ".join(lit(w) for w in ws)  # noqa: E731
    return (
        f"CASE WHEN lower({t}) IN ({words(n.TRUE_WORDS)}) THEN TRUE "
        f"WHEN lower({t}) IN ({words(n.FALSE_WORDS)}) THEN FALSE END"
    )


def install_macros(con) -> None:
    """Register ``qf_*`` temporary macros on a DuckDB connection."""
    macros = {
        "qf_text(s)": text("s"),
        "qf_code(s)": code("s"),
        "qf_name(s)": name("s"),
        "qf_id_clean(s)": id_upgrade(id_strip("s")),
        "qf_id_problem(c, as_of)": id_problem("c", "as_of"),
        "qf_id(s, as_of)": "CASE WHEN qf_id_problem(qf_id_clean(s), as_of) IS NULL THEN qf_id_clean(s) END",
        "qf_date(s)": date_(text("s")),
        "qf_period(s)": period(period_text("s")),
        "qf_amount(s)": amount(text("s")),
        "qf_number(s)": number(text("s")),
        "qf_bool(s)": bool_(text("s")),
    }
    for signature, body in macros.items():
        con.execute(f"CREATE OR REPLACE TEMP MACRO {signature} AS {body}")
