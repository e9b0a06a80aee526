"""The date window of the statistics and ledger pages, a public function of qingfeng.reports.window."""

from datetime import date

from django.utils import timezone

from qingfeng.reports.window import parse_window


def test_an_empty_query_is_this_year_up_to_today_in_shanghai():
    today = timezone.localdate()
    assert parse_window({}) == (date(today.year, 1, 1), today, [])


def test_a_reversed_window_is_swapped_with_a_message():
    date_from, date_to, errors = parse_window({"from": "2019-01-01", "to": "2018/3/5"})
    assert (date_from, date_to) == (date(2018, 3, 5), date(2019, 1, 1)) and len(errors) == 1


def test_an_unreadable_date_falls_back_and_says_which():
    date_from, date_to, errors = parse_window({"from": "昨天"})
    assert date_from == date(timezone.localdate().year, 1, 1) and errors == ["无法识别的日期：昨天"]


def test_the_ledger_page_downloads_the_window_it_was_given(world, login):
    response = login(world.erin).get("/staff/reports/ledger/?download=1&from=2018-01-01&to=2018-06-30")
    assert response["Content-Disposition"] == 'attachment; filename="ledger-2018-01-01-2018-06-30.xlsx"'
