"""A June 2018 with sanctions, worked out by hand (see each test for what it reads).

Clues (all received 2018-03-01):
  B1 广福桥镇 "王甲虚报冒领危房改造补助资金8000元" (reporter 赵举报)
  B2 东岳观镇 "钱丁优亲厚友，违规为亲属办理低保"
  B3 江垭镇   "孙戊截留挪用产业扶持资金"
Measures (clue, name, post, kind, measure, decided_on):
  B1 王甲 青山村党支部书记  党纪 警告      2018-06-20
  B1 王甲                  政务 记过      2018-06-25   → one item, "给予其党内警告、政务记过处分", 06-20
  B2 钱丁 龙泉村村委会主任  政务 撤职      2018-06-05   → the first item (earliest)
  B3 孙戊 石门村会计        党纪 严重警告  2018-07-02   → July, not in June's bulletin
  B3 李乙                  第一种形态 诫勉 2018-06-10   → not a sanction: no item
"""

from datetime import date

import pytest

from qingfeng.cases.measures import form_of
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue, Reporter

CLUE_NOS = ("XS20180001", "XS20180002", "XS20180003")


@pytest.fixture
def june(world):
    reporter = Reporter.objects.create(name="赵举报", contact="13800000000")
    clues = {}
    for no, township, village, summary, rep in (
        (CLUE_NOS[0], world.t1, world.v1, "王甲虚报冒领危房改造补助资金8000元", reporter),
        (CLUE_NOS[1], world.t2, world.v2, "钱丁优亲厚友，违规为亲属办理低保", None),
        (CLUE_NOS[2], world.t3, world.v3, "孙戊截留挪用产业扶持资金", None),
    ):
        clues[no] = Clue.objects.create(
            clue_no=no, received_on=date(2018, 3, 1), source="信访举报", township=township, village=village,
            owner=township, summary=summary, state="办理中", reporter=rep)
    for no, name, post, kind, measure, decided in (
        (CLUE_NOS[0], "王甲", "青山村党支部书记", "党纪处分", "警告", date(2018, 6, 20)),
        (CLUE_NOS[0], "王甲", "", "政务处分", "记过", date(2018, 6, 25)),
        (CLUE_NOS[1], "钱丁", "龙泉村村委会主任", "政务处分", "撤职", date(2018, 6, 5)),
        (CLUE_NOS[2], "孙戊", "石门村会计", "党纪处分", "严重警告", date(2018, 7, 2)),
        (CLUE_NOS[2], "李乙", "", "第一种形态", "诫勉", date(2018, 6, 10)),
    ):
        Measure.objects.create(clue=clues[no], name=name, post=post, kind=kind, measure=measure,
                               form=form_of(kind, measure), decided_on=decided)
    world.clues = clues
    return world


@pytest.fixture
def issue(june):
    """issue(year, month, issued_on, shown={name: "full"|"masked"}) -> the issued bulletin (by Frank)."""
    from qingfeng.bulletins import actions

    def _issue(year=2018, month=6, issued_on=date(2018, 7, 5), shown=None):
        bulletin = actions.do_draft_bulletin(year, month, acting_user=june.frank)
        bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)
        shown = shown or {}
        choices = {item.id: shown.get(item.name, "full") for item in actions.included_items(bulletin)}
        bulletin = actions.do_issue_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                             name_shown=choices, issued_on=issued_on)
        bulletin.refresh_from_db()
        return bulletin

    return _issue
