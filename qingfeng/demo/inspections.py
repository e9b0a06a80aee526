"""Demo 巡察整改, report boxes and market-day points.

The inspection rounds of 2018 reproduce the seed's figures exactly: three regular rounds and
one special round, 72 villages inspected and 129 extended, 283 problems fed back and all 283
rectified, 84 of them 立行立改 (all done), 42 suggestions to departments, 31 rules
established, 968,420.00 元 returned (the seed: 近百万元). A round of this year has open
problems: one due within 3 working days, one overdue, one reported and waiting, one handed
over as a clue. A few dozen boxes (some not opened for too long), openings with clues, and
three market-day points with 来访 clues. Everything goes through the real actions (audited).
Idempotent: each part is skipped when it is already there.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from qingfeng.accounts.models import User
from qingfeng.boxes import actions as box_actions
from qingfeng.boxes.models import ReportBox
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Channel, Source
from qingfeng.inspections import actions
from qingfeng.inspections.models import Round
from qingfeng.places import markets
from qingfeng.places.models import Department, Jurisdiction, MarketPoint

SEED_YEAR = 2018
# (number, kind, started, ended, villages inspected, villages extended)
SEED_ROUNDS = ((1, "常规", date(2018, 3, 12), date(2018, 5, 11), 18, 33),
               (2, "常规", date(2018, 5, 28), date(2018, 7, 20), 18, 32),
               (3, "专项", date(2018, 8, 6), date(2018, 9, 28), 18, 32),
               (4, "常规", date(2018, 10, 15), date(2018, 12, 7), 18, 32))
SEED_PROBLEMS, SEED_IMMEDIATE, SEED_SUGGESTIONS, SEED_RULES = 283, 84, 42, 31
SEED_MONEY = Decimal("968420.00")
PROBLEM_TEXTS = ("村级财务收支未按月公开", "低保评审会议记录不全，民主评议流于形式", "危房改造补助资金发放台账不清",
                 "产业扶贫项目验收把关不严", "村干部亲属享受政策未按规定备案", "扶贫项目资金拨付滞后",
                 "生态护林员选聘程序不规范", "驻村帮扶工作队考勤不实")
RULE_TITLES = ("村级财务公开制度", "惠民资金发放复核制度", "扶贫项目验收办法", "村务监督委员会议事规则",
               "低保评审公示制度", "扶贫资金拨付台账管理办法")
L = Jurisdiction.Level


def load_inspections(seed: int = 430821, progress=print) -> None:
    rng = random.Random(seed)
    intake = User.objects.get(username="xinfang")
    township_officer = User.objects.get(username="xiangzhen")
    if not Round.objects.filter(year=SEED_YEAR).exists():
        _seed_year(rng, intake)
        progress(f"{SEED_YEAR}年巡察 4 轮：反馈问题 {SEED_PROBLEMS} 条（立行立改 {SEED_IMMEDIATE} 条），"
                 f"意见建议 {SEED_SUGGESTIONS} 条，建章立制 {SEED_RULES} 项")
    today = timezone.localdate()
    if not Round.objects.filter(year=today.year, title="演示机动巡察").exists():
        _current_round(intake, township_officer, today)
    if not ReportBox.objects.exists():
        n = _boxes(rng, intake, township_officer, today)
        progress(f"{n} 个举报箱")
    if not MarketPoint.objects.exists():
        _markets(rng, intake, today)


def _seed_year(rng, intake) -> None:
    villages = list(Jurisdiction.objects.filter(level=L.VILLAGE).order_by("code"))
    rng.shuffle(villages)
    departments = list(Department.objects.order_by("code"))
    targets = []  # (target, fed back on, inspected rather than extended)
    for number, kind, started, ended, inspected, extended in SEED_ROUNDS:
        found = actions.do_create_round(acting_user=intake, year=SEED_YEAR, number=number, kind=kind,
                                        started_on=started, ended_on=ended, today=ended)
        for k in range(inspected + extended):
            village = villages.pop()
            target = actions.do_add_target(found.id, acting_user=intake, village=village, extended=k >= inspected,
                                           organisation=f"{village.name}党支部")
            targets.append((target, ended, k < inspected))
    # 3 problems each for the 72 inspected villages (216), 1 each for 67 extended ones (283).
    slots = [(t, day) for t, day, inspected in targets if inspected for _ in range(3)]
    slots += [(t, day) for t, day, inspected in targets if not inspected][:SEED_PROBLEMS - len(slots)]
    immediate = {i * SEED_PROBLEMS // SEED_IMMEDIATE for i in range(SEED_IMMEDIATE)}
    money = _split(rng, SEED_MONEY, 120)
    paying = set(rng.sample(range(SEED_PROBLEMS), len(money)))
    amounts = dict(zip(sorted(paying), money))
    for i, (target, fed_back) in enumerate(slots):
        done = fed_back + timedelta(days=rng.randint(3, 20) if i in immediate else rng.randint(25, 50))
        problem = actions.do_add_problem(target.id, acting_user=intake, description=rng.choice(PROBLEM_TEXTS),
                                         fed_back_on=fed_back, due_on=fed_back + timedelta(days=60),
                                         immediate=i in immediate, today=fed_back)
        amount = amounts.get(i, Decimal("0"))
        if i in immediate:
            actions.do_verify_rectification(problem.id, acting_user=intake, expected_version=None, accept=True,
                                            rectification="巡察期间当场整改到位", money_returned=amount, today=done)
            continue
        actions.do_report_rectification(problem.id, acting_user=intake, expected_version=None,
                                        rectification="已制定整改方案并逐项整改，相关资料已报巡察办",
                                        money_returned=amount, reported_on=done, today=done)
        actions.do_verify_rectification(problem.id, acting_user=intake, expected_version=None, accept=True,
                                        note="经核实已整改到位", today=done + timedelta(days=5))
    rounds = list(Round.objects.filter(year=SEED_YEAR).order_by("number"))
    for i in range(SEED_SUGGESTIONS):
        r = rounds[i % len(rounds)]
        actions.do_add_suggestion(r.id, acting_user=intake, department=departments[i % len(departments)],
                                  text="加强行业扶贫资金监管，定期开展专项检查", made_on=r.ended_on, today=r.ended_on)
    for i in range(SEED_RULES):
        r = rounds[i % len(rounds)]
        actions.do_add_rule(r.id, acting_user=intake, department=departments[i % len(departments)],
                            title=RULE_TITLES[i % len(RULE_TITLES)], established_on=r.ended_on + timedelta(days=30),
                            today=r.ended_on + timedelta(days=30))


def _split(rng, total: Decimal, parts: int) -> list[Decimal]:
    """`parts` positive amounts (fen) adding up to `total` exactly."""
    fen = int(total * 100)
    cuts = sorted(rng.sample(range(1, fen), parts - 1))
    return [Decimal(b - a) / 100 for a, b in zip([0] + cuts, cuts + [fen])]


def _current_round(intake, township_officer, today) -> None:
    township = township_officer.jurisdiction
    villages = list(Jurisdiction.objects.filter(parent=township, level=L.VILLAGE).order_by("code")[:3])
    found = actions.do_create_round(acting_user=intake, year=today.year, number=Round.objects.filter(
        year=today.year).count() + 1, kind="机动", title="演示机动巡察", started_on=today - timedelta(days=70),
        ended_on=today - timedelta(days=40), today=today)
    fed_back = today - timedelta(days=35)
    targets = [actions.do_add_target(found.id, acting_user=intake, village=v, organisation=f"{v.name}党支部")
               for v in villages]
    mz = Department.objects.filter(code="mz").first()
    if mz is not None:
        targets.append(actions.do_add_target(found.id, acting_user=intake, department=mz))

    def problem(target, text, due, immediate=False):
        return actions.do_add_problem(target.id, acting_user=intake, description=text, fed_back_on=fed_back,
                                      due_on=due, immediate=immediate, today=today)

    problem(targets[0], "村集体经济收益分配方案未经村民代表大会讨论", today + timedelta(days=2))
    problem(targets[0], "扶贫公益岗位人员考勤记录缺失", today - timedelta(days=3))
    reported = problem(targets[1], "光伏电站收益未单独建账", today + timedelta(days=20))
    actions.do_report_rectification(reported.id, acting_user=township_officer, expected_version=None,
                                    rectification="已单独建账，收益明细在村务公开栏公布", today=today)
    transferred = problem(targets[2], "村会计涉嫌虚报冒领危房改造补助资金", today + timedelta(days=30))
    actions.do_transfer_to_clue(transferred.id, acting_user=intake, expected_version=None, category="虚报冒领",
                                subject="某村会计", today=today)
    done = problem(targets[-1], "低保对象动态管理不及时", today + timedelta(days=10), immediate=True)
    actions.do_verify_rectification(done.id, acting_user=intake, expected_version=None, accept=True,
                                    rectification="当场清退不符合条件对象 2 户", money_returned="6800", today=today)


def _boxes(rng, intake, township_officer, today) -> int:
    home = township_officer.jurisdiction
    places = [home] + list(Jurisdiction.objects.filter(parent=home, level=L.VILLAGE).order_by("code"))
    others = list(Jurisdiction.objects.filter(level=L.TOWNSHIP).exclude(id=home.id).order_by("code"))
    places += others[:36 - len(places)]
    leader = User.objects.get(username="shuji")
    for n, place in enumerate(places[:36], start=1):
        where = "乡镇政府大门左侧" if place.level == L.TOWNSHIP else "村部村务公开栏旁"
        box = box_actions.do_add_box(acting_user=intake, number=f"JBX-{n:03d}", place=place, location=where,
                                     key_holder=f"{place.name}纪委 {'张华' if place.id == home.id else '专干'}",
                                     installed_on=date(2018, 4, 1))
        if n % 6 == 0:
            continue  # never opened since it was hung: a reminder
        ago = rng.randint(3, 25) if n % 5 else rng.randint(35, 60)
        second = township_officer if home.contains(place) else leader
        items = [{"summary": rng.choice(("反映村干部优亲厚友，违规纳入低保", "反映危房改造补助被克扣",
                                         "反映产业奖补资金未发放到户")), "category": "其他"}
                 for _ in range(rng.choice((0, 0, 1, 2)))]
        box_actions.do_record_opening(box.id, acting_user=intake, opened_on=today - timedelta(days=ago),
                                      witness_1=intake, witness_2=second, items=items, today=today)
    return len(places[:36])


def _markets(rng, intake, today) -> None:
    townships = list(Jurisdiction.objects.filter(level=L.TOWNSHIP).order_by("code")[:3])
    for township in townships:
        point = markets.do_add_point(acting_user=intake, township=township, name=f"{township.name}集市")
        for k in range(4):
            day = markets.do_add_market_day(point.id, acting_user=intake, day=today - timedelta(days=5 + 7 * k))
            village = township.children.order_by("code").first()
            for _ in range(rng.randint(0, 2)):
                do_create_clue(acting_user=intake, received_on=day.day, source=Source.PETITION,
                               channel=Channel.VISIT, market_day=day, township=township, village=village,
                               category="其他", summary="赶集日举报点当面反映扶贫资金发放问题")
