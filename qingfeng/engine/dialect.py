"""The one place with engine-specific SQL.

Rules and shared views are written once, in a restricted DuckDB dialect, and
rendered per backend with sqlglot. The restrictions:

- registries and views are referenced by their logical names (``roll``,
  ``payments``, ``payment_household``…); ``bind`` maps them to physical tables;
- parameters are placeholders ``:name``; ``bind`` replaces them by literals;
- two macros take a list parameter: ``in_list(x, :list)`` (x equals one of the
  values) and ``contains_any(x, :list)`` (x contains one of the values);
- three macros write the §2 household logic once (``EXPRESSION_MACROS``), each
  replaced by its expression with the arguments in place, then rendered per backend:
  ``household_unit(household_id, id_number, name)`` is the household, or the person
  alone as ``'person:' || coalesce(id_number, 'name:' || name)``;
  ``is_roll_household(household_id, several, first_household)`` tells whether a
  payment's household_id is one of its recipient's roll households and
  ``resolve_household(household_id, several, first_household)`` is the payment's §2
  household (that household, else the one of the earliest roll row, else its own),
  both from person_household's ``several`` and ``first_household``;
- every function must be known to sqlglot for the target backend: an unknown
  (anonymous) function is an error naming the backend, never passed through.
"""

from datetime import date
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError

BACKENDS = {"duckdb": "duckdb", "spark": "spark"}
SOURCE_DIALECT = "duckdb"
MACROS = {"IN_LIST", "CONTAINS_ANY"}
# Macros over expressions: name -> (argument names, DuckDB-dialect template). Each
# unqualified column named like an argument is replaced by that argument's expression.
EXPRESSION_MACROS = {
    "HOUSEHOLD_UNIT": (("household_id", "id_number", "name"),
                       "coalesce(household_id, 'person:' || coalesce(id_number, 'name:' || name))"),
    "IS_ROLL_HOUSEHOLD": (("household_id", "several", "first_household"),
                          "CASE WHEN several IS NULL THEN household_id = first_household"
                          " ELSE list_contains(list_transform(several, e -> e.household_id), household_id) END"),
    "RESOLVE_HOUSEHOLD": (("household_id", "several", "first_household"),
                          "CASE WHEN is_roll_household(household_id, several, first_household) THEN household_id"
                          " WHEN first_household IS NOT NULL THEN first_household ELSE household_id END"),
}
# Functions sqlglot does not model but which exist, same name and meaning, on these backends.
# HASH(x, …) differs in width (DuckDB 64-bit, Spark 32-bit): use it only to pre-filter
# before an exact comparison.
PORTABLE_FUNCTIONS = {"TO_JSON": {"duckdb", "spark"}, "HASH": {"duckdb", "spark"}}


class SQLError(ValueError):
    """A rule's SQL cannot be parsed, bound or rendered."""


class UnsupportedSQL(SQLError):
    """The SQL uses something the named backend cannot run."""


def parse(sql: str) -> exp.Expression:
    try:
        return sqlglot.parse_one(sql, read=SOURCE_DIALECT)
    except ParseError as err:
        raise SQLError(f"SQL 语法错误 / syntax error: {err}") from None


def literal(value) -> exp.Expression:
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, date):
        return exp.Cast(this=exp.Literal.string(value.isoformat()), to=exp.DataType.build("DATE"))
    return exp.Literal.string(str(value))


def _like_pattern(keyword: str) -> exp.Expression:
    # LIKE escapes differ between engines, so wildcard characters are refused.
    if not keyword or "%" in keyword or "_" in keyword:
        raise SQLError(f"关键词 {keyword!r} 不能为空或含 % _ / keyword must be non-empty without % or _")
    return exp.Literal.string(f"%{keyword}%")


def _expand_macro(node: exp.Anonymous, params: dict) -> exp.Expression:
    name = node.name.upper()
    if len(node.expressions) != 2 or not isinstance(node.expressions[1], exp.Placeholder):
        raise SQLError(f"{name.lower()}(x, :list) 需要一个列表参数 / takes a column and a list parameter")
    subject, placeholder = node.expressions
    values = params.get(placeholder.name)
    if not isinstance(values, (list, tuple)):
        raise SQLError(f"参数 {placeholder.name} 不是列表 / parameter is not a list")
    if not values:
        return exp.false()
    if name == "IN_LIST":
        return exp.In(this=subject.copy(), expressions=[literal(v) for v in values])
    ors = [exp.Like(this=subject.copy(), expression=_like_pattern(str(v))) for v in values]
    return exp.Paren(this=exp.or_(*ors))


