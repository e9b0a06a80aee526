"""Demo clues for the demo county: a realistic ledger of a few dozen clues in every stage.

Everything goes through the real actions (so the audit trail and timelines are
real too), with dates spread over the last months. Idempotent: skipped when the
demo clues are already there.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from qingfeng.accounts.models import User
from qingfeng.clues import actions
from qingfeng.clues.models import Channel, Clue, Disposal, Source
from qingfeng.core import workdays
from qingfeng.places.models import Department, Jurisdiction

DEMO_MARK = "演示数据"
SUBJECTS = (("王某华", "村党支部书记"), ("李某军", "村委会主任"), ("张某", "村会计"), ("刘某平", "乡镇民政办主任"),
            ("陈某", "驻村工作队员"), ("赵某林", "村民小组长"), ("周某", "乡镇林业站站长"), ("孙某", "村妇女主任"))
PROBLEMS = (
    ("虚报冒领", "虚报已故人员继续领取低保金，涉及金额{amount}元"),
    ("截留挪用", "截留产业扶贫奖补资金{amount}元未发放到户"),
    ("优亲厚友", "将不符合条件的亲属纳入建档立卡户，违规享受危房改造补助{amount}元"),
    ("吃拿卡要", "办理易地搬迁手续时向群众索要好处费{amount}元"),
    ("违规收费", "以管理费名义向贫困户收取生态护林员工资{amount}元"),
    ("形式主义官僚主义", "帮扶走访流于形式，扶贫手册填写不实"),
)
REPORTERS = ("匿名", "匿名", "向某梅", "田某清", "匿名", "覃某")
# How far each demo clue goes: (stage reached, how many clues).
PLAN = (("registered", 6), ("proposed", 4), ("approved", 3), ("handling", 9), ("result", 4), ("closed", 6),
        ("archived", 4))


def load_clues(seed: int = 430821, progress=print) -> int:
    if Clue.objects.filter(note=DEMO_MARK).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    intake, leader, handler, leadership = (User.objects.get(username=u) for u in
                                           ("xinfang", "pianzhang", "banan", "shuji"))
    area_townships = list(Jurisdiction.objects.filter(level="township", path__startswith=leader.jurisdiction.path))
    other_townships = list(Jurisdiction.objects.filter(level="township").exclude(path__startswith=leader.jurisdiction.path))
    made = []
    for target, count in PLAN:
        for _ in range(count):
            mine = rng.random() < 0.75
            township = rng.choice(area_townships if mine else other_townships)
            clue = _register(rng, intake, township, today, made)
            _advance(rng, clue, target, leader if mine else leadership, handler if mine else None, today)
            made.append(clue)
    _data_check_hits(rng, intake, area_townships[0], today)
    progress(f"{len(made) + 3} 条演示问题线索")
    return len(made) + 3


def _register(rng, intake, township, today, made) -> Clue:
    village = rng.choice(list(township.children.all()))
    source = rng.choice((Source.PETITION,) * 4 + (Source.HIGHER, Source.INSPECTION, Source.AUDIT, Source.DEPARTMENT))
    subject, post = rng.choice(SUBJECTS)
    category, text = rng.choice(PROBLEMS)
    amount = Decimal(rng.randrange(800, 60000, 100))
    received_on = today - timedelta(days=rng.randint(25, 220))
    clue, _ = actions.do_create_clue(
        acting_user=intake, received_on=received_on, source=source,
        channel=rng.choice([c for c in Channel.values if c != "其他"]) if source == Source.PETITION else "",
        reporter_name=rng.choice(REPORTERS) if source == Source.PETITION else "",
        reporter_contact=f"139{rng.randrange(10**7, 10**8)}", subject=subject, subject_post=f"{village.name}{post}",
        township=township, village=village, category=category, summary=f"反映{subject}" + text.format(amount=amount),
        amount_involved=amount if "{amount}" in text else None, note=DEMO_MARK,
        department=Department.objects.filter(code="mz").first() if source == Source.DEPARTMENT else None,
    )
    if clue.reporter_id and rng.random() < 0.8:
        clue = actions.do_acknowledge(clue.id, acting_user=intake, expected_version=clue.version,
                                      on=workdays.add_working_days(received_on, rng.randint(2, 12)))
    if made and rng.random() < 0.12:
        original = rng.choice(made)
        clue = actions.do_mark_repeat(clue.id, acting_user=intake, original_id=original.id,
                                      expected_version=clue.version)
    return clue


STEPS = ("proposed", "approved", "handling", "result", "closed", "archived")


def _advance(rng, clue, target, leader, handler, today):
    if target == "registered":
        return
    day = clue.received_on

    def step(name, actor, payload=None, gap=(1, 6)):
        nonlocal clue, day
        day = min(day + timedelta(days=rng.randint(*gap)), today)
        clue = actions.do_transition(clue.id, name, acting_user=actor, expected_version=clue.version,
                                     payload=payload, today=day)

    disposal = rng.choice((Disposal.TALK, Disposal.VERIFY, Disposal.VERIFY, Disposal.CASE))
    step("propose", leader, {"disposal": disposal, "reason": "经初步研判，建议" + disposal})
    if target == "proposed":
        return
    step("approve", leader)
    if target == "approved":
        return
    due_on = workdays.add_working_days(day, rng.choice((10, 20, 30, 45)))
    if target == "handling" and rng.random() < 0.4:
        due_on = workdays.add_working_days(today, rng.randint(1, 3))  # about to fall due: a yellow warning
    step("assign", leader, {"handler_unit": clue.township.name + "纪委" if handler is None else "审查调查室",
                            "handler_id": handler.id if handler else None,
                            "handler_name": str(handler) if handler else "乡镇纪委 承办人", "due_on": due_on})
    if target == "handling":
        return
    filed = disposal == Disposal.CASE
    step("record_result", handler or leader, {
        "result": "经核实，反映问题属实，已责令退还" if rng.random() < 0.7 else "经核实，反映问题不属实，予以澄清",
        "case_filed": filed, "filed_on": day if filed else None,
        "persons_sanctioned": 1 if filed else 0, "first_form": 0 if filed else 1,
        "recovered": Decimal(rng.randrange(0, 20000, 100)), "returned": Decimal(rng.randrange(0, 8000, 100)),
    }, gap=(10, 40))
    if target == "result":
        return
    step("close", leader, {"investigated": True, "dealt_with": True, "fed_back": clue.reporter_id is not None,
                           "file_complete": True, "educated": True})
    if target == "archived":
        step("archive", leader)


def _data_check_hits(rng, intake, township, today: date):
    village = township.children.first()
    for k in range(3):
        actions.do_create_clue(
            acting_user=None, received_on=today - timedelta(days=3 + k), source=Source.DATA, township=township,
            village=village, subject=f"疑似死亡人员{k + 1}", category="虚报冒领", note=DEMO_MARK,
            summary="民政低保发放名单与殡葬火化记录比对：死亡后仍领取低保金",
            evidence={"rule": "R01", "death_date": "2024-03-02", "paid_after": 6}, hit_key=f"demo:R01:{k}",
        )
