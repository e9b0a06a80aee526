"""The rule case tables (test_rules_*.py) run once per backend: DuckDB by default and
Apache Spark under the ``spark`` marker (`make test-spark`), on one SparkSession."""

import pytest

from tests.engine import crosscheck_helpers

BACKENDS = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def pytest_generate_tests(metafunc):
    if "rule_backend" in metafunc.fixturenames:
        metafunc.parametrize("rule_backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def spark_session():
    from qingfeng.engine.backends import spark

    session = spark.session()
    session.conf.set("spark.sql.shuffle.partitions", "1")  # tiny tables: one task per shuffle
    return session


@pytest.fixture
def rule_backend(request):
    """Set crosscheck_helpers.run_rule's engine for one test (see pytestmark in the case tables)."""
    if request.param == "spark":
        from qingfeng.engine.backends.spark import SparkBackend

        session = request.getfixturevalue("spark_session")
        crosscheck_helpers.BACKEND["make"] = lambda con: SparkBackend(con, session)
    yield request.param
    crosscheck_helpers.BACKEND["make"] = None
