"""The cross-check pages speak the active language: rule texts, evidence labels, import
problems and job errors (written by the Django-free engine in Chinese), and no server paths."""

import html
import re
import tomllib
from datetime import date

import pytest
from django.utils import translation

from qingfeng.clues import actions
from qingfeng.crosscheck import engine_text
from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.engine import normalize
from qingfeng.engine.phrases import phrases
from qingfeng.engine.rulebook import RULES_DIR, Rulebook
from qingfeng.jobs.models import Job

REASON = f"证件号码（id_number）：{normalize.ID_BAD_CHECK}：“110101199001011234”"
CJK = re.compile(r"[\u4e00-\u9fff]")


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def in_language(code, fn, *args):
    with translation.override(code):
        return fn(*args)


# --- the catalogue ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", list(Rulebook.load().rules.values()), ids=lambda r: r.id)
def test_every_rule_has_a_chinese_and_an_english_title_and_description(rule):
    assert CJK.search(rule.title) and re.match(r"[A-Z][a-z-]+ ", rule.title_en)
    assert CJK.search(rule.description_zh), f"{rule.id}: description_zh missing"
    assert rule.description and len(CJK.findall(rule.description)) < len(rule.description) / 4
    for name in (n for n in rule.parameters if "_" in n and n in rule.description):
        assert name in rule.description_zh, f"{rule.id}: parameter {name} not named in the Chinese description"


