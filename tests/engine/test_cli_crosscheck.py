"""`qingfeng crosscheck BUNDLE --out HITS.csv` end to end through the real importer."""

import csv
import json

import pytest

from qingfeng.cli import main
from tests.engine.crosscheck_helpers import make_id

A = make_id("19600101", "001")  # 张三, household H1, dead since 2020-01-15
B = make_id("19650505", "002")  # 李四, household H1
C = make_id("19700707", "003")  # 王五, household H2
V = "430821100001"

FILES = {
    "roll.csv": [
        ["户编号", "姓名", "证件号码", "与户主关系", "行政区划代码", "纳入日期", "退出日期"],
        ["H1", "张三", A, "户主", V, "2018-01-01", ""],
        ["H1", "李四", B, "配偶", V, "2018/1/1", ""],
        ["H2", "王五", C, "户主", V, "2018年1月1日", ""],
        ["H3", "赵六", "4.30821E+17", "户主", V, "20180101", ""],
    ],
    "payments.csv": [
        ["发放流水号", "项目名称", "资金所属期", "领取人姓名", "领取人证件号码", "户编号", "银行账号", "账户户名",
         "发放金额", "发放日期", "行政区划代码"],
        ["P1", "低保金", "2020-01", "张三", A, "H1", "6210 001", "张三", "400", "2020-01-10", V],
        ["P2", "低保金", "2020年3月", "张三", A, "H1", "6210001", "张三", "400", "2020-03-10", V],
        ["P3", "低保金", "202003", "李四", B, "H1", "6210001", "李四", "1,200.00", "2020-03-10", V],
        ["P4", "低保金", "2020-03", "王五", C, "H2", "6210001", "钱七", "400", "2020-03-10", V],
        ["P5", "低保金", "2020-04", "王五", C, "H2", "6210002", "王五", "400", "2020-04-10", V],
        ["P6", "低保金", "2020.04", "王五", C, "", "6210002", "王五", "400", "2020-04-20", V],
    ],
    "standards.csv": [
        ["项目名称", "标准金额", "发放周期", "对象范围", "须在册", "生效日期", "失效日期"],
        ["低保金", "500", "月", "个人", "是", "2018-01-01", ""],
    ],
    "deaths.csv": [
        ["姓名", "证件号码", "性别", "出生日期", "死亡日期", "行政区划代码", "数据来源"],
        ["张三", "", "男", "1960-01-01", "2020-01-15", V, "火化"],
    ],
}


def write_bundle(directory, files=FILES, encoding="utf-8"):
    directory.mkdir(exist_ok=True)
    for name, rows in files.items():
        with open(directory / name, "w", encoding=encoding, newline="") as f:
            csv.writer(f).writerows(rows)
    return directory


def run_cli(tmp_path, *extra, bundle=None):
    bundle = bundle or write_bundle(tmp_path / "bundle")
    out = tmp_path / "hits.csv"
    code = main(["crosscheck", str(bundle), "--out", str(out), "--hub", str(tmp_path / "hub.duckdb"),
                 "--as-of", "2024-01-01", *extra])
    return code, out


def read_hits(out):
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_a_bundle_runs_end_to_end_and_writes_the_hits_file(tmp_path, capsys):
    code, out = run_cli(tmp_path)
    assert code == 0
    hits = read_hits(out)
    assert set(hits[0]) >= {"rule", "id_number", "household_id", "name", "payment_id", "account", "score",
                            "evidence"}
    found = {(h["rule"], h["payment_id"] or h["account"] or h["id_number"] or h["household_id"]) for h in hits}
    assert found == {
        ("R03", "P2"),  # period March starts after death on 2020-01-15, matched by name + birth date
        ("R07", "P5"), ("R07", "P6"),  # 王五 paid twice for April (P1, for January, is no hit)
        ("R08", "P3"),  # 1,200 over the 500 standard
        ("R10", "6210001"),  # 张三, 李四 (H1) and 王五 (H2) on one account
        ("R11", "P4"),  # 钱七 is not in 王五's household
        ("R12", "H3"),  # scientific notation is an invalid ID
    }
    r03 = next(h for h in hits if h["rule"] == "R03")
    assert 0 < float(r03["score"]) < 1
    evidence = json.loads(r03["evidence"])
    assert {(r["registry"], r["row"]) for r in evidence["records"]} == {("payments", 3), ("deaths", 2)}
    printed = capsys.readouterr().out
    assert "roll 保障对象名册" in printed and "R10" in printed and "已跳过" in printed
    assert "vehicles" in printed  # the absent registries are named
    assert "第 5 行" in printed  # the invalid ID is reported with its row


