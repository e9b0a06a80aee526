"""A committee member sees the clues made from R14–R18 hits of their own village: read-only,
summary and evidence; another village's are 404."""

from datetime import date

import pytest

from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Source

from .village_support import V1, V1B, member_b


def hit_clue(world, village, key, rule="R15", summary="大额支出未经民主理财"):
    clue, _ = do_create_clue(
        acting_user=None, received_on=date(2026, 11, 2), source=Source.DATA, owner=village.parent,
        township=village.parent, village=village, subject="湖南路桥建设有限公司", category="其他",
        summary=f"大数据比对 {rule}「{summary}」；对象：湖南路桥建设有限公司。",
        evidence={"rule": rule, "title": summary, "key": key, "records": [
            {"registry": "village_books", "row": 7, "voucher_no": key.split("/")[-1], "amount": 6000,
             "memo": "修路材料款"}]},
        hit_key=key)
    return clue


@pytest.fixture
def clues(world):
    return {
        "own": hit_clue(world, world.v1, f"R15:{V1}/V001"),
        "own_r14": hit_clue(world, world.v1, "R14:T0001", rule="R14", summary="账外收支"),
        "neighbour": hit_clue(world, world.v1b, f"R15:{V1B}/V009"),
        "other_rule": hit_clue(world, world.v1, "R03:P0001", rule="R03", summary="死亡后仍领取"),
    }


def test_a_member_sees_the_village_finance_hits_of_their_village_only(world, login, clues):
    html = login(world.hank).get(f"/staff/villages/{V1}/hits/").content.decode()
    assert f'id="hit-{clues["own"].id}"' in html and f'id="hit-{clues["own_r14"].id}"' in html
    assert f'id="hit-{clues["neighbour"].id}"' not in html and f'id="hit-{clues["other_rule"].id}"' not in html


def test_a_member_reads_a_hit_s_evidence_without_reporter_data(world, login, clues):
    response = login(world.hank).get(f"/staff/villages/{V1}/hits/{clues['own'].id}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "村级财务收支明细 第 7 行" in html and "修路材料款" in html and "R15" in html
    assert "举报人" not in html


def test_another_village_s_hit_is_404_for_the_member(world, login, clues):
    hank = login(world.hank)
    assert hank.get(f"/staff/villages/{V1}/hits/{clues['neighbour'].id}/").status_code == 404
    assert hank.get(f"/staff/villages/{V1B}/hits/").status_code == 404
    assert hank.get(f"/staff/villages/{V1}/hits/{clues['other_rule'].id}/").status_code == 404
    assert login(member_b(world)).get(f"/staff/villages/{V1}/hits/{clues['own'].id}/").status_code == 404


def test_overseers_read_hits_in_scope_departments_do_not(world, login, clues):
    assert login(world.alice).get(f"/staff/villages/{V1}/hits/{clues['own'].id}/").status_code == 200
    assert login(world.bob).get(f"/staff/villages/{V1}/hits/").status_code == 404
    assert login(world.gina).get(f"/staff/villages/{V1}/hits/").status_code == 403
