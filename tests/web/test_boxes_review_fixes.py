"""举报箱 after review: an opening shows only the clues the viewer may open; the register import
audits each updated box's fields before and after, refuses a future 悬挂日期 and a box
registered meanwhile; an edit without version is refused; a box registered just after
midnight in the county counts from that local day."""

import io
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import openpyxl
import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.boxes import actions, schedule
from qingfeng.boxes.models import ReportBox
from qingfeng.clues.actions import do_reassign
from qingfeng.clues.models import Clue

HEADER = ["编号", "乡镇", "村", "悬挂位置", "钥匙保管人", "悬挂日期"]


def _xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["慈利县举报箱台账"])  # a title row above the header
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "举报箱台账.xlsx"
    return data


@pytest.fixture
def box(world):
    return actions.do_add_box(acting_user=world.erin, number="JBX-001", place=world.v1, location="村部公开栏旁",
                              key_holder="乡镇纪委 张华")


def test_an_opening_shows_summary_and_link_only_of_clues_the_viewer_may_open(world, login, box):
    opening = actions.do_record_opening(
        box.id, acting_user=world.erin, opened_on=timezone.localdate(), witness_1=world.erin,
        witness_2=world.alice, items=[{"summary": "村干部优亲厚友"}, {"summary": "低保金被村会计截留"}])
    kept, moved = [item.clue for item in opening.items.order_by("position")]
    do_reassign(moved.id, acting_user=world.frank, mode="直查直办", target=world.county,
                expected_version=Clue.objects.get(id=moved.id).version, reason="县纪委直查")
    page = login(world.alice).get(f"/staff/boxes/openings/{opening.id}/").content.decode()
    assert "村干部优亲厚友" in page and f"/staff/clues/{kept.id}/" in page
    assert "低保金被村会计截留" not in page and f"/staff/clues/{moved.id}/" not in page
    assert moved.clue_no in page.split('id="item-2"')[1].split("</tr>")[0]  # its number only
    page = login(world.erin).get(f"/staff/boxes/openings/{opening.id}/").content.decode()
    assert "低保金被村会计截留" in page and f"/staff/clues/{moved.id}/" in page


def test_the_import_audits_each_changed_box_before_and_after(world, login, box):
    upload = _xlsx([["JBX-001", "广福桥镇", "青山村", "村部公开栏旁", "村监委 李明", None],
                    ["JBX-002", "广福桥镇", "", "镇政府大门", "乙", "2018-05-01"]])
    page = login(world.erin).post("/staff/boxes/import/", {"file": upload}).content.decode()
    assert "新增：1" in page and "更新：1" in page
    entry = AuditEntry.objects.get(action="box.import")
    assert entry.after["updated"] == ["JBX-001"] and entry.after["added"] == ["JBX-002"]
    assert entry.before["boxes"] == {"JBX-001": {"key_holder": "乡镇纪委 张华"}}
    assert entry.after["boxes"] == {"JBX-001": {"key_holder": "村监委 李明"}}


def test_the_import_refuses_a_hanging_date_after_today(world, login):
    tomorrow = timezone.localdate() + timedelta(days=1)
    upload = _xlsx([["JBX-001", "广福桥镇", "青山村", "村部", "甲", tomorrow.isoformat()],
                    ["JBX-002", "广福桥镇", "", "镇政府", "乙", timezone.localdate().isoformat()],
                    ["JBX-003", "广福桥镇", "", "镇政府", "丙", "2018年13月1日"]])
    response = login(world.erin).post("/staff/boxes/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行，悬挂日期：日期不能晚于今天。" in page and "第 5 行，悬挂日期：不是日期：2018年13月1日" in page
    assert "第 4 行" not in page  # today is allowed
    assert ReportBox.objects.count() == 0 and not AuditEntry.objects.filter(action="box.import").exists()


def test_a_box_registered_meanwhile_is_a_clear_row_problem_and_nothing_is_written(world, login, box,
                                                                                     monkeypatch):
    # Another keeper registers JBX-001 after this import looked for existing boxes: the
    # unique number refuses the insert.
    monkeypatch.setattr(actions, "_locked_boxes", lambda numbers: {})
    upload = _xlsx([["JBX-009", "广福桥镇", "", "镇政府", "乙", None],
                    ["JBX-001", "广福桥镇", "青山村", "村部", "甲", None]])
    response = login(world.erin).post("/staff/boxes/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第 4 行，编号：编号 JBX-001 的举报箱刚被其他人登记" in page
    assert list(ReportBox.objects.values_list("number", flat=True)) == ["JBX-001"]  # JBX-009 not written
    assert not AuditEntry.objects.filter(action="box.import").exists()


def test_an_edit_without_version_is_refused(world, login, box):
    data = {"number": "JBX-001", "place": world.v1.code, "location": "别处", "key_holder": "别人", "active": "on"}
    response = login(world.erin).post(f"/staff/boxes/{box.id}/", data)
    assert response.status_code == 400 and "页面已过期或不完整，请刷新后再保存。" in response.content.decode()
    box.refresh_from_db()
    assert box.location == "村部公开栏旁" and box.version == 1
    assert login(world.erin).post(f"/staff/boxes/{box.id}/", data | {"version": 1}).status_code == 302


def test_a_box_registered_after_midnight_counts_from_the_local_day(world, settings, box):
    # 2026-11-01 16:30 UTC is 2026-11-02 00:30 in Asia/Shanghai; the UTC date is a day earlier.
    ReportBox.objects.filter(id=box.id).update(created_at=datetime(2026, 11, 1, 16, 30, tzinfo=dt_timezone.utc))
    settings.BOX_OPENING_DAYS = 30
    assert schedule.with_last_opening(ReportBox.objects.all()).get().since == date(2026, 11, 2)
    assert not schedule.overdue(ReportBox.objects.all(), date(2026, 12, 2)).exists()  # 30 days: not yet
    assert schedule.overdue(ReportBox.objects.all(), date(2026, 12, 3)).exists()
