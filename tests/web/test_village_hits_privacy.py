"""Village hit pages: the clue gatekeeper decides what overseers see (a clue moved away by
直查直办 / 交叉办理 is gone from the township's village page too), a committee member sees
hits only while they are handled in the township, and never ID numbers or full accounts."""

from datetime import date

import pytest

from qingfeng.clues.actions import do_create_clue, do_reassign
from qingfeng.clues.models import Clue, Source

from .village_support import V1

CADRE_ID = "430821196502030027"  # valid resident ID numbers (check characters computed)
RELATIVE_ID = "430821198001010019"
ACCOUNT = "6217001234567890123"


def r18_clue(world):
    summary = (f"大数据比对 R18「村干部及近亲属关联交易」；对象：张伟（证件号码 {RELATIVE_ID}）；"
               f"村级财务凭证号 V002（行政区划代码 {V1}），金额 3000.00 元；证据：村级财务收支明细第3行、村干部及近亲属信息第2行。")
    clue, _ = do_create_clue(
        acting_user=None, received_on=date(2026, 11, 2), source=Source.DATA, owner=world.t1, township=world.t1,
        village=world.v1, subject="张伟", category="其他", summary=summary, hit_key=f"R18:{V1}/V002",
        evidence={"rule": "R18", "title": "村干部及近亲属关联交易", "key": f"R18:{V1}/V002", "id_number": RELATIVE_ID,
                  "chain": ["person"], "records": [
                      {"registry": "village_books", "row": 3, "voucher_no": "V002", "amount": "3000.00",
                       "memo": "劳务费", "counterparty": "张伟", "counterparty_id": RELATIVE_ID},
                      {"registry": "cadres", "row": 2, "name": "张伟", "id_number": RELATIVE_ID, "relation": "子女",
                       "cadre_id_number": CADRE_ID, "position": ""},
                      {"registry": "cadres", "row": 1, "name": "张建国", "position": "村主任", "relation": "本人"}]})
    return clue


def r14_clue(world):
    clue, _ = do_create_clue(
        acting_user=None, received_on=date(2026, 11, 3), source=Source.DATA, owner=world.t1, township=world.t1,
        village=world.v1, subject="李四", category="截留挪用", hit_key="R14:T0009",
        summary="大数据比对 R14「账外收支」；对象：李四；村集体账户交易流水号 T0009，金额 8000.00 元。",
        evidence={"rule": "R14", "title": "账外收支", "key": "R14:T0009", "record": "T0009", "window_days": 30,
                  "records": [{"registry": "village_bank", "row": 4, "txn_id": "T0009", "amount": "8000.00",
                               "counterparty": "李四", "counterparty_account": ACCOUNT, "memo": "租金"}]})
    return clue


@pytest.fixture
def hits(world):
    return {"r18": r18_clue(world), "r14": r14_clue(world)}


def _move(world, clue, mode, target):
    clue = Clue.objects.get(id=clue.id)
    do_reassign(clue.id, acting_user=world.frank, mode=mode, target=target, expected_version=clue.version,
                reason="回避本地")


def test_a_clue_taken_over_by_the_county_leaves_the_township_s_village_hit_pages(world, login, hits):
    clue = hits["r18"]
    alice = login(world.alice)
    assert alice.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 200
    _move(world, clue, "直查直办", world.county)
    assert alice.get(f"/staff/clues/{clue.id}/").status_code == 404
    assert alice.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 404
    listing = alice.get(f"/staff/villages/{V1}/hits/").content.decode()
    assert f'id="hit-{clue.id}"' not in listing and f'id="hit-{hits["r14"].id}"' in listing
    assert login(world.frank).get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 200


def test_a_clue_handed_to_another_area_leaves_the_area_leader_s_village_hit_pages(world, login, hits):
    clue = hits["r14"]
    carol = login(world.carol)
    assert carol.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 200
    _move(world, clue, "交叉办理", world.p2)
    assert carol.get(f"/staff/clues/{clue.id}/").status_code == 404
    assert carol.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 404


@pytest.mark.parametrize("mode, target", [("直查直办", "county"), ("交叉办理", "p2"), ("提级办理", "p1")])
def test_a_member_no_longer_sees_a_hit_handled_away_from_the_township(world, login, hits, mode, target):
    clue = hits["r18"]
    hank = login(world.hank)
    assert hank.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 200
    _move(world, clue, mode, getattr(world, target))
    assert hank.get(f"/staff/villages/{V1}/hits/{clue.id}/").status_code == 404
    listing = hank.get(f"/staff/villages/{V1}/hits/").content.decode()
    assert f'id="hit-{clue.id}"' not in listing and f'id="hit-{hits["r14"].id}"' in listing


def test_a_member_sees_no_id_number_and_no_full_account(world, login, hits):
    hank = login(world.hank)
    pages = [hank.get(f"/staff/villages/{V1}/hits/").content.decode()]
    for clue in hits.values():
        response = hank.get(f"/staff/villages/{V1}/hits/{clue.id}/")
        assert response.status_code == 200
        pages.append(response.content.decode())
    for html in pages:
        assert RELATIVE_ID not in html and CADRE_ID not in html and ACCOUNT not in html
        assert RELATIVE_ID[:14] not in html and ACCOUNT[:8] not in html  # not even partly
    r18, r14 = pages[1], pages[2]
    assert "证件号码 " + "*" * 18 in r18  # the summary says an ID was there, without it
    assert "张伟" in r18 and "劳务费" in r18 and "村主任" in r18  # the rest of the evidence stays
    assert "****0123" in r14 and "租金" in r14


def test_an_overseer_still_reads_the_full_evidence(world, login, hits):
    html = login(world.alice).get(f"/staff/villages/{V1}/hits/{hits['r18'].id}/").content.decode()
    assert RELATIVE_ID in html and CADRE_ID in html
    html = login(world.alice).get(f"/staff/villages/{V1}/hits/{hits['r14'].id}/").content.decode()
    assert ACCOUNT in html


def test_member_text_masks_ids_written_anywhere_but_not_other_numbers():
    from qingfeng.villages.hit_view import member_text

    text = member_text(f"张伟 {CADRE_ID}，凭证号 V002，行政区划代码 {V1}，流水号 T0009", {}, date(2026, 11, 2))
    assert CADRE_ID not in text and "*" * 18 in text
    assert V1 in text and "T0009" in text
