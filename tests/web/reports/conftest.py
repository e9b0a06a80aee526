"""The constructed ledger of the periodic-report tests: the 20 clues of the indicator tests
(tests/web/ledger_support.INDICATOR_CLUES) plus C21 a year before, persons handled, 问责
rows and 督办 notices. Every figure the tests expect is worked out by hand in their modules."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from ..ledger_support import build_indicator_ledger

VILLAGE = "村(社区)干部"
# (clue, name, rank, kind, measure, decided_on) → form
MEASURES = [
    ("C01", "王甲", VILLAGE, "党纪处分", "警告", "2018-06-01"),  # M1 form 2, party, village cadre (t1)
    ("C19", "李乙", "一般干部", "第一种形态", "谈话提醒", "2018-05-05"),  # M2 form 1 (t2)
    ("C07", "赵丙", "乡科级", "政务处分", "撤职", "2018-06-20"),  # M3 form 3, gov (t1)
    ("C05", "钱丁", VILLAGE, "移送司法", "移送检察机关", "2018-04-15"),  # M4 form 4 (t1)
    ("C14", "孙戊", VILLAGE, "党纪处分", "开除党籍", "2018-03-31"),  # M5 form 3, party, village (Q1)
    ("C21", "周己", VILLAGE, "党纪处分", "警告", "2017-06-20"),  # M6 form 2, party, village (2017 Q2)
    ("C11", "吴庚", "一般干部", "第一种形态", "诫勉", "2018-04-30"),  # M7 form 1 (t2)
]
# (no, target type, principal, township key, decided_on, clue)
ACCOUNTABILITY = [
    ("A1", "领导干部", True, "t1", "2018-05-10", "C01"),
    ("A2", "党组织", False, "t2", "2018-06-15", None),
]
# (clue, level, issued on, reply by)
NOTICES = [
    ("C02", 2, "2018-06-10", "2018-06-20"),  # open at June's end
    ("C02", 3, "2018-06-25", None),
    ("C06", 1, "2018-03-05", None),  # issued before June, still open at its end: listed
    ("C01", 1, "2018-05-02", None),  # closed 06-01, not notified in June: not listed for June
    ("C15", 1, "2018-07-05", None),  # issued after June: not listed for June
]


def _d(text):
    return date.fromisoformat(text)


@pytest.fixture
def ledger(world):
    from qingfeng.cases.measures import form_of
    from qingfeng.cases.models import Accountability, Measure
    from qingfeng.clues.models import Clue, Reporter, SupervisionNotice

    build_indicator_ledger(world)
    Clue.objects.create(clue_no="C21", received_on=_d("2017-04-10"), source="信访举报", township=world.t3,
                        owner=world.t3, category="违规收费", state="已办结", closed_on=_d("2017-06-20"),
                        due_on=_d("2017-05-10"), persons_sanctioned=1, recovered=Decimal("50.00"))
    Clue.objects.filter(clue_no="C07").update(
        channel="来访", subject="赵丙", summary="截留挪用危房改造资金",
        reporter=Reporter.objects.create(name="举报人甲", contact="13912345678"))
    clues = {c.clue_no: c for c in Clue.objects.all()}
    for no, name, rank, kind, measure, decided in MEASURES:
        Measure.objects.create(clue=clues[no], name=name, rank=rank, kind=kind, measure=measure,
                               form=form_of(kind, measure), decided_on=_d(decided))
    for no, target_type, principal, town, decided, clue in ACCOUNTABILITY:
        township = getattr(world, town)
        Accountability.objects.create(
            no=no, target_type=target_type, target="对象" + no, principal=principal, township=township,
            owner=township, decided_on=_d(decided), clue=clues.get(clue), responsibility="主体责任",
            measure="通报" if target_type == "党组织" else "诫勉")
    for no, level, issued, reply_by in NOTICES:
        notice = SupervisionNotice.objects.create(clue=clues[no], level=level, message="请抓紧办理",
                                                  reply_by=_d(reply_by) if reply_by else None,
                                                  issued_by=world.frank)
        SupervisionNotice.objects.filter(id=notice.id).update(
            issued_at=timezone.make_aware(datetime.combine(_d(issued), time(10, 0))))
    return world