def test_chinese_descriptions_are_one_paragraph():
    for path in sorted(RULES_DIR.glob("R*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert "\n" not in data["description_zh"], path.name  # one paragraph (TOML line-continuations)


def test_the_web_marks_every_engine_phrase_for_translation():
    assert set(phrases()) <= set(engine_text.MARKED)


# --- the mechanism ---------------------------------------------------------------------------------

def test_a_stored_chinese_reason_is_english_under_english_and_unchanged_under_chinese():
    english = in_language("en", engine_text.engine_text, REASON)
    assert english == "ID number（id_number）：the ID number's check digit is wrong：“110101199001011234”"
    assert in_language("zh-hans", engine_text.engine_text, REASON) == REASON


def test_unknown_text_passes_through_and_bilingual_text_shows_one_half():
    assert in_language("en", engine_text.engine_text, "某个新的错误 xyz") == "某个新的错误 xyz"
    bilingual = "参数 x 的值 'a' 无效 / invalid value (expected int)"
    assert in_language("en", engine_text.engine_text, bilingual) == "invalid value (expected int)"
    assert in_language("zh-hans", engine_text.engine_text, bilingual) == "参数 x 的值 'a' 无效"


def test_a_server_path_in_an_engine_message_shrinks_to_the_file_name():
    text = "/srv/qingfeng/hub/bundles/ab12/roll.csv：文件不存在"
    assert in_language("zh-hans", engine_text.engine_text, text) == "roll.csv：文件不存在"
    assert in_language("en", engine_text.engine_text, text) == "roll.csv：file does not exist"


# --- the pages -------------------------------------------------------------------------------------

def test_the_rule_catalogue_in_chinese_and_in_english(world, login):
    client = login(world.erin)
    zh = text_of(client.get("/staff/crosscheck/rules/"))
    en = text_of(client.get("/staff/crosscheck/rules/", HTTP_ACCEPT_LANGUAGE="en"))
    r16 = Rulebook.load().get("R16")
    assert r16.title in zh and r16.description_zh in zh and "现金支付上限（元，不含）" in zh
    assert "cash payments above this amount are flagged" not in zh
    assert r16.title_en in en and "exactly cash_limit is allowed" in en and "cash payments above this amount" in en
    assert r16.title not in en and r16.description_zh not in en and "现金支付上限" not in en
    assert "村级财务" in zh and "village finance" not in zh  # R16's theme, one half per language
    assert "village finance" in en and "村级财务" not in en


@pytest.mark.parametrize("severity, english", [("高", "high"), ("中", "medium"), ("低", "low")])
def test_rule_severity_and_theme_follow_the_language(severity, english):
    assert in_language("en", engine_text.rule_severity, severity) == english
    assert in_language("zh-hans", engine_text.rule_severity, severity) == severity
    assert in_language("en", engine_text.rule_theme, "优亲厚友 favouritism") == "favouritism"
    assert in_language("zh-hans", engine_text.rule_theme, "优亲厚友 favouritism") == "优亲厚友"
    assert in_language("en", engine_text.rule_theme, "其他") == "其他"


@pytest.fixture
def failed_run(world, home, tmp_path):
    run = run_now(acting_user=None, bundle_dir=tmp_path / "no-such-bundle", origin=CrosscheckRun.Origin.COMMAND)
    assert Job.objects.get(id=run.job_id).status == Job.Status.FAILED
    run.imports = {"roll": {"source": str(tmp_path / "roll.csv"), "rows_read": 3, "rows_accepted": 2,
                            "rows_rejected": 1, "rows_flagged": 1, "problem_count": 2, "reused": False,
                            "problems": [{"row": 2, "column": "id_number", "value": None, "reason": REASON,
                                          "rejected": False},
                                         {"row": 3, "column": "", "value": None, "reason": "空行", "rejected": True}]}}
    run.save()
    return run


def test_run_page_shows_problems_and_the_job_error_in_english_without_the_server_path(world, login, failed_run, tmp_path):
    client = login(world.erin)
    url = f"/staff/crosscheck/runs/{failed_run.id}/"
    zh, en = text_of(client.get(url)), text_of(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "校验码错误" in zh and "保障对象名册" in zh
    assert "the ID number's check digit is wrong" in en and "empty row" in en and "Beneficiary roll" in en
    assert "校验码错误" not in en and "空行" not in en
    job_page = client.get(f"/staff/jobs/{failed_run.job_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for page in (zh, en, job_page):
        assert str(tmp_path) not in page
    assert "no-such-bundle" in job_page


def test_clue_evidence_labels_and_rule_title_follow_the_language(world, login):
    evidence = {"rule": "R03", "title": "死亡后仍发放", "severity": "高", "score": 1.0, "key": "R03:P9",
                "records": [{"registry": "payments", "row": 7, "payment_id": "P9", "account_name": "曾大明",
                             "household_source": "roll"},
                            {"registry": "deaths", "row": 12, "died_on": "2018-01-05"}]}
    clue, _ = actions.do_create_clue(
        acting_user=None, received_on=date(2024, 2, 1), source="大数据比对", subject="曾小明", summary="死亡后仍领取",
        township=world.t1, evidence=evidence, hit_key="R03:P9")
    client = login(world.carol)
    en = client.get(f"/staff/clues/{clue.id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    en = en[en.index('id="evidence"'):]
    for label in ("Payment ID", "Account name", "Deaths", "Died on", "Payments", "Beneficiary roll"):
        assert label in en, label
    assert Rulebook.load().get("R03").title_en in en
    for label in ("账户户名", "死亡日期", "资金发放明细", "死亡后仍发放"):
        assert label not in en, label
    zh = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert "账户户名" in zh and "死亡后仍发放" in zh


def test_every_review_reason_reads_in_english_and_is_stored_in_chinese():
    from qingfeng.crosscheck import reasons

    every = {r for rule in [f"R{i:02d}" for i in range(1, 19)] for verdict in ("confirmed", "refuted")
             for r in reasons.reasons_for(verdict, rule)}
    assert "车辆已过户" in every and all(CJK.search(r) for r in every)
    english = {r: in_language("en", reasons.reason_label, r) for r in every}
    assert not [r for r, text in english.items() if CJK.search(text)]
    assert english["车辆已过户"] == "Vehicle sold to someone else"
    assert in_language("zh-hans", reasons.reason_label, "车辆已过户") == "车辆已过户"
