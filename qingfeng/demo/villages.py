"""Demo village disclosures: a few months of N+X items for the demo township's first villages,
some complete, one late, one incomplete and one silent, so the completeness pages have
something to show. Published through the same action the village committees use (each
audited); `published_at` dates them back. Idempotent: skipped when any village has published.
"""

from datetime import datetime, time

from django.utils import timezone

from qingfeng.accounts.models import User
from qingfeng.core.months import add_months
from qingfeng.engine.generator.county import demo_county
from qingfeng.places.models import Jurisdiction
from qingfeng.villages.defaults import ensure_default_items
from qingfeng.villages.actions import do_correct_disclosure, do_publish_disclosure
from qingfeng.villages.models import Disclosure, RequiredItem
from qingfeng.villages.months import month_of

TEXTS = {
    "finance": "本月村集体收入 {n}8,600.00 元（土地流转费、光伏发电收益），支出 {n}6,240.00 元"
               "（道路维护、公益岗位补贴、办公费用），结余转下月。明细见附表，村民可到村部查阅凭证。",
    "benefits": "本月发放农村低保金 {n}1 户、特困供养金 3 户、产业奖补 {n}2 户，名单已在村务公开栏张贴，"
                "资金通过“一卡通”直接发放到户，村干部不经手现金。",
    "projects": "村组道路硬化项目（二组至四组，1.{n} 公里）已完成路基，施工单位按合同推进；"
                "项目资金由乡镇财政所直接支付，村务监督委员会全程参与验收。",
    "monthly_meeting": "村务监督委员会召开月例会，到会 3 人。审核了本月财务收支凭证 {n}2 张，"
                       "对惠民资金发放名单逐户核对，未发现问题；对道路项目进度提出督促意见。",
}
# Per village (in code order): {months ago: which N items (keys), published on which day of the next month}.
PLANS = (
    {3: ("all", 5), 2: ("all", 6), 1: ("all", 3)},
    {3: ("all", 8), 2: ("all", 15), 1: (("finance", "benefits"), 2)},
    {3: ("all", 9), 2: (("finance", "benefits"), 9)},
    {},
)


def _at(month, day: int):
    when = timezone.make_aware(datetime.combine(add_months(month, 1).replace(day=day), time(10)))
    return min(when, timezone.now())


def load_village_disclosures(seed: int = 430821, progress=print) -> int:
    county = demo_county(seed)
    township = county.townships[1]  # the demo township officer's
    codes = sorted(v.code for v in county.villages if v.township_code == township.code)[:len(PLANS)]
    villages = list(Jurisdiction.objects.filter(code__in=codes).order_by("code"))
    if Disclosure.objects.filter(village__in=villages).exists():
        return 0
    ensure_default_items()
    member = User.objects.filter(username="cunjian").first()
    items = {item.key: item for item in RequiredItem.objects.exclude(key=None)}
    this_month = month_of(timezone.localdate())
    published = 0
    for village, plan in zip(villages, PLANS):
        author = member if member and member.jurisdiction_id == village.id else None
        for ago, (keys, day) in plan.items():
            month = add_months(this_month, -ago)
            for n, key in enumerate(items if keys == "all" else keys, start=1):
                do_publish_disclosure(village, acting_user=author, month=month, item=items[key],
                                      text=TEXTS[key].format(n=n), published_at=_at(month, day))
                published += 1
        if plan and author is not None:
            month = add_months(this_month, -1)
            do_publish_disclosure(village, acting_user=author, month=month, title="低保对象民主评议结果",
                                  text="经村民代表会议评议，新纳入低保 1 户、退出 1 户，公示期 7 天，无异议。",
                                  published_at=_at(month, 3))
            first = Disclosure.objects.get(village=village, month=month, item=items["finance"])
            do_correct_disclosure(first.id, acting_user=author, expected_version=first.version,
                                  text=first.text.replace("6,240.00", "6,420.00"), note="支出合计笔误，更正为 6,420.00 元")
            published += 2
    progress(f"{published} 条村务公开（{township.name} {len(villages)} 个村）")
    return published


# -- monthly meetings (月例会) with 民主理财 sign-offs of the demo bundle's village books ------------

MEETING_TEXTS = (
    ("村民反映二组路灯损坏、村道排水沟堵塞；有村民询问光伏发电收益的分配。",
     "路灯本月内修复；排水沟由村民小组组织清理；光伏收益分配方案下次村民代表会议讨论后公开。"),
    ("村民询问低保评议结果和产业奖补发放时间。",
     "低保评议结果张榜公示 7 天；产业奖补名单经核对后报乡镇审批。"),
    ("村民反映村部办公用品采购价格偏高。", "今后办公用品采购须两家以上比价，凭证附比价单。"),
)


def _sign_off(village, n: int) -> list[str]:
    """`n` expenses of the village's newest booked month that its books do not mark reviewed."""
    from qingfeng.villages import books

    months = books.months_of(village.code)
    if not months:
        return []
    _snapshot, entries = books.entries_to_review(village.code, months[0])
    return [e.voucher_no for e in entries if e.direction == books.EXPENSE][:n]


def load_village_meetings(seed: int = 430821, progress=print) -> int:
    """Three villages' meetings: one published this month, one published late for last month
    (its month lacked the item), one recorded and not yet published. Idempotent."""
    from qingfeng.villages.actions import do_publish_meeting, do_record_meeting
    from qingfeng.villages.models import Meeting

    county = demo_county(seed)
    township = county.townships[1]
    codes = sorted(v.code for v in county.villages if v.township_code == township.code)[:3]
    villages = list(Jurisdiction.objects.filter(code__in=codes).order_by("code"))
    if Meeting.objects.filter(village__in=villages).exists():
        return 0
    member = User.objects.filter(username="cunjian").first()
    today = timezone.localdate()
    this_month = month_of(today)
    plans = ((this_month.replace(day=min(today.day, 5)), 2, True),
             (add_months(this_month, -1).replace(day=25), 1, True),
             (this_month.replace(day=min(today.day, 3)), 1, False))
    recorded = 0
    for village, (held_on, n, publish), (topics, decisions) in zip(villages, plans, MEETING_TEXTS):
        author = member if member and member.jurisdiction_id == village.id else None
        meeting = do_record_meeting(village, acting_user=author, held_on=held_on, attendees="王明、李芳、张建国",
                                    topics=topics, decisions=decisions, vouchers=_sign_off(village, n))
        if publish:
            do_publish_meeting(meeting.id, acting_user=author, expected_version=meeting.version)
        recorded += 1
    progress(f"{recorded} 次村务监督委员会月例会（{township.name}）")
    return recorded