@lru_cache(maxsize=None)
def _parsed_template(sql: str) -> exp.Expression:
    return parse(sql)


def _template(sql: str) -> exp.Expression:
    return _parsed_template(sql).copy()


def _expand_expression_macros(tree: exp.Expression) -> exp.Expression:
    def visit(node):
        if not (isinstance(node, exp.Anonymous) and node.name.upper() in EXPRESSION_MACROS):
            return node
        name = node.name.upper()
        names, template = EXPRESSION_MACROS[name]
        if len(node.expressions) != len(names):
            raise SQLError(f"{name.lower()}({', '.join(names)}) 需要 {len(names)} 个参数 / takes {len(names)} arguments")
        given = {n: _expand_expression_macros(arg) for n, arg in zip(names, node.expressions)}

        def substitute(part):
            if isinstance(part, exp.Column) and not part.table and part.name in given:
                return given[part.name].copy()
            return part

        body = _expand_expression_macros(_template(template)).transform(substitute)  # nested macros first
        return body if isinstance(body, exp.Func) else exp.Paren(this=body)

    return tree.transform(visit)


def bind(tree: exp.Expression, params: dict, tables: dict[str, str]) -> exp.Expression:
    """Return a copy with macros expanded, placeholders bound and tables mapped."""
    tree = _expand_expression_macros(tree.copy())

    def visit(node):
        if isinstance(node, exp.Anonymous) and node.name.upper() in MACROS:
            return _expand_macro(node, params)
        if isinstance(node, exp.Placeholder):
            if node.name not in params:
                raise SQLError(f"未定义的参数 :{node.name} / undefined parameter")
            value = params[node.name]
            if isinstance(value, (list, tuple)):
                raise SQLError(f"列表参数 :{node.name} 只能用于 in_list/contains_any")
            return literal(value)
        if isinstance(node, exp.Table) and not node.args.get("db") and node.name in tables:
            alias = node.alias or node.name
            return exp.to_table(tables[node.name]).as_(alias) if alias else exp.to_table(tables[node.name])
        return node

    return tree.transform(visit)


def render(tree: exp.Expression, backend: str) -> str:
    if backend not in BACKENDS:
        raise UnsupportedSQL(f"未知的执行引擎 / unknown backend {backend!r} (known: {', '.join(BACKENDS)})")
    for func in tree.find_all(exp.Anonymous):
        if backend in PORTABLE_FUNCTIONS.get(func.name.upper(), ()):
            continue
        raise UnsupportedSQL(
            f"函数 {func.name}() 在 {backend} 上不受支持 / function {func.name}() is not supported on backend {backend}"
        )
    try:
        return tree.sql(dialect=BACKENDS[backend], unsupported_level=ErrorLevel.RAISE, pretty=True)
    except UnsupportedError as err:
        raise UnsupportedSQL(f"{backend} 不支持 / not supported on backend {backend}: {err}") from None


def expression(sql: str, backend: str = "duckdb") -> str:
    """One SQL expression with its macros expanded, rendered for ``backend`` (for SQL written
    in Python, e.g. ``expression("household_unit(r.household_id, r.id_number, r.name)")``)."""
    return render(_expand_expression_macros(parse(f"SELECT {sql}")), backend).removeprefix("SELECT").strip()


def with_json_column(tree: exp.Expression, column: str, columns: tuple[str, ...],
                     nulls: tuple[str, ...] = ()) -> exp.Expression:
    """``SELECT columns…, to_json(column) FROM (tree)``: structs leave the engine as JSON text;
    ``nulls``: further text columns the query does not have, as NULL."""
    outer = [parse(f"to_json({c}) AS {c}") if c == column else exp.column(c) for c in columns]
    outer += [parse(f"CAST(NULL AS VARCHAR) AS {c}") for c in nulls]
    return exp.select(*outer).from_(tree.subquery("hits"))


def tables_used(tree: exp.Expression) -> set[str]:
    """Logical table names the SQL reads (CTE names excluded)."""
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    return {t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes}


def placeholders(tree: exp.Expression) -> set[str]:
    return {p.name for p in tree.find_all(exp.Placeholder)}
