"""The box register from Excel (bad rows named by row/column/reason, nothing half-written)
and 赶集日举报点: a point and its days, picked on a 来访 intake, counted per point."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.boxes import actions
from qingfeng.boxes.models import ReportBox
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Clue
from qingfeng.places import markets
from qingfeng.places.models import MarketDay, MarketPoint

HEADER = ["编号", "乡镇", "村", "悬挂位置", "钥匙保管人", "悬挂日期"]


def _xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "举报箱台账.xlsx"
    return data


def test_import_adds_and_updates_by_number(world, login):
    actions.do_add_box(acting_user=world.erin, number="JBX-001", place=world.v1, location="旧位置", key_holder="甲")
    upload = _xlsx([["JBX-001", "广福桥镇", "青山村", "村部公开栏旁", "甲", "2018-05-01"],
                    ["JBX-002", "广福桥镇", "", "镇政府大门", "乙", None],
                    ["JBX-003", "江垭镇", "石门村", "村卫生室", "丙", "2018/6/3"]])
    page = login(world.erin).post("/staff/boxes/import/", {"file": upload}).content.decode()
    assert "新增：2" in page and "更新：1" in page
    assert ReportBox.objects.get(number="JBX-001").location == "村部公开栏旁"
    assert ReportBox.objects.get(number="JBX-002").place == world.t1
    assert str(ReportBox.objects.get(number="JBX-003").installed_on) == "2018-06-03"
    entry = AuditEntry.objects.get(action="box.import")
    assert entry.after["added"] == ["JBX-002", "JBX-003"] and entry.after["updated"] == ["JBX-001"]


def test_import_with_bad_rows_names_them_and_writes_nothing(world, login):
    upload = _xlsx([["JBX-001", "广福桥镇", "青山村", "村部", "甲", None],
                    ["JBX-002", "没有这个镇", "", "镇政府", "乙", None],
                    ["JBX-003", "广福桥镇", "龙泉村", "村部", "丙", None],  # 龙泉村 is in 东岳观镇
                    ["JBX-001", "江垭镇", "石门村", "", "丁", "明天"]])
    response = login(world.erin).post("/staff/boxes/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "未导入任何一行" in page
    assert "第 3 行，乡镇：没有名为“没有这个镇”的乡镇" in page
    assert "第 4 行，村：广福桥镇没有名为“龙泉村”的村" in page
    assert "第 5 行，悬挂位置：此项必填。" in page and "第 5 行，悬挂日期：不是日期：明天" in page
    assert "第 5 行，编号：编号与第 2 行重复" in page
    assert ReportBox.objects.count() == 0 and not AuditEntry.objects.filter(action="box.import").exists()


def test_import_without_the_header_is_a_file_error(world, login):
    data = io.BytesIO("名称,地址\n甲,乙\n".encode())
    data.name = "boxes.csv"
    response = login(world.erin).post("/staff/boxes/import/", {"file": data})
    assert response.status_code == 400 and "找不到表头" in response.content.decode()


def test_township_officer_cannot_import(world, login):
    response = login(world.alice).post("/staff/boxes/import/", {"file": _xlsx([])})
    assert response.status_code == 403


@pytest.fixture
def market(world):
    point = markets.do_add_point(acting_user=world.erin, township=world.t1, name="广福桥集市")
    today = timezone.localdate()
    days = [markets.do_add_market_day(point.id, acting_user=world.erin, day=today - timedelta(days=n))
            for n in (5, 2)]
    other = markets.do_add_point(acting_user=world.erin, township=world.t3, name="江垭集市")
    other_day = markets.do_add_market_day(other.id, acting_user=world.erin, day=today - timedelta(days=2))
    return point, days, other, other_day


def _visit(client, market_day, **extra):
    data = {"received_on": market_day.day.isoformat(), "source": "信访举报", "channel": "来访",
            "market_day": market_day.id, "township": market_day.point.township.code, "category": "其他",
            "summary": "赶集日当面反映低保问题", "reporter_name": "匿名"}
    return client.post("/staff/clues/new/", data | extra, follow=True)


def test_visit_intake_picks_market_point_and_table_counts_by_point(world, login, market, advance):
    point, (d5, d2), other, other_day = market
    client = login(world.erin)
    form = client.get(f"/staff/clues/new/?source=信访举报&channel=来访&market_day={d2.id}").content.decode()
    assert f'value="{d2.day.isoformat()}"' in form  # received on the market day
    for day in (d5, d2, d2):
        _visit(client, day)
    _visit(client, other_day)
    clues = list(Clue.objects.filter(market_day__point=point).order_by("id"))
    assert len(clues) == 3 and all(c.channel == "来访" for c in clues)
    assert AuditEntry.objects.get(action="clue.create", object_id=str(clues[0].id)).after["market_day_id"] == d5.id
    advance(clues[0], "close")  # one closed at the first point
    page = client.get("/staff/boxes/markets/").content.decode()
    row = page.split(f'data-point="{point.id}"')[1].split("</tr>")[0]
    assert 'data-col="clues">3<' in row and 'data-col="open">2<' in row and 'data-col="closed">1<' in row
    row = page.split(f'data-point="{other.id}"')[1].split("</tr>")[0]
    assert 'data-col="clues">1<' in row and 'data-col="closed">0<' in row
    total = page.split('id="points-total"')[1].split("</tr>")[0]
    assert 'data-col="clues">4<' in total and 'data-col="open">3<' in total
    days = client.get(f"/staff/boxes/markets/{point.id}/").content.decode()
    assert 'data-col="clues">2<' in days.split(f'data-day="{d2.day.isoformat()}"')[1].split("</tr>")[0]
    # a township officer sees their own township's point only
    alice = login(world.alice).get("/staff/boxes/markets/").content.decode()
    assert f'data-point="{point.id}"' in alice and f'data-point="{other.id}"' not in alice
    assert login(world.alice).get(f"/staff/boxes/markets/{other.id}/").status_code == 404


def test_market_point_only_for_visits_on_that_day(world, login, market):
    point, (d5, d2), _other, _day = market
    client = login(world.erin)
    page = _visit(client, d5, channel="电话").content.decode()
    assert "只有来访的线索可以选择赶集日举报点" in page
    page = _visit(client, d5, received_on=d2.day.isoformat()).content.decode()
    assert "受理日期应为该赶集日" in page
    assert Clue.objects.count() == 0


def test_a_market_day_of_another_township_is_refused(world, login, market):
    _point, (d5, _d2), _other, _day = market  # the first point is in 广福桥镇 (t1)
    page = _visit(login(world.erin), d5, township=world.t3.code).content.decode()
    assert f"该赶集日举报点在{world.t1.name}，线索的所属乡镇应为{world.t1.name}。" in page
    with pytest.raises(ValidationError) as refused:
        do_create_clue(acting_user=world.erin, received_on=d5.day, source="信访举报", channel="来访",
                       market_day=d5, township=None, category="其他", summary="没有所属乡镇")
    assert "market_day" in refused.value.message_dict
    assert Clue.objects.count() == 0


def test_market_day_twice_and_keeper_roles(world, login, market):
    point, (d5, _d2), _other, _day = market
    client = login(world.erin)
    client.post(f"/staff/boxes/markets/{point.id}/", {"day": d5.day.isoformat()})
    assert MarketDay.objects.filter(point=point).count() == 2
    assert login(world.alice).post(f"/staff/boxes/markets/{point.id}/", {"day": "2026-01-01"}).status_code == 403
    assert login(world.alice).post("/staff/boxes/markets/", {"township": world.t1.code, "name": "新集"}
                                   ).status_code == 403
    assert AuditEntry.objects.filter(action="market_day.add").count() == 3


def test_a_duplicate_added_at_the_same_moment_is_a_form_error_not_a_server_error(world, market, monkeypatch):
    """Two keepers add the same point or day at once: both pass the existence check, the unique
    constraint refuses the second insert; the action says so like any duplicate."""
    point, (d5, _d2), _other, _day = market
    monkeypatch.setattr(markets.MarketPoint.objects, "filter", lambda **kw: MarketPoint.objects.none())
    with pytest.raises(ValidationError) as refused:
        markets.do_add_point(acting_user=world.erin, township=world.t1, name="广福桥集市")
    assert refused.value.message_dict == {"name": ["该乡镇已有同名的举报点。"]}
    monkeypatch.setattr(markets.MarketDay.objects, "filter", lambda **kw: MarketDay.objects.none())
    with pytest.raises(ValidationError) as refused:
        markets.do_add_market_day(point.id, acting_user=world.erin, day=d5.day)
    assert refused.value.message_dict == {"day": ["该举报点已登记这一天。"]}
    assert MarketPoint.objects.count() == 2 and MarketDay.objects.all().filter(point=point).count() == 2
    assert AuditEntry.objects.filter(action__in=("market_point.add", "market_day.add")).count() == 5
