"""The month's items from the measures (conftest's June 2018), refreshing a draft, numbering."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from qingfeng.bulletins import actions, drafting, numbering, status
from qingfeng.bulletins.models import Bulletin
from qingfeng.cases.measures import form_of
from qingfeng.cases.models import Measure
from qingfeng.core.versioning import Conflict


def _items(bulletin):
    return [(i.name, i.township, i.post, i.facts, i.measure_text, i.decided_on) for i in bulletin.items.all()]


def test_a_draft_has_one_item_per_sanctioned_person_of_the_month_in_decision_order(june):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    assert _items(bulletin) == [
        ("钱丁", "东岳观镇", "龙泉村村委会主任", "钱丁优亲厚友，违规为亲属办理低保", "给予其政务撤职处分", date(2018, 6, 5)),
        ("王甲", "广福桥镇", "青山村党支部书记", "王甲虚报冒领危房改造补助资金8000元", "给予其党内警告、政务记过处分",
         date(2018, 6, 20)),
    ]
    assert bulletin.status == Bulletin.Status.DRAFT and bulletin.document_no == ""
    # Totals: party 王甲 警告 = 1; government 王甲 记过, 钱丁 撤职 = 2; forms: 诫勉 (1) and 警告, 记过 (2)
    # and 撤职 (3); 孙戊's July sanction counts nowhere. 党纪政务处分人数 is the clues' (§2, by
    # closed_on): no clue closed in June, so 0 — as `report stats` says for the month.
    totals = bulletin.totals
    assert (totals["persons_sanctioned"], totals["party_sanctions"], totals["gov_sanctions"]) == (0, 1, 2)
    assert [totals[f"form_{n}"] for n in (1, 2, 3, 4)] == [1, 2, 1, 0]
    assert totals["recovered"] == "0.00"
    assert "给予党纪政务处分0人（党纪处分1人次、政务处分2人次）" in drafting.totals_text(totals)


def test_the_totals_are_what_report_stats_says_for_the_month(june):
    clue = june.clues["XS20180002"]
    clue.state, clue.closed_on, clue.persons_sanctioned, clue.recovered = "已办结", date(2018, 6, 28), 1, "1200.50"
    clue.save()
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    out = io.StringIO()
    call_command("report", "stats", "--from", "2018-06-01", "--to", "2018-06-30", "--json", stdout=out)
    stats = json.loads(out.getvalue())
    assert bulletin.totals["persons_sanctioned"] == stats["persons_sanctioned"] == 1
    assert float(bulletin.totals["recovered"]) == stats["recovered"] == 1200.5
    assert all(float(value) == stats[key] for key, value in bulletin.totals.items())


def test_a_july_draft_holds_only_the_july_sanction(june):
    bulletin = actions.do_draft_bulletin(2018, 7, acting_user=june.frank)
    assert [(i.name, i.measure_text) for i in bulletin.items.all()] == [("孙戊", "给予其党内严重警告处分")]


def test_refreshing_keeps_edited_wording_and_adds_new_persons(june):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    qian, wang = bulletin.items.all()
    edits = [actions.ItemEdit(qian.id, True, 1, qian.post, "钱丁在低保评审中优亲厚友。", qian.measure_text),
             actions.ItemEdit(wang.id, False, 2, wang.post, wang.facts, wang.measure_text)]
    bulletin = actions.do_update_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                          title="新标题", addressee="", preface="导语", closing="结语", items=edits)
    # A sanction recorded later in June: 王甲 gets 开除党籍 too, and a new person 周己.
    clue = june.clues["XS20180001"]
    Measure.objects.create(clue=clue, name="周己", post="青山村会计", kind="党纪处分", measure="警告",
                           form=form_of("党纪处分", "警告"), decided_on=date(2018, 6, 28))
    Measure.objects.create(clue=june.clues["XS20180002"], name="钱丁", kind="党纪处分", measure="开除党籍",
                           form=form_of("党纪处分", "开除党籍"), decided_on=date(2018, 6, 1))
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.erin)
    by_name = {i.name: i for i in bulletin.items.all()}
    assert by_name["钱丁"].facts == "钱丁在低保评审中优亲厚友。"  # edited: kept
    assert by_name["钱丁"].measure_text == "给予其政务撤职处分"  # edited item keeps its wording
    assert by_name["钱丁"].decided_on == date(2018, 6, 1)  # but its date follows the measures
    assert by_name["王甲"].included is False
    assert by_name["周己"].measure_text == "给予其党内警告处分" and by_name["周己"].included
    assert Bulletin.objects.get().title == "新标题"


def test_an_unedited_item_follows_its_measures_and_a_removed_sanction_drops_it(june):
    actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    Measure.objects.filter(name="钱丁").delete()
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    assert [i.name for i in bulletin.items.all()] == ["王甲"]


def test_editing_with_a_stale_version_is_refused(june):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    with pytest.raises(Conflict):
        actions.do_update_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version - 1,
                                   title="x", addressee="", preface="", closing="", items=[])


def test_editing_an_approved_bulletin_returns_it_to_draft(june):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version)
    assert bulletin.status == Bulletin.Status.APPROVED
    bulletin = actions.do_update_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                          title="改", addressee="", preface="", closing="", items=[])
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT and bulletin.approved_by is None


def test_a_draft_cannot_be_issued_before_approval(june):
    bulletin = actions.do_draft_bulletin(2018, 6, acting_user=june.frank)
    with pytest.raises(actions.BulletinError):
        actions.do_issue_bulletin(bulletin.id, acting_user=june.frank, expected_version=bulletin.version,
                                  name_shown={i.id: "full" for i in bulletin.items.all()})


def test_numbers_run_per_year_of_issue_across_the_year_boundary(issue):
    # November 2018, issued in December 2018: 2018's 1号. December 2018, issued 2019-01-04:
    # 2019's 1号. January 2019, issued 2019-02-05: 2019's 2号. June 2018, issued late on
    # 2018-12-20: 2018's 2号 (the number follows the year of issue, not of the month).
    november = issue(2018, 11, date(2018, 12, 5))
    december = issue(2018, 12, date(2019, 1, 4))
    january = issue(2019, 1, date(2019, 2, 5))
    june = issue(2018, 6, date(2018, 12, 20))
    assert november.document_no == "慈纪通〔2018〕1号"
    assert december.document_no == "慈纪通〔2019〕1号"
    assert january.document_no == "慈纪通〔2019〕2号"
    assert june.document_no == "慈纪通〔2018〕2号"
    assert [(b.number_year, b.number) for b in (november, december, january, june)] == [
        (2018, 1), (2019, 1), (2019, 2), (2018, 2)]


def test_the_prefix_and_organs_are_derived_from_the_county_or_configured(world, settings):
    assert numbering.prefix() == "慈纪通"
    assert numbering.organs() == ["中共慈利县纪律检查委员会", "慈利县监察委员会"]
    settings.BULLETIN_PREFIX, settings.BULLETIN_ORGANS = "澧纪通", "中共澧县纪委;澧县监委"
    assert numbering.prefix() == "澧纪通" and numbering.organs() == ["中共澧县纪委", "澧县监委"]


def test_issued_for_says_whether_the_month_is_out(issue):
    assert status.issued_for(2018, 6) is False
    issue(2018, 6)
    assert status.issued_for(2018, 6) is True and status.issued_for(2018, 7) is False


def test_dates_and_case_numbers_are_written_in_chinese_numerals():
    from qingfeng.bulletins.content import cn_date, cn_number

    assert [cn_number(n) for n in (5, 10, 11, 20, 21, 31, 99, 100, 101, 110, 120, 999, 1001)] == [
        "五", "十", "十一", "二十", "二十一", "三十一", "九十九", "一百", "一百零一", "一百一十", "一百二十",
        "九百九十九", "一千零一"]
    assert cn_date(date(2018, 7, 5)) == "二〇一八年七月五日"
    assert cn_date(date(2020, 12, 31)) == "二〇二〇年十二月三十一日"
