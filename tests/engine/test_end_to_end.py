"""End to end: a generated bundle through `qingfeng crosscheck` gives exactly the answer key.

Precision and recall must both be 1.0 for every rule, in every file format, with the
formatting noise of the contract in the files.
"""

import csv
from collections import defaultdict

import pytest

from qingfeng.cli import main
from qingfeng.engine.generator.answer_key import key_of
from qingfeng.engine.generator.bundle import read_key

RULES = [f"R{n:02d}" for n in range(1, 19)]


def _hits(path) -> set[tuple]:
    with open(path, encoding="utf-8-sig") as fh:
        return {(row["rule"], key_of(row["rule"], row)) for row in csv.DictReader(fh)}


def _by_rule(pairs) -> dict[str, set]:
    grouped = defaultdict(set)
    for rule, key in pairs:
        grouped[rule].add(key)
    return grouped


@pytest.mark.parametrize("fmt, headers, households", [("csv", "zh", 400), ("xlsx", "zh", 250),
                                                      ("parquet", "en", 400)])
def test_crosscheck_finds_exactly_the_answer_key(tmp_path, fmt, headers, households):
    bundle = tmp_path / "bundle"
    assert main(["demo-data", str(bundle), "--households", str(households), "--seed", "11",
                 "--format", fmt, "--headers", headers]) == 0
    hits_file = tmp_path / "hits.csv"
    assert main(["crosscheck", str(bundle), "--out", str(hits_file), "--hub", str(tmp_path / "hub.duckdb")]) == 0

    expected, found = _by_rule(read_key(bundle)), _by_rule(_hits(hits_file))
    assert set(expected) == set(RULES)
    report = {}
    for rule in RULES:
        true_positive = expected[rule] & found[rule]
        precision = len(true_positive) / len(found[rule]) if found[rule] else 1.0
        recall = len(true_positive) / len(expected[rule])
        if precision < 1 or recall < 1:
            report[rule] = {"precision": round(precision, 3), "recall": round(recall, 3),
                            "missed": sorted(expected[rule] - found[rule])[:5],
                            "spurious": sorted(found[rule] - expected[rule])[:5]}
    assert not report, report
