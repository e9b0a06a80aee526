"""The demo-data generator: deterministic, contract-shaped, messy, with a sound answer key."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from opencc import OpenCC

from qingfeng.cli import main
from qingfeng.engine.generator import answer_key
from qingfeng.engine.generator.bundle import REGISTRY_KEYS, generate, read_key, read_planted
from qingfeng.engine.generator.ids import check_char, is_valid, make_id, to_legacy15
from qingfeng.engine.generator.names import FEMALE_CHARS, HOMOPHONES, MALE_CHARS, SURNAMES, TRADITIONAL
from qingfeng.engine.schema import REGISTRIES

RULES = [f"R{n:02d}" for n in range(1, 19)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    assert main(["demo-data", str(out), "--households", "300", "--seed", "7"]) == 0
    return out


def _header(path: Path, encoding: str) -> list[str]:
    with open(path, encoding=encoding, newline="") as fh:
        return next(csv.reader(fh))


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def test_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path, bundle):
    again = tmp_path / "again"
    other = tmp_path / "other"
    generate(again, 300, seed=7)
    generate(other, 300, seed=8)
    for name in [f"{k}.csv" for k in REGISTRY_KEYS] + ["answer_key/expected_hits.csv"]:
        assert (bundle / name).read_bytes() == (again / name).read_bytes(), name
    assert (bundle / "payments.csv").read_bytes() != (other / "payments.csv").read_bytes()


def test_every_registry_has_the_contract_headers(bundle):
    for key in REGISTRY_KEYS:
        encoding = "gb18030" if key in ("deaths", "cadres") else "utf-8-sig"
        header = [h.strip() for h in _header(bundle / f"{key}.csv", encoding)]
        assert header == [c.zh for c in REGISTRIES[key].columns], key


def test_english_headers_and_parquet(tmp_path):
    import pyarrow.parquet as pq

    generate(tmp_path, 120, seed=3, fmt="parquet", headers="en", with_key=False)
    for key in REGISTRY_KEYS:
        names = pq.read_schema(tmp_path / f"{key}.parquet").names
        assert [n.strip() for n in names] == [c.name for c in REGISTRIES[key].columns], key


def test_every_rule_has_planted_positives_and_near_misses_agree_with_the_key(bundle):
    key = read_key(bundle)
    planted = read_planted(bundle)
    assert {c["rule"] for c in planted if c["fires"] == "yes"} == set(RULES)
    assert len([c for c in planted if c["fires"] == "no"]) >= 30
    for case in planted:
        expected = (case["rule"], tuple(case["key"].split("|")))
        assert (expected in key) == (case["fires"] == "yes"), case


def test_the_messy_spellings_of_the_contract_are_present(bundle):
    roll, payments = _text(bundle / "roll.csv"), _text(bundle / "payments.csv")
    everything = "".join(_text(bundle / f"{k}.csv") for k in REGISTRY_KEYS)
    fields = [f for row in csv.reader(everything.splitlines()) for f in row]
    assert any(len(f) == 15 and f.isdigit() for f in fields)  # legacy 15-digit IDs
    assert "０" in everything or "１" in everything  # full-width digits
    assert "'43" in everything  # Excel's text marker
    assert "4.30821E+17" in roll
    assert "年第" in payments and "季度" in payments and "年" in payments
    assert '"1,' in payments or '"2,' in payments  # thousands separators
    assert "年" in roll and "/" in roll  # mixed date formats
    assert any(t in everything for t in TRADITIONAL.values())
    assert (bundle / "roll.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        (bundle / "deaths.csv").read_bytes().decode("utf-8")


def test_id_numbers_are_built_and_checked_by_the_standard():
    assert check_char("11010519491231002") == "X"  # the example of GB 11643
    assert make_id("110105", dt.date(1949, 12, 31), 2) == "11010519491231002X"
    assert to_legacy15("11010519491231002X") == "110105491231002"
    assert is_valid("11010519491231002X", dt.date(2020, 1, 1))
    assert not is_valid("110105194912310021", dt.date(2020, 1, 1))
    assert not is_valid("430821203001011234", dt.date(2026, 1, 1))


def test_name_pools_are_already_simplified_and_variants_fold_back():
    t2s = OpenCC("t2s")
    pool = SURNAMES + MALE_CHARS + FEMALE_CHARS + "".join(HOMOPHONES.values())
    assert t2s.convert(pool) == pool
    for simplified, traditional in TRADITIONAL.items():
        assert t2s.convert(traditional) == simplified
    assert all("曾单解区仇".count(c) for c in "曾单解区仇" if c in SURNAMES)


def test_the_answer_key_counts_accidental_background_hits(bundle):
    planted_positive = {(c["rule"], tuple(c["key"].split("|"))) for c in read_planted(bundle) if c["fires"] == "yes"}
    key = read_key(bundle)
    assert planted_positive < key  # background data adds hits the plant did not list


def test_the_key_reads_homophones_of_polyphonic_characters():
    assert answer_key.names_match("曾静", "增静")  # 曾 reads ceng and zeng
    assert answer_key.names_match("单丽华", "善丽华")  # 单 reads dan, chan and shan
    assert not answer_key.names_match("曾静", "曾静静")
    assert not answer_key.names_match("王秀兰", "王秀英")
