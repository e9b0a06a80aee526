"""`qingfeng places import`: its output, its exit codes, and a fresh platform set up through it."""

import pytest

from qingfeng.cli import main
from qingfeng.clues.models import Clue
from qingfeng.places.models import Jurisdiction

from .ledger_support import ledger_row
from .ledger_support import write_xlsx as write_ledger
from .places_support import COUNTY_ROWS, write_csv


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """Management commands run from argv close every connection when done; on
    PostgreSQL that would end the test's own transaction."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_the_command_prints_the_row_accounting_and_each_rejected_row(db, tmp_path, capsys):
    path = write_csv(tmp_path / "places.csv", [*COUNTY_ROWS, ("430821101", "广福桥镇", ""), ("4308211", "坏", "")])
    assert main(["places", "import", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "读取行数：10", "新增：8", "更新：0", "无变化：0", "拒绝：2", "新建片区：2",
        "第 10 行，行政区划代码：行政区划代码与第 3 行重复",
        "第 11 行，行政区划代码：行政区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区），此处为 7 位",
    ]


def test_the_second_run_of_the_same_file_reports_every_row_unchanged(db, tmp_path, capsys):
    path = write_csv(tmp_path / "places.csv", COUNTY_ROWS)
    main(["places", "import", str(path)])
    capsys.readouterr()
    assert main(["places", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == ["读取行数：8", "新增：0", "更新：0", "无变化：8", "拒绝：0"]


@pytest.mark.parametrize("name, content", [("missing.csv", None), ("places.doc", b"x"), ("bad.csv", b"a,b\n1,2\n")])
def test_a_file_that_cannot_be_read_exits_non_zero_with_its_name(db, tmp_path, capsys, name, content):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(SystemExit) as exit_info:
        main(["places", "import", str(tmp_path / name)])
    assert exit_info.value.code == 1
    assert name in capsys.readouterr().err
    assert not Jurisdiction.objects.exists()


def test_the_command_requires_its_subcommand(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["places"])
    assert exit_info.value.code != 0


def test_on_an_empty_platform_places_import_then_ledger_import_works(db, tmp_path, capsys):
    ledger = write_ledger(tmp_path / "ledger.xlsx", [ledger_row()])
    with pytest.raises(SystemExit) as exit_info:
        main(["ledger", "import", str(ledger)])  # no county yet: the ledger cannot be placed
    assert exit_info.value.code != 0 and not Clue.objects.exists()
    assert main(["places", "import", str(write_csv(tmp_path / "places.csv", COUNTY_ROWS))]) == 0
    assert main(["ledger", "import", str(ledger)]) == 0
    clue = Clue.objects.get()
    assert (clue.township.name, clue.village.name) == ("广福桥镇", "青山村")
