"""The quarterly review (一季一次讲评): per township figures equal to the ledger's indicators on a
constructed ledger (worked out by hand below), frozen once issued, scoped and versioned."""

from datetime import date

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue
from qingfeng.collaboration.models import Review
from qingfeng.reports import indicators
from qingfeng.reports.scope import stats_clues

BASE = "/staff/collaboration"
Q4 = (date(2025, 10, 1), date(2025, 12, 31))


def clue(world, no, township, received, source="信访举报", closed=None, due=None, filed=None):
    def d(text):
        return date.fromisoformat(text) if text else None

    return Clue.objects.create(
        clue_no=no, received_on=d(received), source=source, channel="电话" if source == "信访举报" else "",
        township=township, owner=township, state="已办结" if closed else "办理中",
        stage="closed" if closed else "handling", closed_on=d(closed), due_on=d(due),
        case_filed=bool(filed), filed_on=d(filed), summary="constructed")


@pytest.fixture
def ledger(world):
    """2025 Q4 (1 Oct – 31 Dec), by hand:

    广福桥镇 (T1): A, B, C, E received in the window → clues_received 4; petitions A, B, E → 3;
      closed by 31 Dec: A → 1 (close rate 1/3 = 33.3 %); open on 31 Dec past their time limit:
      B (due 1 Dec), D (received in Q3, due 30 Sep), E (closed only in January, due 15 Dec) → overdue 3;
      filed in the window: C, D → cases 2. H (received in January) counts nowhere.
    东岳观镇 (T2): F → 1 received, 1 petition, 1 closed (100.0 %), 0 overdue, 0 cases.
    江垭镇 (T3) lies in 片区 P2: G is not in P1's review.
    """
    t1, t2 = world.t1, world.t2
    clue(world, "A", t1, "2025-10-05", closed="2025-11-01", due="2025-11-20")
    clue(world, "B", t1, "2025-11-10", due="2025-12-01")
    clue(world, "C", t1, "2025-12-20", source="上级交办", due="2026-02-01", filed="2025-12-28")
    clue(world, "D", t1, "2025-09-15", due="2025-09-30", filed="2025-10-20")
    clue(world, "E", t1, "2025-10-08", closed="2026-01-05", due="2025-12-15")
    clue(world, "H", t1, "2026-01-10", due="2026-02-10")
    clue(world, "F", t2, "2025-11-11", closed="2025-11-20", due="2025-12-20")
    clue(world, "G", world.t3, "2025-10-10", due="2025-10-20")
    return world


def start(client, world, year=2025, quarter=4, **kwargs):
    return client.post(f"{BASE}/areas/{world.p1.code}/reviews/new/", {"year": year, "quarter": quarter}, **kwargs)


def figures(review):
    return {row.township.code: (row.clues_received, row.petitions_received, row.petitions_closed,
                                row.close_rate, row.overdue_open, row.cases_filed)
            for row in review.rows.select_related("township")}


def test_the_review_figures_are_the_ledgers_indicators_per_township(ledger, login):
    from decimal import Decimal

    client = login(ledger.carol)
    response = start(client, ledger)
    review = Review.objects.get()
    assert response.url == f"{BASE}/reviews/{review.id}/"
    assert (review.date_from, review.date_to, review.status) == (*Q4, "draft")
    assert figures(review) == {
        ledger.t1.code: (4, 3, 1, Decimal("33.3"), 3, 2),
        ledger.t2.code: (1, 1, 1, Decimal("100.0"), 0, 0),
    }
    # The same figures as the reports' township breakdown (leadership's scope, the whole county).
    rows = {r["key"]: r for r in indicators.breakdown(stats_clues(ledger.frank), *Q4, "township")}
    for row in review.rows.select_related("township"):
        for key in ("clues_received", "petitions_received", "petitions_closed", "overdue_open", "cases_filed"):
            assert getattr(row, key) == rows[row.township.name][key]
    page = client.get(response.url).content.decode()
    assert '<td class="rate">33.3%</td>' in page and 'id="row-430821106"' not in page
    totals = page.split('id="totals"')[1].split("</tr>")[0]
    assert '<td class="received">5</td>' in totals and '<td class="rate">50.0%</td>' in totals  # 2 of 4 petitions


