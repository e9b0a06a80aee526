"""A data-check clue shows its evidence as an investigator reads it."""

from datetime import date

from qingfeng.clues import actions

EVIDENCE = {
    "rule": "R03", "title": "死亡后仍发放", "severity": "高", "score": 0.8, "key": "R03:P9",
    "match": "同音字", "chars": "曾/增", "pinyin": "zeng",
    "records": [
        {"registry": "payments", "row": 63760, "payment_id": "P9", "name": "曾小明", "account_name": "曾大明",
         "amount": 80.0, "household_source": "roll"},
        {"registry": "deaths", "row": 12, "name": "增小明", "died_on": "2018-01-05", "source": "火化"},
    ],
}


def test_evidence_lists_each_registry_row_with_chinese_column_names(world, login):
    clue, _ = actions.do_create_clue(
        acting_user=None, received_on=date(2024, 2, 1), source="大数据比对", subject="曾小明", summary="死亡后仍领取",
        township=world.t1, evidence=EVIDENCE, hit_key="R03:P9",
    )
    page = login(world.carol).get(f"/staff/clues/{clue.id}/").content.decode()
    section = page[page.index('id="evidence"'):]
    for text in ("R03 死亡后仍发放", "资金发放明细", "第 63760 行", "账户户名", "曾大明", "死亡人员信息",
                 "死亡日期", "2018-01-05", "同音字", "曾/增", "模糊匹配", "保障对象名册"):
        assert text in section, text
    assert "{&#x27;rule" not in page and "{'rule" not in page
