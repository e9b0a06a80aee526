"""The rule catalogue as data: every rule loads, validates and renders on both backends."""

import pytest

from qingfeng.engine import dialect
from qingfeng.engine.rulebook import HIT_COLUMNS, Rulebook, RuleError

BOOK = Rulebook.load()


def test_the_catalogue_has_the_eighteen_contract_rules():
    assert list(BOOK.rules) == [f"R{i:02d}" for i in range(1, 19)]
    for rule in BOOK.rules.values():
        assert rule.title and rule.title_en and rule.theme and rule.severity and rule.version >= 1
        assert set(rule.key) <= set(HIT_COLUMNS) | {"record"}
    assert {r.id for r in BOOK.rules.values() if r.key == ("record",)} == {"R14", "R15", "R16", "R17", "R18"}


@pytest.mark.parametrize("rule_id", [f"R{i:02d}" for i in range(1, 19)])
@pytest.mark.parametrize("backend", ["duckdb", "spark"])
def test_every_rule_renders_for_every_backend(rule_id, backend):
    sql = BOOK.get(rule_id).render(backend, tables={"roll": "roll_s1"})
    assert "SELECT" in sql.upper()
    assert ":" + next(iter(BOOK.get(rule_id).parameters), "§") not in sql  # parameters are bound


@pytest.mark.parametrize("backend", ["duckdb", "spark"])
def test_every_shared_view_renders_for_every_backend(backend):
    for view in BOOK.views.values():
        assert view.render(backend)


def test_spark_rendering_uses_spark_functions():
    sql = BOOK.get("R01").render("spark")
    assert "COLLECT_LIST" in sql and "MIN_BY" in sql and "LIKE '%摩托%'" in sql


def test_tables_are_mapped_to_physical_snapshots():
    sql = BOOK.get("R12").render("duckdb", tables={"roll": "roll_s7"})
    assert "roll_s7 AS roll" in sql


def test_unknown_functions_raise_an_error_naming_the_backend():
    tree = dialect.parse("SELECT my_udf(x) AS y FROM roll")
    with pytest.raises(dialect.UnsupportedSQL, match="spark"):
        dialect.render(dialect.bind(tree, {}, {}), "spark")
    with pytest.raises(dialect.UnsupportedSQL, match="oracle"):
        dialect.render(tree, "oracle")


def test_list_parameters_only_in_macros():
    tree = dialect.parse("SELECT 1 FROM roll WHERE x = :kw")
    with pytest.raises(dialect.SQLError, match="kw"):
        dialect.bind(tree, {"kw": ["a"]}, {})


def test_overrides_are_parsed_to_the_default_type():
    assert BOOK.parse_overrides(["R10.min_recipients=4", "R01.exempt_type_keywords=摩托、三轮",
                                 "R03.fuzzy=false", "R03.score_homophone=0.7"]) == {
        "R10": {"min_recipients": 4}, "R01": {"exempt_type_keywords": ["摩托", "三轮"]},
        "R03": {"fuzzy": False, "score_homophone": 0.7}}


@pytest.mark.parametrize("bad, message", [
    ("R10.min_recipients", "RULE.NAME=VALUE"), ("R99.x=1", "R99"), ("R10.nope=1", "nope"),
    ("R10.min_recipients=many", "many"),
])
def test_bad_overrides_are_refused(bad, message):
    with pytest.raises(RuleError, match=message):
        BOOK.parse_overrides([bad])


def test_a_rule_file_missing_an_output_column_is_refused(tmp_path):
    text = (BOOK.get("R12").path.read_text(encoding="utf-8")
            .replace("CAST(NULL AS VARCHAR) AS account,", ""))
    (tmp_path / "R12.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match="account"):
        Rulebook.load(tmp_path)


def test_an_analyst_can_add_a_rule_as_a_file(tmp_path):
    (tmp_path / "R99.toml").write_text('''
id = "R99"
title = "大额发放"
title_en = "Large payment"
theme = "资金发放"
severity = "低"
version = 1
requires = ["payments"]
key = ["payment_id"]
query = """
SELECT id_number, household_id, name, payment_id, CAST(NULL AS VARCHAR) AS account, 1.0 AS score,
       {'payment': {'registry': 'payments', 'row': _row}} AS evidence
FROM payments WHERE amount > :limit
"""
[parameters.limit]
default = 1000
''', encoding="utf-8")
    book = Rulebook.load(tmp_path)
    assert "> 2000" in book.get("R99").render("spark", params={"limit": 2000})


@pytest.mark.parametrize("backend", ["duckdb", "spark"])
def test_household_macros_expand_with_their_arguments_in_place(backend):
    tree = dialect.parse("SELECT household_unit(p.household_id, p.id_number, p.name) AS u, "
                         "resolve_household(p.household_id, pp.several, pp.first_household) AS h "
                         "FROM payments AS p JOIN person_household AS pp ON pp.id_number = p.id_number")
    sql = dialect.render(dialect.bind(tree, {}, {"payments": "payments_s3"}), backend)
    assert "household_unit" not in sql.lower() and "resolve_household" not in sql.lower()
    assert "'person:'" in sql and "'name:'" in sql and "payments_s3 AS p" in sql
    assert "pp.several IS NULL" in sql and "ARRAY_CONTAINS" in sql  # is_roll_household, nested in it


def test_household_unit_macro_is_the_household_or_the_person_alone():
    import duckdb

    sql = dialect.render(dialect.bind(dialect.parse(
        "SELECT household_unit(h, i, n) AS u FROM (VALUES ('H1', 'I1', 'A'), (NULL, 'I2', 'B'), "
        "(NULL, NULL, 'C'), (NULL, NULL, NULL)) AS t(h, i, n)"), {}, {}), "duckdb")
    assert [r[0] for r in duckdb.sql(sql).fetchall()] == ["H1", "person:I2", "person:name:C", None]


def test_household_macros_check_their_argument_count():
    with pytest.raises(dialect.SQLError, match="household_unit"):
        dialect.bind(dialect.parse("SELECT household_unit(h, i) FROM roll"), {}, {})