def test_a_draft_follows_the_ledger_and_an_issued_review_is_frozen(ledger, login):
    client = login(ledger.carol)
    start(client, ledger)
    review = Review.objects.get()
    clue(ledger, "I", ledger.t2, "2025-12-01", source="部门移送", due="2026-03-01")
    url = f"{BASE}/reviews/{review.id}/"
    client.post(url, {"version": 1, "overall_comment": "", f"comment_{ledger.t2.code}": "办结及时", "save": "1"})
    review.refresh_from_db()
    assert figures(review)[ledger.t2.code][:2] == (2, 1) and review.version == 2
    refused = client.post(url, {"version": 2, "overall_comment": "", "issue": "1"}, follow=True)
    assert "此项必填" in refused.content.decode()
    client.post(url, {"version": 2, "overall_comment": "第四季度总体平稳，广福桥镇超期件较多。",
                      f"comment_{ledger.t1.code}": "超期 3 件，限期清零", f"comment_{ledger.t2.code}": "办结及时",
                      "issue": "1"})
    review.refresh_from_db()
    assert review.status == "issued" and review.issued_on is not None
    clue(ledger, "J", ledger.t1, "2025-10-02", due="2025-10-03")  # after the issue: changes nothing
    assert client.post(url, {"version": 3, "overall_comment": "改", "save": "1"}).status_code == 403
    review.refresh_from_db()
    assert figures(review)[ledger.t1.code][0] == 4 and review.overall_comment.startswith("第四季度")
    assert review.rows.get(township=ledger.t1).comment == "超期 3 件，限期清零"
    entries = AuditEntry.objects.filter(object_type="collaboration.review").order_by("seq")
    assert list(entries.values_list("action", flat=True)) == [
        "collaboration.review_start", "collaboration.review_save", "collaboration.review_issue"]
    assert entries.last().after["figures"][ledger.t1.code]["overdue_open"] == 3


def test_a_stale_review_save_is_refused(ledger, login):
    client = login(ledger.carol)
    start(client, ledger)
    review = Review.objects.get()
    url = f"{BASE}/reviews/{review.id}/"
    client.post(url, {"version": 1, "overall_comment": "一稿", "save": "1"})
    stale = client.post(url, {"version": 1, "overall_comment": "另一人的稿", "save": "1"}, follow=True)
    assert "刚被其他人修改过" in stale.content.decode()
    review.refresh_from_db()
    assert (review.overall_comment, review.version) == ("一稿", 2)


def test_a_second_review_of_the_quarter_and_a_future_quarter_are_refused(ledger, login):
    client = login(ledger.carol)
    start(client, ledger)
    assert "该季度已有讲评" in start(client, ledger, follow=True).content.decode()
    start(client, ledger, year=2099, quarter=1)
    assert Review.objects.count() == 1


def test_reviews_are_scoped_to_the_area_and_drafts_to_the_reviewer(ledger, login):
    start(login(ledger.carol), ledger)
    review = Review.objects.get()
    url = f"{BASE}/reviews/{review.id}/"
    assert login(ledger.ivan).get(url).status_code == 404
    assert login(ledger.alice).get(url).status_code == 404  # a draft is not the townships' yet
    assert login(ledger.frank).get(url).status_code == 200
    assert login(ledger.gina).get(url).status_code == 403
    assert start(login(ledger.ivan), ledger).status_code == 404
    assert start(login(ledger.alice), ledger).status_code == 403
    assert login(ledger.frank).post(url, {"version": 1, "overall_comment": "x", "save": "1"}).status_code == 403
    client = login(ledger.carol)
    client.post(url, {"version": 1, "overall_comment": "总体平稳", "issue": "1"})
    assert login(ledger.alice).get(url).status_code == 200
    assert login(ledger.alice).post(url, {"version": 2, "overall_comment": "x", "save": "1"}).status_code == 403


def test_the_overview_compares_the_latest_issued_review_of_each_area(ledger, login):
    from qingfeng.collaboration.actions import do_issue_review, do_start_review

    review = do_start_review(ledger.p1, acting_user=ledger.carol, year=2025, quarter=4)
    page = login(ledger.frank).get(f"{BASE}/areas/").content.decode()
    assert "尚无已印发的讲评" in page.split(f'id="area-{ledger.p1.code}"')[1].split("</tr>")[0]
    do_issue_review(review.id, acting_user=ledger.carol, expected_version=1, overall_comment="平稳", comments={})
    row = login(ledger.frank).get(f"{BASE}/areas/").content.decode().split(f'id="area-{ledger.p1.code}"')[1]
    row = row.split("</tr>")[0]
    assert '<td class="received">5</td>' in row and '<td class="rate">50.0%</td>' in row
    assert '<td class="overdue">3</td>' in row and '<td class="cases">2</td>' in row
