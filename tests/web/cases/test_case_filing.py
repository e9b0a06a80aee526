"""Filing a case (立案) from a clue approved for 立案审查调查, through the clue page's button."""

from datetime import date, timedelta

from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Case
from qingfeng.clues import actions as clue_actions
from qingfeng.clues.models import Clue


def _file(client, clue, filed_on="2024-03-05", version=None):
    return client.post(f"/staff/cases/clues/{clue.id}/file/",
                       {"version": clue.version if version is None else version, "filed_on": filed_on})


def test_filing_a_case_numbers_it_and_marks_the_clue_filed(world, login, case_clue):
    clue = case_clue()
    response = _file(login(world.dave), clue)
    case = Case.objects.get(clue=clue)
    assert response.status_code == 302 and response.url == f"/staff/cases/{case.id}/"
    assert (case.case_no, case.stage, case.filed_on) == ("AJ20240001", "立案", date(2024, 3, 5))
    clue.refresh_from_db()
    assert (clue.case_filed, clue.filed_on) == (True, date(2024, 3, 5))


def test_filing_writes_one_audit_entry_on_the_clue(world, login, case_clue):
    clue = case_clue()
    before = AuditEntry.objects.count()
    _file(login(world.dave), clue)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.object_type, entry.object_id) == ("case.file", "clues.clue", str(clue.id))
    assert entry.after["case_no"] == "AJ20240001" and entry.before["case_filed"] is False


def test_the_second_case_of_a_year_takes_the_next_number(world, login, case_clue):
    client = login(world.carol)
    first, second = case_clue(), case_clue(subject="李某")
    _file(client, first)
    _file(client, second)
    assert sorted(Case.objects.values_list("case_no", flat=True)) == ["AJ20240001", "AJ20240002"]


def test_a_clue_disposed_otherwise_cannot_be_filed(world, login, make_clue, advance):
    clue = advance(make_clue(), "assign")  # 初步核实
    response = _file(login(world.carol), clue)
    assert response.status_code == 302 and not Case.objects.exists()
    assert "只有批准“立案审查调查”的线索才能立案" in login(world.carol).get(response.url).content.decode()


def test_a_case_cannot_be_filed_in_the_future(world, login, case_clue):
    clue = case_clue()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _file(login(world.dave), clue, filed_on=tomorrow.isoformat())
    assert not Case.objects.exists()
    assert "立案日期不能晚于今天" in login(world.dave).get(response.url).content.decode()


def test_a_clue_cannot_be_filed_twice(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _file(client, clue)
    clue.refresh_from_db()
    response = _file(client, clue)
    assert Case.objects.count() == 1
    assert "该线索已立案（AJ20240001）" in client.get(response.url).content.decode()


def test_a_stale_page_files_nothing(world, login, case_clue):
    clue = case_clue()
    response = _file(login(world.dave), clue, version=clue.version - 1)
    assert not Case.objects.exists()
    assert "已被他人修改" in login(world.dave).get(response.url).content.decode()


def test_an_imported_clue_already_filed_gets_its_case_on_the_ledger_date(world, login, make_clue, advance):
    clue = advance(make_clue(), "close")  # the walk records case_filed on 2024-03-01
    assert (clue.case_filed, clue.filed_on, clue.is_open) == (True, date(2024, 3, 1), False)
    page = login(world.carol).get(f"/staff/clues/{clue.id}/").content.decode()
    assert 'id="file-case"' in page
    _file(login(world.carol), clue, filed_on="2024-03-01")
    assert Case.objects.get(clue=clue).filed_on == date(2024, 3, 1)


def test_the_clue_page_shows_the_file_button_only_to_recorders_of_a_case_disposal(world, login, case_clue):
    clue = case_clue()
    assert 'id="file-case"' in login(world.dave).get(f"/staff/clues/{clue.id}/").content.decode()
    assert 'id="file-case"' not in login(world.erin).get(f"/staff/clues/{clue.id}/").content.decode()


def test_recording_the_result_keeps_a_filed_case_on_the_clue(world, login, case_clue):
    clue = case_clue()
    _file(login(world.dave), clue)
    clue = Clue.objects.get(id=clue.id)
    clue = clue_actions.do_transition(clue.id, "record_result", acting_user=world.dave, expected_version=clue.version,
                                      payload={"result": "已处分", "case_filed": False})
    assert (clue.case_filed, clue.filed_on) == (True, date(2024, 3, 5))
