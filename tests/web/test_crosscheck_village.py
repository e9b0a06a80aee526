"""Village finance hits (R14–R18) in the ledger: each a clue placed in its village,
with the entry or statement line, its amount and a sensible category, tagged to the
quarter's 村级财务清查 campaign; a hit seen before makes no second clue."""

import csv
from decimal import Decimal

import pytest
from django.utils import timezone

from qingfeng.cases.models import Campaign
from qingfeng.clues.models import Clue, Source
from qingfeng.clues.templatetags.evidence import show_evidence as evidence_block
from qingfeng.core.months import quarter_of
from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job
from tests.engine.crosscheck_helpers import make_id

V1, V1B = "430821101201", "430821101202"  # world.v1 青山村, world.v1b 枫林村 (township world.t1)
CADRE = make_id("19650101", "011")
WIFE = make_id("19670202", "022")
BOOKS = [
    ["凭证号", "行政区划代码", "记账日期", "收支", "科目", "摘要", "金额", "收付对象", "收付对象证件号码", "结算方式", "民主理财审核"],
    ["记-001", V1, "2024-03-05", "支出", "公益支出", "修路", "6,000.00", "张三", "", "转账", "否"],  # R15
    ["记-002", V1, "2024-03-06", "支出", "公益支出", "买水泥", "1,500.00", "李四", "", "现金", "是"],  # R16
    ["记-003", V1B, "2024-04-01", "支出", "公益支出", "清淤", "2,500.00", "石门劳务队", "", "转账", "否"],  # R17
    ["记-004", V1B, "2024-04-20", "支出", "公益支出", "清淤", "2,600.00", "石门劳务队", "", "转账", "否"],  # R17
    ["记-005", V1, "2024-05-01", "支出", "公益支出", "采购", "800.00", "李梅", WIFE, "转账", "是"],  # R18
    ["记-006", V1, "2024-05-02", "支出", "管理费用-干部报酬", "报酬", "900.00", "王书记", CADRE, "转账", "是"],  # exempt
]
BANK = [
    ["交易流水号", "行政区划代码", "交易日期", "收支", "金额", "对方户名", "对方账号", "摘要"],
    ["T1", V1, "2024-03-06", "支出", "6,000.00", "张三", "6230001", "修路款"],  # matches 记-001
    ["T2", V1B, "2024-06-01", "收入", "3,210.50", "枫林砂石场", "6230002", "砂石款"],  # R14: never booked
]
CADRES = [
    ["姓名", "证件号码", "行政区划代码", "职务", "关联干部证件号码", "关系", "任职起", "任职止"],
    ["王书记", CADRE, V1, "党支部书记", CADRE, "本人", "2021-01-01", "2026-12-31"],
    ["李梅", WIFE, V1, "", CADRE, "配偶", "2021-01-01", "2026-12-31"],
]


@pytest.fixture
def village_bundle(tmp_path):
    bundle = tmp_path / "village"
    bundle.mkdir()
    for name, rows, encoding in (("village_books.csv", BOOKS, "utf-8"), ("village_bank.csv", BANK, "gb18030"),
                                 ("cadres.csv", CADRES, "utf-8")):
        with open(bundle / name, "w", encoding=encoding, newline="") as f:
            csv.writer(f).writerows(rows)
    return bundle


def clues_by_key():
    return {c.hit_key: c for c in Clue.objects.filter(source=Source.DATA).select_related("village", "township")}


def test_village_finance_hits_become_clues_in_their_villages(world, home, village_bundle):
    year, quarter = quarter_of(timezone.localdate())
    campaign = Campaign.objects.create(name="村级财务清查", year=year, quarter=quarter)

    run = run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)

    assert run.job.status == Job.Status.DONE, run.job.error
    clues = clues_by_key()
    assert set(clues) == {"R14:T2", f"R15:{V1}/记-001", f"R16:{V1}/记-002", f"R17:{V1B}/记-003",
                          f"R17:{V1B}/记-004", f"R18:{V1}/记-005"}
    assert run.rule_counts == {"R14": 1, "R15": 1, "R16": 1, "R17": 2, "R18": 1}
    expected = {  # key: (village, amount, category)
        "R14:T2": (world.v1b, Decimal("3210.50"), "截留挪用"),
        f"R15:{V1}/记-001": (world.v1, Decimal("6000.00"), "其他"),
        f"R16:{V1}/记-002": (world.v1, Decimal("1500.00"), "其他"),
        f"R17:{V1B}/记-003": (world.v1b, Decimal("2500.00"), "其他"),
        f"R17:{V1B}/记-004": (world.v1b, Decimal("2600.00"), "其他"),
        f"R18:{V1}/记-005": (world.v1, Decimal("800.00"), "优亲厚友"),
    }
    for key, (village, amount, category) in expected.items():
        clue = clues[key]
        assert (clue.village, clue.township, clue.owner) == (village, world.t1, world.t1), key
        assert clue.amount_involved == amount and clue.category == category, key
        assert clue.campaign == campaign, key
        assert clue.evidence["record"] == key.split(":", 1)[1]
    r18 = clues[f"R18:{V1}/记-005"]
    assert r18.subject == "李梅" and r18.evidence["id_number"] == WIFE
    assert "凭证号 记-005（行政区划代码 430821101201），金额 800.00 元" in r18.summary
    assert "村级财务收支明细第6行" in r18.summary and "村干部及近亲属信息第3行" in r18.summary
    r14 = clues["R14:T2"]
    assert r14.subject == "枫林砂石场" and "交易流水号 T2，金额 3210.50 元" in r14.summary
    assert "村集体账户银行流水第3行" in r14.summary


def test_a_village_hit_seen_before_makes_no_second_clue(world, home, village_bundle):
    first = run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    before = set(Clue.objects.values_list("id", flat=True))
    second = run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert first.clues_created == 6 and second.clues_created == 0 and second.clues_known == 6
    assert set(Clue.objects.values_list("id", flat=True)) == before


def test_without_a_campaign_of_the_quarter_clues_stay_untagged(world, home, village_bundle):
    Campaign.objects.create(name="村级财务清查", year=2018, quarter=1)  # an old quarter's
    run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert not Clue.objects.filter(source=Source.DATA, campaign__isnull=False).exists()


def test_a_campaign_listing_the_rule_wins_over_the_name(world, home, village_bundle):
    year, quarter = quarter_of(timezone.localdate())
    Campaign.objects.create(name="村级财务清查", year=year, quarter=quarter)
    cash = Campaign.objects.create(name="现金管理专项", year=year, quarter=quarter, rules=["R16"])
    run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert clues_by_key()[f"R16:{V1}/记-002"].campaign == cash
    assert clues_by_key()[f"R15:{V1}/记-001"].campaign.name == "村级财务清查"


def test_the_evidence_reads_as_the_investigator_needs_it(world, home, village_bundle):
    run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    clues = clues_by_key()
    block = evidence_block(clues[f"R17:{V1B}/记-003"].evidence)
    assert [(r.registry, r.row) for r in block["records"]] == [("村级财务收支明细", 4), ("村级财务收支明细", 5)]
    facts = dict(block["facts"])
    assert facts["月份"] == "2024-04" and facts["笔数"] == 2 and facts["合计金额（元）"] == 5100
    r18 = evidence_block(clues[f"R18:{V1}/记-005"].evidence)
    assert dict(r18["facts"])["关联方式"] == "本人或亲属"
    fields = dict(next(r for r in r18["records"] if r.registry == "村级财务收支明细").fields)
    assert fields["凭证号"] == "记-005" and fields["收付对象证件号码"] == WIFE
