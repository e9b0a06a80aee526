"""核查 of cross-check clues on hand-made clues: verdicts, confirmation rates, exceptions,
jurisdiction, audit rows and version conflicts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Source
from qingfeng.core.versioning import Conflict
from qingfeng.crosscheck import confirmation
from qingfeng.crosscheck.models import CrosscheckRun, HitException, HitReview, RunHit
from qingfeng.crosscheck.review import active_exclusions, do_review, do_revoke_exception
from qingfeng.jobs import queue

ID = "430821199001011234"


def data_clue(world, rule, key_value, township=None, **evidence):
    township = township or world.t1
    clue, _created = do_create_clue(
        acting_user=None, received_on=date(2024, 6, 1), source=Source.DATA, owner=township, township=township,
        subject="张三", category="其他", summary=f"大数据比对 {rule}", hit_key=f"{rule}:{key_value}",
        evidence={"rule": rule, "key": f"{rule}:{key_value}", "id_number": ID, **evidence})
    return clue


def make_run(clues):
    run = CrosscheckRun.objects.create(job=queue.enqueue("crosscheck", {}), bundle_dir="/x/b", origin="command")
    RunHit.objects.bulk_create(RunHit(run=run, rule=c.evidence["rule"], hit_key=c.hit_key, clue=c) for c in clues)
    return run


def review(clue, user, verdict, reason, version=0, **kwargs):
    return do_review(clue.id, acting_user=user, verdict=verdict, reason=reason, expected_version=version, **kwargs)


def test_confirmation_rate_counts_reviewed_hits_only_per_run_and_over_time(world):
    first = [data_clue(world, "R01", f"4308211990010112{i:02d}") for i in range(4)]
    review(first[0], world.alice, "confirmed", "问题属实，已责令整改")
    review(first[1], world.alice, "confirmed", "问题属实，已追缴资金")
    review(first[2], world.alice, "refuted", "车辆已过户")  # first[3] unreviewed: not counted
    later = data_clue(world, "R01", "430821199001019999")
    review(later, world.alice, "refuted", "同名不同人")
    run1, run2 = make_run(first), make_run([first[0], later])

    rate = confirmation.rates_of_run(run1)["R01"]
    assert (rate.reviewed, rate.confirmed, rate.percent) == (3, 2, 66.7)
    assert confirmation.rates_of_run(run2)["R01"].percent == 50.0
    overall = confirmation.rates_over_time()["R01"]
    assert (overall.reviewed, overall.confirmed, overall.refuted, overall.percent) == (4, 2, 2, 50.0)
    assert "R02" not in confirmation.rates_over_time()


def test_changing_a_verdict_keeps_one_review_and_moves_the_rate(world):
    clue = data_clue(world, "R04", ID)
    first = review(clue, world.alice, "refuted", "已离职或退休")
    second = review(clue, world.erin, "confirmed", "问题属实，已追缴资金", version=first.version)
    assert HitReview.objects.count() == 1 and second.version == first.version + 1
    assert second.reviewed_by == world.erin
    assert confirmation.rates_over_time()["R04"].percent == 100.0
    # Both verdicts are in the audit trail: its history.
    entries = AuditEntry.objects.filter(action="crosscheck.review", object_id=str(first.id)).order_by("seq")
    assert [e.after["verdict"] for e in entries] == ["refuted", "confirmed"]
    assert entries[1].before["verdict"] == "refuted"


def test_two_reviewers_on_the_same_version_conflict(world):
    clue = data_clue(world, "R04", ID)
    review(clue, world.alice, "confirmed", "问题属实，已责令整改")
    with pytest.raises(Conflict):  # erin's form was loaded before alice saved (version 0: no verdict)
        review(clue, world.erin, "refuted", "同名不同人", version=0)
    current = HitReview.objects.get(clue=clue)
    with pytest.raises(Conflict):
        review(clue, world.erin, "refuted", "同名不同人", version=current.version + 5)
    assert HitReview.objects.get(clue=clue).verdict == "confirmed"


def test_reason_must_belong_to_the_verdict_and_rule_and_other_needs_a_note(world):
    clue = data_clue(world, "R04", ID)
    with pytest.raises(ValidationError) as err:
        review(clue, world.alice, "refuted", "车辆已过户")  # an R01 reason
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError):
        review(clue, world.alice, "confirmed", "同名不同人")  # a 不属实 reason
    with pytest.raises(ValidationError) as err:
        review(clue, world.alice, "refuted", "其他", note="  ")
    assert "note" in err.value.message_dict
    assert not HitReview.objects.exists() and not AuditEntry.objects.filter(action="crosscheck.review").exists()


def test_township_officer_of_another_township_cannot_review(world):
    clue = data_clue(world, "R01", ID, township=world.t1)
    with pytest.raises(Http404):
        review(clue, world.bob, "confirmed", "问题属实，已责令整改")
    assert not HitReview.objects.exists()


def test_review_page_post_out_of_jurisdiction_is_404(world, login):
    clue = data_clue(world, "R01", ID)
    response = login(world.bob).post(f"/staff/crosscheck/review/{clue.id}/", {
        "version": 0, "verdict": "confirmed", "reason": "问题属实，已责令整改"})
    assert response.status_code == 404
    assert not HitReview.objects.exists()


def test_refuted_verdict_adds_an_audited_exception_on_the_chosen_subject(world, login):
    clue = data_clue(world, "R10", "6217000012345678", account="6217 0000 1234 5678")
    until = timezone.localdate() + timedelta(days=30)
    client = login(world.alice)
    page = client.get(f"/staff/clues/{clue.id}/")
    assert "核查结论" in page.content.decode() and "家庭成员共用账户，已备案" in page.content.decode()
    response = client.post(f"/staff/crosscheck/review/{clue.id}/", {
        "version": 0, "verdict": "refuted", "reason": "家庭成员共用账户，已备案", "note": "低保户夫妻共用",
        "exception_kind": "account", "exception_until": until.isoformat()})
    assert response.status_code == 302
    exception = HitException.objects.get()
    assert (exception.rule, exception.subject_kind, exception.subject_value) == ("R10", "account", "6217000012345678")
    assert exception.created_by == world.alice and exception.reason == "家庭成员共用账户，已备案"
    assert exception.note == "低保户夫妻共用" and exception.valid_until == until
    added = AuditEntry.objects.get(action="crosscheck.exception.add")
    assert added.actor == world.alice and added.after["subject_value"] == "6217000012345678"
    assert [(e.rule, e.kind, e.value) for e in active_exclusions(timezone.localdate())] == [
        ("R10", "account", "6217000012345678")]
    assert active_exclusions(until + timedelta(days=1)) == []  # expired after its day


def test_exception_needs_a_future_day_and_a_subject_the_hit_has(world):
    clue = data_clue(world, "R01", ID)
    with pytest.raises(ValidationError):
        review(clue, world.alice, "refuted", "车辆已过户", exception_kind="id_number",
               exception_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        review(clue, world.alice, "refuted", "车辆已过户", exception_kind="account",
               exception_until=timezone.localdate() + timedelta(days=1))
    assert not HitReview.objects.exists() and not HitException.objects.exists()  # nothing half-written


def test_confirmed_verdict_revokes_the_earlier_exception(world):
    clue = data_clue(world, "R01", ID)
    first = review(clue, world.alice, "refuted", "车辆已过户", exception_kind="id_number",
                   exception_until=timezone.localdate() + timedelta(days=10))
    review(clue, world.alice, "confirmed", "问题属实，已责令整改", version=first.version)
    assert HitException.objects.get().is_revoked
    assert active_exclusions(timezone.localdate()) == []
    assert AuditEntry.objects.filter(action="crosscheck.exception.revoke").count() == 1


def test_exceptions_page_lists_filters_and_revokes_for_county_owners_only(world, login):
    r01 = data_clue(world, "R01", ID)
    r04 = data_clue(world, "R04", ID)
    until = timezone.localdate() + timedelta(days=10)
    review(r01, world.alice, "refuted", "车辆已过户", exception_kind="id_number", exception_until=until)
    review(r04, world.alice, "refuted", "已离职或退休", exception_kind="id_number", exception_until=until)
    assert login(world.alice).get("/staff/crosscheck/exceptions/").status_code == 403
    client = login(world.erin)
    page = client.get("/staff/crosscheck/exceptions/?rule=R04").content.decode()
    assert "已离职或退休" in page and "车辆已过户" not in page
    exception = HitException.objects.get(rule="R01")
    assert login(world.bob).post(f"/staff/crosscheck/exceptions/{exception.id}/revoke/",
                                 {"version": exception.version}).status_code == 403
    client = login(world.erin)
    client.post(f"/staff/crosscheck/exceptions/{exception.id}/revoke/", {"version": exception.version,
                                                                         "note": "复核后确认"})
    exception.refresh_from_db()
    assert exception.is_revoked and exception.revoked_by == world.erin and exception.revoke_note == "复核后确认"
    assert {e.rule for e in active_exclusions(timezone.localdate())} == {"R04"}
    with pytest.raises(Conflict):
        do_revoke_exception(exception.id, acting_user=world.erin, expected_version=1)


def test_rates_shown_on_rule_catalogue_and_statistics(world, login):
    clues = [data_clue(world, "R01", f"43082119900101{i:04d}") for i in range(3)]
    review(clues[0], world.alice, "confirmed", "问题属实，已责令整改")
    review(clues[1], world.alice, "confirmed", "问题属实，已责令整改")
    review(clues[2], world.alice, "refuted", "车辆已过户")
    catalogue = login(world.erin).get("/staff/crosscheck/rules/").content.decode()
    assert "66.7%（属实 2 / 已核查 3）" in catalogue
    today = timezone.localdate().isoformat()
    stats = login(world.alice).get(f"/staff/reports/stats/?from={today}&to={today}")
    assert stats.status_code == 200
    body = stats.content.decode()
    assert 'id="confirmation"' in body and "66.7%" in body
    # bob's township has none of these clues: his statistics show no review.
    assert "66.7%" not in login(world.bob).get(f"/staff/reports/stats/?from={today}&to={today}").content.decode()
