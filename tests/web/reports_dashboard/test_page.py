"""The dashboard on the staff home: its links lead to exactly the clues behind each figure,
its charts are PNGs scoped like the page, its queries do not grow with the clues, and
the other roles' home has no dashboard. Ledger and figures: conftest and test_figures."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.documents import charts

from .conftest import build_ledger

HOME = "/staff/"
CLUE_NO = re.compile(r">(D\d\d|X\d\d)</a>")




def _section(content: str, element_id: str) -> str:
    start = content.rindex("<", 0, content.index(f'id="{element_id}"'))
    tag = re.match(r"<(\w+)", content[start:])[1]
    return content[start:content.index(f"</{tag}>", start)]


def _hrefs(fragment: str) -> list[tuple[str, str]]:
    return [(html.unescape(href), text) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', fragment)]


def _clues_at(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return sorted(CLUE_NO.findall(response.content.decode()))


def test_the_leadership_home_shows_the_dashboard(ledger, login):
    content = login(ledger.frank).get(HOME).content.decode()
    assert 'id="dashboard"' in content and "领导驾驶舱 · 慈利县" in content
    totals = _section(content, "dashboard-totals")
    assert [text for _href, text in _hrefs(totals)] == ["5", "8", "1", "2", "2", "3", "1300.50", "1500.75"]
    assert "党纪处分 1 人次，政务处分 1 人次" in totals and "追缴 1300.50，退还 200.25" in totals
    assert [text for _h, text in _hrefs(_section(content, "dashboard-open"))] == ["6", "4"]
    assert f'src="{reverse("reports:dashboard_chart", args=["townships"])}"' in content
    assert f'src="{reverse("reports:dashboard_chart", args=["trend"])}"' in content


# The clues behind each total, in the order of the links (month, quarter per row; then open).
TOTAL_CLUES = [
    ["D01", "D04", "D07", "D09", "D10"], ["D01", "D02", "D04", "D05", "D06", "D07", "D09", "D10"],  # intake
    ["D06"], ["D03", "D06"],  # cases
    ["D02"], ["D02", "D05"],  # sanctioned (D07 closed in the month, nobody sanctioned)
    ["D02", "D07"], ["D02", "D05", "D07"],  # money
]
OPEN_CLUES = [["D01", "D03", "D04", "D06", "D08", "D10"], ["D01", "D06", "D08", "D10"]]


def test_every_total_links_to_exactly_its_clues(ledger, login):
    client = login(ledger.frank)
    content = client.get(HOME).content.decode()
    links = _hrefs(_section(content, "dashboard-totals")) + _hrefs(_section(content, "dashboard-open"))
    assert [_clues_at(client, href) for href, _text in links] == TOTAL_CLUES + OPEN_CLUES
    # the count figures (intake, cases, backlog, overdue) are the lengths of their lists
    for index in (0, 1, 2, 3, 8, 9):
        assert int(links[index][1]) == len((TOTAL_CLUES + OPEN_CLUES)[index])


def test_every_township_figure_links_to_exactly_its_clues(ledger, login):
    client = login(ledger.frank)
    table = _section(client.get(HOME).content.decode(), "dashboard-townships")
    rows = re.findall(r'<tr data-township="([^"]+)">(.*?)</tr>', table, re.S)
    found = {code: [_clues_at(client, href) for href, _t in _hrefs(row)] for code, row in rows}
    # month intake, cases, sanctioned, money; quarter the same; backlog; overdue
    assert found == {
        "430821101": [["D01", "D09"], [], ["D02"], ["D02"], ["D01", "D02", "D09"], ["D03"], ["D02"], ["D02"],
                      ["D01", "D03"], ["D01"]],
        "430821102": [["D04"], ["D06"], [], [], ["D04", "D05", "D06"], ["D06"], ["D05"], ["D05"],
                      ["D04", "D06"], ["D06"]],
        "430821106": [["D07"], [], [], ["D07"], ["D07"], [], [], ["D07"], ["D08"], ["D08"]],
        "none": [["D10"], [], [], [], ["D10"], [], [], [], ["D10"], ["D10"]],
    }


def test_an_area_leaders_dashboard_and_links_stay_in_their_area(ledger, login):
    client = login(ledger.carol)
    content = client.get(HOME).content.decode()
    table = _section(content, "dashboard-townships")
    assert re.findall(r'<tr data-township="([^"]+)">', table) == ["430821101", "430821102"]
    assert "江垭镇" not in table and "未填写乡镇" not in table
    links = _hrefs(_section(content, "dashboard-totals")) + _hrefs(_section(content, "dashboard-open"))
    assert [text for _h, text in links] == ["3", "6", "1", "2", "2", "3", "1000.50", "1200.75", "4", "2"]
    assert _clues_at(client, links[1][0]) == ["D01", "D02", "D04", "D05", "D06", "D09"]
    assert _clues_at(client, links[9][0]) == ["D01", "D06"]


def test_other_roles_home_has_no_dashboard(ledger, login, client):
    for user in (ledger.alice, ledger.dave, ledger.erin, ledger.gina, ledger.admin):
        client.force_login(user)
        content = client.get(HOME).content.decode()
        assert 'id="dashboard"' not in content and "dashboard_chart" not in content
        assert "/reports/dashboard/" not in content


def test_the_home_of_a_role_without_panels_is_as_before(ledger, login, monkeypatch):
    """A case handler (no warnings, no dashboard): the same page as with no panel registered."""
    from qingfeng.staff import panels

    client = login(ledger.dave)
    with_panels = client.get(HOME).content.decode()
    monkeypatch.setattr(panels, "_PROVIDERS", [])
    without = client.get(HOME).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", with_panels) == token.sub("", without)


def test_the_charts_are_pngs_scoped_like_the_page(ledger, login, monkeypatch):
    drawn = []
    real_bars, real_line = charts.bars, charts.line
    monkeypatch.setattr(charts, "bars", lambda title, labels, series, **kw: drawn.append((labels, series))
                        or real_bars(title, labels, series, **kw))
    monkeypatch.setattr(charts, "line", lambda title, labels, series, **kw: drawn.append((labels, series))
                        or real_line(title, labels, series, **kw))
    client = login(ledger.carol)
    for name in ("townships", "trend"):
        response = client.get(reverse("reports:dashboard_chart", args=[name]))
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    (labels, series), (months, trend) = drawn
    assert labels == ["广福桥镇", "东岳观镇"]
    assert list(series.values()) == [[3, 3], [2, 2], [1, 1]]  # quarter intake, backlog, overdue
    assert months[0] == "2017-07" and months[-1] == "2018-06" and list(trend.values())[0][-1] == 3


def test_the_charts_refuse_other_roles_and_unknown_names(ledger, login, client):
    client.force_login(ledger.alice)
    assert client.get(reverse("reports:dashboard_chart", args=["townships"])).status_code == 403
    client.force_login(ledger.frank)
    assert client.get(reverse("reports:dashboard_chart", args=["pie"])).status_code == 404


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_home_queries_do_not_grow_with_the_clues(ledger, login, django_assert_max_num_queries):
    client = login(ledger.frank)
    small = _home_queries(client)
    more = [(f"X{i:02d}", ("t1", "t2", "t3", None)[i % 4], f"2018-0{4 + i % 3}-0{1 + i % 9}",
             "2018-06-10" if i % 3 == 0 else None, "2018-05-02" if i % 5 == 0 else None, "2018-06-01",
             i % 2, "10.00", "0") for i in range(40)]
    build_ledger(ledger, more)
    assert _home_queries(client) == small
    # The dashboard's own 14, and the header's reminder sources (one query or two each, whatever
    # the ledger holds: tests/web/test_inbox_page.py bounds them).
    with django_assert_max_num_queries(20):
        client.get(HOME)


@pytest.mark.parametrize(("query", "expected"), [
    ("township=none", ["D10"]),
    ("received_from=bad&received_to=2018-06-01", ["D02", "D03", "D05", "D06", "D08", "D11"]),  # bad date ignored
    ("closed_from=2018-03-31&closed_to=2018-05-31", ["D05", "D11"]),
    ("filed_from=2018-04-16", ["D06"]),
    ("open=1&township=430821101", ["D01", "D03"]),
])
def test_the_list_filters_read_their_parameters(ledger, login, query, expected):
    assert _clues_at(login(ledger.frank), f"{reverse('clues:list')}?{query}") == expected


def test_the_list_keeps_the_link_filters_when_refiltered(ledger, login):
    content = login(ledger.frank).get(f"{reverse('clues:list')}?township=430821101&open=1").content.decode()
    assert '<input type="hidden" name="township" value="430821101">' in content
    assert '<input type="hidden" name="open" value="1">' in content
