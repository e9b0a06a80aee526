"""The county's working-day calendar: an administrator loads a year's official schedule
(CSV), corrects single days; deadlines follow; every change is audited; bad rows are
refused whole with their row, column and reason.

The package knows the holidays up to 2026; 2027 is counted Monday to Friday until loaded.
The test schedule for 2027: 元旦 01-01 (Fri); 春节 02-05 (Fri) and 02-08..11 (Mon–Thu)
off, Saturday 02-20 worked (调休上班).
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue
from qingfeng.core import workdays
from qingfeng.core.models import CalendarDay, CalendarYear, Counter
from qingfeng.inbox.calendar import actions as calendar_actions
from qingfeng.inbox.calendar.reading import ScheduleDay

CALENDAR = "/staff/inbox/calendar/"
SCHEDULE_2027 = """日期,类型,名称
2027-01-01,节假日,元旦
2027-02-05,节假日,春节
2027-02-08,节假日,春节
2027/2/9,节假日,春节
2027-02-10,节假日,春节
2027-02-11,节假日,春节
2027-02-20,调休上班,春节
"""


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.forget()
    yield
    workdays.forget()


def _upload(client, text, year=2027, name="2027.csv", encoding="utf-8"):
    return client.post(reverse("inbox:calendar_load"), {
        "year": year, "note": "国办发明电〔2026〕7号", "file": SimpleUploadedFile(name, text.encode(encoding))})


def test_2027_is_counted_monday_to_friday_until_loaded(world):
    assert not workdays.has_schedule(2027)
    assert workdays.has_schedule(2026)
    assert workdays.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 5)


def test_an_administrator_loads_2027_and_the_spring_festival_moves_deadlines(world, login):
    client = login(world.admin)
    response = _upload(client, SCHEDULE_2027)
    assert response.status_code == 302 and response.url == "/staff/inbox/calendar/2027/"
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕7号"
    assert CalendarDay.objects.filter(day__year=2027).count() == 7
    assert workdays.has_schedule(2027)
    assert workdays.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)  # Thursday → past the festival
    assert workdays.add_working_days(date(2027, 2, 19), 1) == date(2027, 2, 20)  # the 调休 Saturday
    assert workdays.is_workday(date(2027, 1, 1)) is False
    # Working days 2027-01-25 → 2027-03-12: 34 Mon–Fri, less 5 festival days, plus 1 Saturday.
    assert workdays.working_days_between(date(2027, 1, 25), date(2027, 3, 12)) == 30
    page = client.get("/staff/inbox/calendar/2027/").content.decode()
    assert 'id="day-2027-02-20"' in page and "本县导入" in page


def test_the_workflows_default_time_limit_follows_the_loaded_schedule(world, login, make_clue, advance):
    # 初步核实: 30 working days from an assignment on Monday 2027-01-25.
    before = advance(make_clue(), "assign", today=date(2027, 1, 25))
    assert before.due_on == date(2027, 3, 8)  # Monday to Friday: 4 + 5×5 + 1
    _upload(login(world.admin), SCHEDULE_2027)
    after = advance(make_clue(), "assign", today=date(2027, 1, 25))
    assert after.due_on == date(2027, 3, 12)  # five festival days off, one Saturday worked: four days later


def test_the_clue_page_warns_while_its_deadline_year_has_no_schedule(world, login, make_clue):
    clue = make_clue()
    Clue.objects.filter(pk=clue.pk).update(due_on=date(2027, 3, 8))
    url = reverse("clues:detail", args=[clue.id])
    warning = "2027 年的节假日安排尚未导入：该年的期限暂按周一至周五计算"
    assert warning in login(world.erin).get(url).content.decode()
    _upload(login(world.admin), SCHEDULE_2027)
    assert warning not in login(world.erin).get(url).content.decode()


def test_the_inbox_warns_of_a_deadline_in_a_year_without_schedule(world, login, make_clue):
    from qingfeng.inbox import service

    clue = make_clue(reporter="")
    Clue.objects.filter(pk=clue.pk).update(due_on=date(2027, 1, 5), handler=world.dave)
    inbox = service.inbox_for(world.dave, date(2027, 1, 4))
    assert [r.due for r in inbox.reminders] == [date(2027, 1, 5)]
    assert inbox.unscheduled_years == [2027]
    calendar_actions.do_load_year(2027, [ScheduleDay(date(2027, 1, 1), "holiday", "元旦")], acting_user=world.admin)
    assert service.inbox_for(world.dave, date(2027, 1, 4)).unscheduled_years == []


def test_loading_is_audited_with_the_days_before_and_after(world, login):
    client = login(world.admin)
    _upload(client, SCHEDULE_2027)
    _upload(client, "日期,类型,名称\n2027-01-01,节假日,元旦\n")
    first, second = AuditEntry.objects.filter(action="calendar.load_year").order_by("seq")
    assert first.actor == world.admin and first.object_type == "core.calendaryear"
    assert first.before == {"loaded": False, "days": []}
    assert len(first.after["days"]) == 7
    assert second.before["days"] == first.after["days"]
    assert second.after["days"] == [{"day": "2027-01-01", "kind": "holiday", "name": "元旦"}]
    assert CalendarDay.objects.count() == 1  # the second load replaced the first
    assert workdays.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 5)


BAD = """日期,类型,名称
2027-02-30,节假日,春节
2026-12-31,节假日,元旦
2027-02-05,放假啦,春节
2027-02-05,节假日,春节
2027-02-22,调休上班,
"""


def test_bad_rows_are_named_by_row_column_and_reason_and_nothing_is_written(world, login):
    response = _upload(login(world.admin), BAD)
    assert response.status_code == 400
    page = response.content.decode()
    for problem in [
        "第 2 行，日期：无法识别的日期“2027-02-30”（应为 2027-02-06 这样的日期）",
        "第 3 行，日期：2026-12-31 不在 2027 年内",
        "第 4 行，类型：类型应为“节假日”或“调休上班”，不是“放假啦”",
        "第 5 行，日期：2027-02-05 与第 4 行重复",
        "第 6 行，类型：2027-02-22 是周一至周五，本来就是工作日，不必列为调休上班",
    ]:
        assert problem in page
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()
    assert not workdays.has_schedule(2027)


def test_a_table_without_the_type_column_is_refused(world, login):
    page = _upload(login(world.admin), "日期,名称\n2027-01-01,元旦\n").content.decode()
    assert "第 1 行，类型：缺少此列（表头应为 日期、类型、名称）" in page
    assert not CalendarDay.objects.exists()


def test_a_gbk_csv_with_short_kind_words_loads(world, login):
    response = _upload(login(world.admin), "日期,类型,名称\n2027-02-05,休,春节\n2027-02-20,班,春节\n", encoding="gbk")
    assert response.status_code == 302
    assert dict(CalendarDay.objects.values_list("day", "kind")) == {
        date(2027, 2, 5): "holiday", date(2027, 2, 20): "workday"}


def test_a_loaded_year_replaces_the_package_for_that_year(world):
    assert workdays.is_workday(date(2026, 10, 1)) is False  # 国庆节 in the package
    calendar_actions.do_load_year(2026, [ScheduleDay(date(2026, 1, 1), "holiday", "元旦")], acting_user=world.admin)
    assert workdays.is_workday(date(2026, 10, 1)) is True  # Thursday: the county's table alone counts
    calendar_actions.do_unload_year(2026, acting_user=world.admin)
    assert workdays.is_workday(date(2026, 10, 1)) is False
    assert [e.action for e in AuditEntry.objects.order_by("seq")] == ["calendar.load_year", "calendar.unload_year"]


def test_single_days_are_added_and_removed_through_the_form_and_audited(world, login):
    client = login(world.admin)
    assert workdays.is_workday(date(2026, 6, 1)) is True  # a Monday in a package year
    response = client.post("/staff/inbox/calendar/2026/day/", {"day": "2026-06-01", "kind": "holiday", "name": "县庆"})
    assert response.status_code == 302
    assert workdays.is_workday(date(2026, 6, 1)) is False
    assert workdays.is_workday(date(2026, 10, 1)) is False  # the package still counts for the rest of 2026
    assert client.post("/staff/inbox/calendar/2026/remove/", {"day": "2026-06-01"}).status_code == 302
    assert workdays.is_workday(date(2026, 6, 1)) is True
    added, removed = AuditEntry.objects.filter(action__startswith="calendar.").order_by("seq")
    assert (added.action, added.before, added.after) == (
        "calendar.set_day", None, {"day": "2026-06-01", "kind": "holiday", "name": "县庆"})
    assert (removed.action, removed.before, removed.after) == (
        "calendar.remove_day", {"day": "2026-06-01", "kind": "holiday", "name": "县庆"}, None)


def test_a_make_up_working_day_on_a_weekday_is_refused(world, login):
    response = login(world.admin).post("/staff/inbox/calendar/2027/day/",
                                       {"day": "2027-02-22", "kind": "workday", "name": ""}, follow=True)
    assert "2027-02-22 是周一至周五，本来就是工作日" in response.content.decode()
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("who", ["erin", "frank", "alice"])
def test_only_an_administrator_keeps_the_calendar(world, login, who):
    client = login(getattr(world, who))
    assert client.get(CALENDAR).status_code == 403
    assert _upload(client, SCHEDULE_2027).status_code == 403
    assert client.post("/staff/inbox/calendar/2027/day/", {"day": "2027-02-05", "kind": "holiday"}).status_code == 403
    assert not CalendarDay.objects.exists()


def test_the_calendar_page_lists_years_and_their_source(world, login):
    page = login(world.admin).get(CALENDAR).content.decode()
    assert 'id="year-2026"' in page and 'id="year-2027"' in page
    assert "内置（chinese_calendar）" in page and "无：暂按周一至周五" in page


def test_another_process_change_is_seen_at_the_next_request(world, client):
    assert workdays.is_workday(date(2027, 2, 5)) is True
    # Another process (the web server's other worker) loads 2027: rows and the version, not this process's cache.
    CalendarDay.objects.create(day=date(2027, 2, 5), kind="holiday", name="春节")
    Counter.objects.update_or_create(key=workdays.VERSION_KEY, defaults={"value": 99})
    assert workdays.is_workday(date(2027, 2, 5)) is True  # within this request: the table it read
    client.get(reverse("accounts:login"))  # any request starts by asking for the version again
    assert workdays.is_workday(date(2027, 2, 5)) is False


def test_a_year_page_outside_the_calendar_is_not_found(world, login):
    client = login(world.admin)
    assert client.get("/staff/inbox/calendar/99999/").status_code == 404
    assert client.get("/staff/inbox/calendar/1999/").status_code == 404
    assert client.post("/staff/inbox/calendar/99999/day/", {"day": "2027-02-05", "kind": "holiday"}).status_code == 404
    assert client.post("/staff/inbox/calendar/99999/unload/").status_code == 404
    assert client.get("/staff/inbox/calendar/2100/").status_code == 200


def test_control_characters_in_a_day_name_or_the_note_are_refused(world, login):
    client = login(world.admin)
    response = _upload(client, "日期,类型,名称\n2027-02-05,节假日,春\x07节\n")
    assert response.status_code == 400
    assert "第 2 行，名称：名称含有不可见的控制字符（U+0007）" in response.content.decode()
    response = client.post(reverse("inbox:calendar_load"), {
        "year": 2027, "note": "国办\x1b发", "file": SimpleUploadedFile("2027.csv", SCHEDULE_2027.encode())})
    assert response.status_code == 400
    assert "依据含有不可见的控制字符（U+001B）" in response.content.decode()
    response = client.post("/staff/inbox/calendar/2027/day/", {"day": "2027-02-05", "kind": "holiday",
                                                               "name": "春\x07节"}, follow=True)
    assert "名称含有不可见的控制字符（U+0007）" in response.content.decode()
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_the_file_action_reports_rows_and_writes_only_a_clean_table(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2027-02-05,节假日,春节\n2027-02-22,调休上班,\n", encoding="utf-8")
    report = calendar_actions.do_load_year_file(bad, 2027, acting_user=world.admin)
    assert (report.read, report.rejected, report.loaded) == (2, 1, False)
    assert report.problems == [(3, "类型", "2027-02-22 是周一至周五，本来就是工作日，不必列为调休上班")]
    assert not CalendarDay.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text("日期,类型,名称\n2027-02-05,节假日,春节\n2027-02-20,调休上班,春节\n", encoding="utf-8")
    report = calendar_actions.do_load_year_file(good, 2027, acting_user=world.admin, note="国办发明电〔2026〕7号")
    assert (report.read, report.rejected, report.loaded, len(report.days)) == (2, 0, True, 2)
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕7号"
    assert workdays.is_workday(date(2027, 2, 20)) is True
