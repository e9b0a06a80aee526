"""The ledger actions own permission and audit, for the page and the command alike."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.trail import verify
from qingfeng.cli import main
from qingfeng.clues import actions
from qingfeng.clues.ledger import do_export_ledger, do_import_ledger
from qingfeng.clues.models import Clue
from qingfeng.places.models import Jurisdiction

from .ledger_support import ledger_row, read_cells, write_xlsx

ROOT = Path(__file__).resolve().parents[2] / "qingfeng"
URL = "/staff/reports/ledger/"
NO_COUNTY = ("尚未建立县级辖区。请先导入本县区划代码：qingfeng places import 辖区.xlsx"
             "（或由系统管理员在「辖区设置」页面上传），再导入台账。")


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """Commands run from argv close every connection when done (see test_ledger_commands)."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def _seed(world, tmp_path):
    rows = [ledger_row(), ledger_row(线索编号="XS-T2", 所属乡镇="东岳观镇", 所属村="龙泉村", 反映人="周九"),
            ledger_row(线索编号="XS-T3", 反映人="匿名", 反映人联系方式="")]
    do_import_ledger(write_xlsx(tmp_path / "seed.xlsx", rows), acting_user=None)


def test_the_command_line_export_is_audited_as_the_system_with_the_reporters_shown(world, tmp_path, capsys):
    _seed(world, tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["ledger", "export", str(out)]) == 0
    entry = AuditEntry.objects.get(action="clue.ledger_export")
    assert entry.actor is None and entry.actor_name == "system"
    assert entry.after["by"] == "system (command line)" and entry.after["rows"] == 3
    assert sorted(entry.after["reporters_shown"]) == ["XS-001", "XS-T2"]  # XS-T3 is anonymous
    assert "赵六" not in str(entry.after)  # which clues, never who
    assert verify().ok


def test_the_command_line_export_as_a_user_covers_their_scope_only(world, tmp_path, capsys):
    _seed(world, tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["ledger", "export", str(out), "--user", "alice"]) == 0
    cells = read_cells(out)
    assert [r[0] for r in cells[1:]] == ["XS-001", "XS-T3"] and cells[1][4] is None
    entry = AuditEntry.objects.get(action="clue.ledger_export")
    assert entry.actor == world.alice and entry.after["reporters_shown"] == [] and "by" not in entry.after


def test_the_command_line_import_as_a_user_who_may_not_import_is_refused(world, tmp_path, capsys):
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row()])
    with pytest.raises(SystemExit) as exit_info:
        main(["ledger", "import", str(path), "--user", "alice"])
    assert exit_info.value.code == 1 and "alice" in capsys.readouterr().err
    assert not Clue.objects.exists()


def test_the_command_line_names_an_unknown_user(world, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ledger", "export", str(tmp_path / "o.xlsx"), "--user", "nobody"])
    assert "nobody" in capsys.readouterr().err


def test_import_as_an_intake_officer_records_them_and_a_township_officer_is_refused(world, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row()])
    with pytest.raises(PermissionDenied):
        do_import_ledger(path, acting_user=world.alice)
    assert do_import_ledger(path, acting_user=world.erin).imported == 1
    assert AuditEntry.objects.get(action="clue.ledger_import").actor == world.erin


def test_a_ui_export_covers_the_users_scope_and_records_whose_reporters_were_shown(world, tmp_path):
    _seed(world, tmp_path)
    out = tmp_path / "bob.xlsx"
    assert do_export_ledger(out, acting_user=world.bob) == 1
    assert [r[0] for r in read_cells(out)[1:]] == ["XS-T2"]
    entry = AuditEntry.objects.get(action="clue.ledger_export")
    assert (entry.actor, entry.after["rows"], entry.after["reporters_shown"]) == (world.bob, 1, [])


def _no_county(world):
    """A platform whose places hold no county: the staff's own places hang from nothing."""
    stray = Jurisdiction.objects.create(code="X1", name="未挂靠", level=Jurisdiction.Level.TOWNSHIP)
    type(world.erin).objects.filter(pk=world.erin.pk).update(jurisdiction=stray)
    Jurisdiction.objects.filter(pk=world.county.pk).update(level=Jurisdiction.Level.AREA)


def test_a_command_line_import_without_a_county_says_how_to_set_it_up(world, tmp_path, capsys):
    _no_county(world)
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row()])
    with pytest.raises(SystemExit) as exit_info:
        main(["ledger", "import", str(path)])
    assert exit_info.value.code == 1
    assert NO_COUNTY in capsys.readouterr().err
    assert not Clue.objects.exists()


def test_a_page_import_without_a_county_says_how_to_set_it_up(world, tmp_path, login):
    _no_county(world)
    world.erin.refresh_from_db()
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row()])
    with open(path, "rb") as f:
        response = login(world.erin).post(URL, {"file": f})
    assert response.status_code == 400
    assert NO_COUNTY in response.content.decode()
    assert not Clue.objects.exists()


def test_the_ledger_page_and_command_write_no_audit_entries_themselves():
    files = [ROOT / "reports" / "views_ledger.py", ROOT / "reports" / "management" / "commands" / "ledger.py"]
    imported = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert not any(module.startswith("qingfeng.audit") for module in imported)
    ledger_modules = {m for m in imported if m.startswith("qingfeng.clues.ledger")}
    assert ledger_modules == {"qingfeng.clues.ledger"}  # the public API only


def test_no_ledger_module_rolls_a_row_back_by_restoring_object_state():
    for path in (ROOT / "clues" / "ledger").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "__dict__.update" not in text and "_state.fields_cache" not in text, path.name


def test_a_hit_made_by_another_run_meanwhile_returns_that_runs_clue(world, monkeypatch):
    """The unique index on hit_key is the guard: the duplicate check may miss a clue
    another run is committing at that very moment."""
    first, created = actions.do_create_clue(acting_user=None, received_on=world_today(), source="大数据比对", summary="比对命中",
                                            owner=world.county, hit_key="R03|430821198001010012")
    assert created
    real = actions._clue_with_hit_key
    calls = []

    def missed_then_found(hit_key):
        calls.append(hit_key)
        return None if len(calls) == 1 else real(hit_key)

    monkeypatch.setattr(actions, "_clue_with_hit_key", missed_then_found)
    again, created = actions.do_create_clue(acting_user=None, received_on=world_today(), source="大数据比对", summary="比对命中",
                                            owner=world.county, hit_key="R03|430821198001010012")
    assert (again, created, len(calls)) == (first, False, 2)
    assert Clue.objects.count() == 1
    assert AuditEntry.objects.filter(action="clue.create").count() == 1
    monkeypatch.undo()
    other, _ = actions.do_create_clue(acting_user=None, received_on=world_today(), source="大数据比对", summary="比对命中",
                                      owner=world.county, hit_key="R07|x")
    assert int(other.clue_no[-5:]) == int(first.clue_no[-5:]) + 1  # the refused insert gave its number back


def world_today():
    from django.utils import timezone

    return timezone.localdate()