def test_a_gbk_bundle_gives_the_same_hits(tmp_path):
    code, out = run_cli(tmp_path, bundle=write_bundle(tmp_path / "gbk", encoding="gb18030"))
    assert code == 0 and len(read_hits(out)) == 7


def test_payments_split_over_two_monthly_files_give_the_same_hits_naming_file_and_row(tmp_path):
    whole = read_hits(run_cli(tmp_path / "one", bundle=write_bundle((tmp_path / "one").mkdir() or tmp_path / "one" / "b"))[1])
    header, *rows = FILES["payments.csv"]
    split = {k: v for k, v in FILES.items() if k != "payments.csv"}
    split["payments_2020-01.csv"] = [header, rows[0]]
    split["payments_2020-03.csv"] = [header, *rows[1:]]  # P2 is row 2 of this file
    (tmp_path / "two").mkdir()
    code, out = run_cli(tmp_path / "two", bundle=write_bundle(tmp_path / "two" / "b", split))
    hits = read_hits(out)
    assert code == 0
    assert sorted((h["rule"], h["payment_id"], h["account"]) for h in hits) == sorted(
        (h["rule"], h["payment_id"], h["account"]) for h in whole)
    r03 = json.loads(next(h for h in hits if h["rule"] == "R03")["evidence"])
    assert {(r["registry"], r.get("file"), r["row"]) for r in r03["records"]} == {
        ("payments", "payments_2020-03.csv", 2), ("deaths", None, 2)}


def test_a_parameter_override_changes_the_result(tmp_path):
    code, out = run_cli(tmp_path, "--param", "R10.min_recipients=4")
    assert code == 0
    assert "R10" not in {h["rule"] for h in read_hits(out)}


def rows_sorted(evidence: dict) -> dict:
    # R10's evidence lists a recipient's payment rows in whatever order the engine
    # aggregated them (Spark: [3, 2], DuckDB: [2, 3]); the order carries no meaning here.
    return {k: sorted(v) if k == "rows" else v for k, v in evidence.items()}


@pytest.mark.spark
def test_the_rules_run_on_spark_with_the_same_hits(tmp_path):
    bundle = write_bundle(tmp_path / "bundle")
    runs = {}
    for backend in ("duckdb", "spark"):
        (tmp_path / backend).mkdir()
        code, out = run_cli(tmp_path / backend, "--backend", backend, bundle=bundle)
        assert code == 0
        runs[backend] = [{**h, "evidence": json.loads(h["evidence"], object_hook=rows_sorted)} for h in read_hits(out)]
    assert runs["spark"] == runs["duckdb"] and len(runs["spark"]) == 7


def test_an_unknown_backend_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run_cli(tmp_path, "--backend", "hadoop")
    assert "hadoop" in capsys.readouterr().err


def test_a_rerun_reports_nothing_new(tmp_path, capsys):
    run_cli(tmp_path)
    capsys.readouterr()
    code, _ = run_cli(tmp_path)
    assert code == 0 and "新增 new 0，消失 gone 0" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--param", "R10.min_recipients=lots"], "lots"),
    (["--param", "R77.x=1"], "R77"),
    (["--rules", "R01,R42"], "R42"),
])
def test_bad_options_exit_non_zero_with_a_message(tmp_path, capsys, args, message):
    code, out = run_cli(tmp_path, *args)
    assert code != 0 and not out.exists()
    assert message in capsys.readouterr().err


def test_a_missing_required_column_names_the_file_and_column(tmp_path, capsys):
    files = {"payments.csv": [["发放流水号", "项目名称"], ["P1", "低保金"]]}
    code, out = run_cli(tmp_path, bundle=write_bundle(tmp_path / "bad", files))
    err = capsys.readouterr().err
    assert code != 0 and not out.exists()
    assert "payments.csv" in err and "资金所属期" in err


def test_a_missing_directory_is_an_error(tmp_path, capsys):
    code, _ = run_cli(tmp_path, bundle=tmp_path / "nowhere")
    assert code != 0 and "nowhere" in capsys.readouterr().err
