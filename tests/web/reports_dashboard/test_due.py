"""Warnings before the key dates (reports.due) and the bulletin not yet issued, on the staff home.

Key dates (plain calendar days): weekly on Monday for the past ISO week, monthly from
the 1st to the 5th for last month, quarterly on days 1-7 of the quarter's first month
for last quarter. "Today" is frozen with the `today` fixture (timezone.localdate).
"""

from datetime import date

import pytest

from qingfeng.bulletins.models import Bulletin
from qingfeng.reports import due

HOME = "/staff/"


@pytest.mark.parametrize(("day", "expected"), [
    (date(2018, 6, 11), [("week", "2018-W23")]),  # a Monday: the week of 06-04..06-10
    (date(2018, 6, 4), [("week", "2018-W22"), ("month", "2018-05")]),  # Monday and the 4th
    (date(2018, 6, 1), [("month", "2018-05")]),  # the 1st (a Friday)
    (date(2018, 6, 5), [("month", "2018-05")]),  # the 5th, the last day
    (date(2018, 6, 6), []),  # the 6th, a Wednesday
    (date(2018, 6, 15), []),
    (date(2018, 7, 2), [("week", "2018-W26"), ("month", "2018-06"), ("quarter", "2018Q2")]),
    (date(2018, 7, 7), [("quarter", "2018Q2")]),  # day 7: the quarter's first week, past the 5th
    (date(2018, 7, 8), []),  # a Sunday, day 8
    (date(2018, 8, 3), [("month", "2018-07")]),  # not a quarter's first month
    (date(2019, 1, 1), [("month", "2018-12"), ("quarter", "2018Q4")]),  # across the year
    (date(2021, 1, 4), [("week", "2020-W53"), ("month", "2020-12"), ("quarter", "2020Q4")]),  # ISO week 53
    (date(2018, 10, 1), [("week", "2018-W39"), ("month", "2018-09"), ("quarter", "2018Q3")]),  # 国庆 holiday too
])
def test_reports_due_on_each_key_date(day, expected):
    assert due.reports_due(day) == expected


def test_the_texts_name_the_period():
    [week, month, quarter] = [due._report_text(k, p, date(2018, 7, 2)) for k, p in due.reports_due(date(2018, 7, 2))]
    assert week == "今日应报送上周周汇总（2018-W26，2018-06-25 至 2018-07-01）"
    assert month == "本月5日前应报送上月月排查（2018年6月）"
    assert quarter == "本季度第一周（7日前）应报送上季度季分析（2018年第2季度）"


def test_each_warning_links_to_its_report_and_the_links_open(world, login):
    shown = due.warnings_for(world.frank, date(2018, 7, 2))
    assert [(w.kind, w.url) for w in shown] == [
        ("week", "/staff/reports/period/?period=2018-W26"), ("month", "/staff/reports/period/?period=2018-06"),
        ("quarter", "/staff/reports/period/?period=2018Q2"), ("bulletin", "/staff/bulletins/")]
    client = login(world.frank)
    assert all(client.get(w.url).status_code == 200 for w in shown)


def test_who_sees_which_warning(world):
    monday = date(2018, 6, 4)
    kinds = {user.username: [w.kind for w in due.warnings_for(user, monday)]
             for user in (world.frank, world.erin, world.carol, world.alice, world.dave, world.gina, world.admin)}
    assert kinds == {"frank": ["week", "month", "bulletin"], "erin": ["week", "month"], "carol": ["week", "month"],
                     "alice": ["week", "month"], "dave": [], "gina": [], "root": []}


def _warnings_on_home(client) -> str:
    content = client.get(HOME).content.decode()
    if 'id="due-warnings"' not in content:
        return ""
    start = content.index('id="due-warnings"')
    return content[start:content.index("</section>", start)]


def test_the_home_shows_the_warnings_of_the_day(world, login, today):
    today(date(2018, 7, 2))
    client = login(world.alice)
    shown = _warnings_on_home(client)
    assert "上周周汇总（2018-W26" in shown and "上月月排查（2018年6月）" in shown and "2018年第2季度" in shown
    assert "典型案例通报" not in shown  # leadership only
    today(date(2018, 7, 9))  # a Monday, past the 5th and the 7th: the weekly report only
    shown = _warnings_on_home(client)
    assert "2018-W27" in shown and "月排查" not in shown and "季分析" not in shown
    today(date(2018, 7, 10))
    assert 'id="due-warnings"' not in client.get(HOME).content.decode()


def test_a_case_handler_sees_no_warnings(world, login, today):
    today(date(2018, 7, 2))
    assert 'id="due-warnings"' not in login(world.dave).get(HOME).content.decode()


def test_the_bulletin_warning_disappears_when_the_bulletin_is_issued(world, login, today):
    today(date(2018, 6, 20))
    client = login(world.frank)
    assert "上月典型案例通报尚未印发（2018年5月）" in _warnings_on_home(client)
    bulletin = Bulletin.objects.create(year=2018, month=5, title="2018年5月典型案例通报")
    assert "上月典型案例通报尚未印发" in _warnings_on_home(client)  # a draft is not issued
    Bulletin.objects.create(year=2018, month=4, title="四月", status=Bulletin.Status.ISSUED)
    assert "上月典型案例通报尚未印发" in _warnings_on_home(client)  # April's does not count for May
    Bulletin.objects.filter(id=bulletin.id).update(status=Bulletin.Status.ISSUED)
    assert _warnings_on_home(client) == ""
    today(date(2018, 7, 10))  # a new month: June's bulletin is now the one missing
    assert "上月典型案例通报尚未印发（2018年6月）" in _warnings_on_home(client)


def test_the_bulletin_warning_in_january_is_for_december(world):
    Bulletin.objects.create(year=2018, month=12, title="十二月", status=Bulletin.Status.ISSUED)
    assert [w.kind for w in due.warnings_for(world.frank, date(2019, 1, 20))] == []
    assert [w.period for w in due.warnings_for(world.frank, date(2019, 2, 20))] == ["2019-01"]
