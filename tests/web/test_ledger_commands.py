"""The command line: `qingfeng ledger import/export` and `qingfeng report stats`."""

import json

import pytest

from qingfeng.cli import main

from .ledger_support import build_indicator_ledger, ledger_row, read_cells, write_xlsx


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """Management commands run from argv close every connection when done; on
    PostgreSQL that would end the test's own transaction."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_ledger_import_prints_the_row_accounting_and_problems(world, tmp_path, capsys):
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row(), ledger_row(), ledger_row(线索编号="X-2", 线索来源="乱写")])
    assert main(["ledger", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "读取行数：3" in out and "新增：1" in out
    assert "更新：1（其中无变化 1）" in out and "拒绝：1" in out
    assert "第 4 行，线索来源：未知的线索来源：乱写" in out


def test_ledger_import_of_a_missing_file_fails_with_a_message(world, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ledger", "import", str(tmp_path / "nope.xlsx")])
    assert exit_info.value.code == 1
    assert "nope.xlsx" in capsys.readouterr().err


def test_ledger_export_writes_the_window_including_reporters(world, tmp_path, capsys):
    rows = [ledger_row(), ledger_row(线索编号="X-2", 受理日期="2019-06-01")]
    main(["ledger", "import", str(write_xlsx(tmp_path / "l.xlsx", rows))])
    out = tmp_path / "out.xlsx"
    assert main(["ledger", "export", str(out), "--from", "2018-01-01", "--to", "2018/12/31"]) == 0
    assert f"导出行数：1 → {out}" in capsys.readouterr().out
    cells = read_cells(out)
    assert len(cells) == 2 and cells[1][0] == "XS-001" and cells[1][4] == "赵六"


def test_report_stats_json_prints_one_object_with_the_twelve_keys(world, capsys):
    build_indicator_ledger(world)
    assert main(["report", "stats", "--from", "2018-04-01", "--to", "2018-12-31", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    # hand-computed in test_indicators.EXPECTED
    assert figures == {
        "clues_received": 15, "petitions_received": 9, "petitions_closed": 4, "repeat_petitions": 4,
        "cases_filed": 5, "persons_sanctioned": 6, "org_handled": 4, "first_form": 6, "judicial": 2,
        "recovered": 13946.16, "returned": 2950.26, "overdue_open": 7,
        # the constructed ledger has no persons handled and no 问责 (test_indicators_persons has)
        "form_1": 0, "form_2": 0, "form_3": 0, "form_4": 0, "party_sanctions": 0, "gov_sanctions": 0,
        "village_cadres_sanctioned": 0, "accountability_units": 0, "accountability_leaders": 0,
        "principal_leaders_accountable": 0,
    }


def test_report_stats_breakdown_and_text_output(world, capsys):
    build_indicator_ledger(world)
    main(["report", "stats", "--from", "2018-04-01", "--to", "2018-12-31", "--by", "township", "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == ["广福桥镇", "东岳观镇", "江垭镇", "（未填写乡镇）"]
    assert rows[0]["recovered"] == 13546.17
    main(["report", "stats", "--from", "2018-04-01", "--to", "2018-12-31"])
    assert "受理问题线索 clues_received: 15" in capsys.readouterr().out


def test_report_stats_rejects_a_reversed_window(world, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "stats", "--from", "2019-01-01", "--to", "2018-01-01", "--json"])
    assert exit_info.value.code == 1 and "开始不晚于结束" in capsys.readouterr().err
