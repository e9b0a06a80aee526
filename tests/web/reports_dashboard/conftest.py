"""The dashboard's constructed ledger; "today" is frozen at 2018-06-15 (a Friday).

Windows: this month 2018-06-01..06-15, this quarter 2018-04-01..06-15.

  no   township  received  closed  filed   due     state   people  recovered returned  notes
  D01  t1        06-03     -       -       06-10   open    -       -         -         overdue
  D02  t1        05-10     06-05   -       -       closed  2       1000.50   0
  D03  t1        03-20     -       04-15   06-15   open    -       -         -         due today: not overdue
  D04  t2        06-15     -       -       -       open    -       -         -         received today; no due date
  D05  t2        04-01     05-31   -       -       closed  1       0         200.25    quarter's first day
  D06  t2        05-31     -       06-01   06-14   open    -       -         -         overdue
  D07  t3        06-10     06-12   -       -       closed  0       300.00    0         money, nobody sanctioned
  D08  t3        03-31     -       -       05-01   open    -       -         -         overdue, received before the quarter
  D09  t1        06-08     -       -       06-01   open    -       -         -         confirmed 重复件 of D01: not in the backlog
  D10  (none)    06-02     -       -       06-05   open    -       -         -         owned by the county, overdue
  D11  t1        2017-12-01 03-31  -       -       closed  3       500.00    0         closed before the quarter

Persons handled on D02: 王甲 党纪处分 警告 decided 06-05, 李乙 政务处分 警告 decided 04-20.
"""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.cases.measures import Kind, form_of
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue

TODAY = date(2018, 6, 15)

LEDGER = [
    # no, township, received, closed, filed, due, people, recovered, returned
    ("D01", "t1", "2018-06-03", None, None, "2018-06-10", 0, "0", "0"),
    ("D02", "t1", "2018-05-10", "2018-06-05", None, None, 2, "1000.50", "0"),
    ("D03", "t1", "2018-03-20", None, "2018-04-15", "2018-06-15", 0, "0", "0"),
    ("D04", "t2", "2018-06-15", None, None, None, 0, "0", "0"),
    ("D05", "t2", "2018-04-01", "2018-05-31", None, None, 1, "0", "200.25"),
    ("D06", "t2", "2018-05-31", None, "2018-06-01", "2018-06-14", 0, "0", "0"),
    ("D07", "t3", "2018-06-10", "2018-06-12", None, None, 0, "300.00", "0"),
    ("D08", "t3", "2018-03-31", None, None, "2018-05-01", 0, "0", "0"),
    ("D09", "t1", "2018-06-08", None, None, "2018-06-01", 0, "0", "0"),
    ("D10", None, "2018-06-02", None, None, "2018-06-05", 0, "0", "0"),
    ("D11", "t1", "2017-12-01", "2018-03-31", None, None, 3, "500.00", "0"),
]


def d(value):
    return date.fromisoformat(value) if value else None


def build_ledger(world, rows=LEDGER) -> dict[str, Clue]:
    clues = {}
    for no, town, received, closed, filed, due, people, recovered, returned in rows:
        township = getattr(world, town) if town else None
        clues[no] = Clue.objects.create(
            clue_no=no, received_on=d(received), source="信访举报", township=township,
            owner=township or world.county, category="虚报冒领", state="已办结" if closed else "办理中",
            stage="closed" if closed else "handling", closed_on=d(closed), case_filed=bool(filed),
            filed_on=d(filed), due_on=d(due), persons_sanctioned=people, recovered=Decimal(recovered),
            returned=Decimal(returned))
    return clues


@pytest.fixture
def today(monkeypatch):
    """Freeze timezone.localdate() (every caller looks it up on the module) at TODAY; returns a setter."""
    from django.utils import timezone

    def freeze(day: date):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    freeze(TODAY)
    return freeze


@pytest.fixture
def ledger(world, today):
    clues = build_ledger(world)
    Clue.objects.filter(clue_no="D09").update(is_repeat=True, repeat_of=clues["D01"])
    for name, kind, measure, decided in (("王甲", Kind.PARTY, "警告", "2018-06-05"),
                                         ("李乙", Kind.GOVERNMENT, "警告", "2018-04-20")):
        Measure.objects.create(clue=clues["D02"], name=name, rank="一般干部", kind=kind, measure=measure,
                               form=form_of(kind, measure), decided_on=d(decided))
    return world
