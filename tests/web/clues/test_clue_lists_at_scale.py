"""The 清零 backlog and the 督办 list in pages of 50: totals from the database, filters kept, repeats merged."""

import re
from datetime import date, timedelta

from django.utils import timezone

from qingfeng.clues import actions, listing, supervision
from qingfeng.clues.models import Clue, State


def _rows(page: str, table: str) -> list[str]:
    body = page.split(f'<table id="{table}">')[1].split("</table>")[0]
    return re.findall(r'<a href="/staff/clues/\d+/">([^<]+)</a>', body)


def _bulk_open_clues(world, n: int, **fields) -> None:
    """n open clues received a day apart (oldest first), straight into the table: this is about reading."""
    start = date(2024, 1, 1)
    Clue.objects.bulk_create([
        Clue(clue_no=f"BL-{i:03d}", received_on=start + timedelta(days=i), source="信访举报",
             owner=world.t1 if i % 3 else world.t2, township=world.t1, **fields)
        for i in range(n)
    ])


def test_backlog_shows_fifty_oldest_first_and_the_rest_on_the_next_page(world, login):
    _bulk_open_clues(world, 60)
    client = login(world.frank)
    first = client.get("/staff/clues/backlog/").content.decode()
    second = client.get("/staff/clues/backlog/?page=2").content.decode()
    assert _rows(first, "backlog") == [f"BL-{i:03d}" for i in range(50)]
    assert _rows(second, "backlog") == [f"BL-{i:03d}" for i in range(50, 60)]
    assert "未办结线索 60 件" in first and 'href="?page=2"' in first


def test_backlog_filters_are_kept_in_the_pager_links(world, login):
    _bulk_open_clues(world, 120)
    page = login(world.frank).get(f"/staff/clues/backlog/?owner={world.t1.code}").content.decode()
    assert f'href="?owner={world.t1.code}&amp;page=2"' in page
    assert len(_rows(page, "backlog")) == 50  # 80 of the 120 belong to T1
    assert "共 80 件" in page


def test_backlog_totals_count_red_yellow_and_open_per_owner(world, login):
    today = timezone.localdate()
    _bulk_open_clues(world, 9, due_on=today + timedelta(days=60))
    Clue.objects.filter(clue_no__in=["BL-001", "BL-002"]).update(due_on=today - timedelta(days=1))  # T1, red
    Clue.objects.filter(clue_no="BL-003").update(due_on=today)  # T2, due today: yellow
    Clue.objects.filter(clue_no="BL-004").update(state=State.CLOSED, stage="closed")
    page = login(world.frank).get("/staff/clues/backlog/").content.decode()
    assert "未办结线索 8 件（超期 2 件，临期 1 件）" in page
    t1_row = page.split(f'data-owner="{world.t1.code}"')[1].split("</tr>")[0]
    t2_row = page.split(f'data-owner="{world.t2.code}"')[1].split("</tr>")[0]
    assert '<td class="open">5</td>' in t1_row and '<td class="red">2</td>' in t1_row
    assert '<td class="open">3</td>' in t2_row and '<td class="yellow">1</td>' in t2_row


def test_a_confirmed_repeat_leaves_the_backlog_and_links_to_its_original(world, login, make_clue):
    original = make_clue(subject="王某")
    repeat = make_clue(subject="王某", received_on=date(2024, 2, 5))
    erin = login(world.erin)
    erin.post(f"/staff/clues/{repeat.id}/repeat/", {"version": repeat.version, "original": original.id})
    repeat.refresh_from_db()
    assert (repeat.is_repeat, repeat.repeat_of_id, repeat.state) == (True, original.id, State.PENDING)
    backlog = login(world.frank).get("/staff/clues/backlog/").content.decode()
    assert _rows(backlog, "backlog") == [original.clue_no]
    listed = erin.get("/staff/clues/").content.decode()
    link = f'<a class="repeat-of" href="/staff/clues/{original.id}/">原件 {original.clue_no}</a>'
    assert link in listed


def test_warnings_list_red_before_yellow_in_pages_with_totals(world, login):
    today = timezone.localdate()
    _bulk_open_clues(world, 55, due_on=today)  # all yellow
    Clue.objects.filter(clue_no__in=["BL-050", "BL-051"]).update(due_on=today - timedelta(days=3))
    client = login(world.frank)
    page = client.get("/staff/clues/supervision/").content.decode()
    assert _rows(page, "warnings")[:2] == ["BL-050", "BL-051"] and len(_rows(page, "warnings")) == 50
    assert "超期 2 件，临期 53 件" in page
    red_only = client.get("/staff/clues/supervision/?warning=red").content.decode()
    assert _rows(red_only, "warnings") == ["BL-050", "BL-051"]


def test_older_notices_are_a_link_away(world, login, make_clue):
    clue = make_clue()
    for i in range(25):
        actions.do_issue_notice(clue.id, acting_user=world.frank, message=f"第{i}次督办")
    client = login(world.frank)
    newest = client.get("/staff/clues/supervision/").content.decode()
    assert "第24次督办" in newest and "第4次督办" not in newest
    earlier = re.search(r'href="\?before=(\d+)"', newest)[1]
    older = client.get(f"/staff/clues/supervision/?before={earlier}").content.decode()
    assert "第4次督办" in older and "第24次督办" not in older and "第0次督办" in older


def test_sql_colours_agree_with_the_calendar_across_national_day(world):
    """Due dates around the 2024 National Day holiday (with its 调休 Sunday and Saturday workdays)."""
    today = date(2024, 9, 26)
    start = date(2024, 9, 18)
    Clue.objects.bulk_create(
        [Clue(clue_no=f"D-{k}", received_on=start, source="其他", owner=world.t1, due_on=start + timedelta(days=k))
         for k in range(30)]
        + [Clue(clue_no=f"A-{k}", received_on=start, source="其他", owner=world.t1,
                ack_due_on=start + timedelta(days=k), acknowledged_on=None if k % 2 else start)
           for k in range(30)]
        + [Clue(clue_no="C-0", received_on=start, source="其他", owner=world.t1, due_on=start, state=State.CLOSED)]
    )
    annotated = {c.clue_no: c.badge for c in listing.with_badges(Clue.objects.all(), today)}
    expected = {c.clue_no: supervision.badge(c, today) for c in Clue.objects.all()}
    assert annotated == expected
    assert {"red", "yellow", ""} <= set(expected.values())
    # 2024-10-07 (a holiday) is still within 3 working days of 26 September; 8 October is not.
    assert (expected["D-19"], expected["D-20"]) == ("yellow", "")

