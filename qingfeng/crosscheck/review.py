"""核查 of cross-check clues: the verdict, and the exceptions a 不属实 verdict may add.

Who: a verdict is recorded by staff who may see the clue (the clue app's scoping; out of
scope is 404); exceptions are listed and revoked by the county's cross-check owners.
Every change is audited; the review and the exception carry versions, so two reviewers
never overwrite each other unseen (the form's version 0 means "no verdict yet").
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.clues.access import access_clue_by_id, require_clue_reader
from qingfeng.clues.models import Source
from qingfeng.core.versioning import Conflict, check_version
from qingfeng.crosscheck.models import HitException, HitReview
from qingfeng.crosscheck.reasons import OTHER, reasons_for
from qingfeng.engine.exclusions import HIT_KINDS, RECORD_KINDS, Exclusion, normalised, record_values
from qingfeng.engine.rulebook import Rulebook

EXCEPTION_OWNERS = frozenset({Role.ADMIN, Role.INTAKE, Role.LEADERSHIP})  # county level, every clue in view
REVIEW_FIELDS = ("verdict", "reason", "note", "reviewed_by_id", "reviewed_at")
EXCEPTION_FIELDS = ("rule", "subject_kind", "subject_value", "valid_until", "reason", "note", "review_id")


def is_crosscheck_clue(clue) -> bool:
    return clue.source == Source.DATA and bool(clue.hit_key) and bool((clue.evidence or {}).get("rule"))


def subject_choices(clue) -> list[tuple[str, str]]:
    """(kind, value) of the identifying fields the clue's hit has, the default first: the
    rule's own key (an account, a household, an entry), but the person where the key is a
    one-off payment (paid after death, paid twice)."""
    evidence = clue.evidence or {}
    present = [(kind, str(evidence[kind])) for kind in HIT_KINDS if evidence.get(kind)]
    for kind in RECORD_KINDS:  # one vehicle or property: it can be excepted alone (车辆已过户)
        values = set(record_values(evidence, kind))
        if len(values) == 1:
            present.append((kind, values.pop()))
    rule = Rulebook.load().rules.get(evidence.get("rule"))
    key = rule.key[0] if rule is not None and rule.key else ""
    first = "id_number" if key in ("payment_id", "") else key
    return sorted(present, key=lambda kv: kv[0] != first)


def _check_values(rule: str, verdict: str, reason: str, note: str) -> None:
    errors = {}
    if verdict not in HitReview.Verdict.values:
        errors["verdict"] = _("请选择核查结论：属实或不属实。")
    elif reason not in reasons_for(verdict, rule):
        errors["reason"] = _("原因“%(reason)s”不在%(rule)s规则的可选原因中。") % {"reason": reason, "rule": rule}
    if reason == OTHER and not note.strip():
        errors["note"] = _("选择“其他”时须填写说明。")
    if errors:
        raise ValidationError(errors)


def do_review(clue_id: int, *, acting_user, verdict: str, reason: str, note: str = "", expected_version: int,
              exception_kind: str = "", exception_until: date | None = None, today: date | None = None) -> HitReview:
    """Record (or change) the verdict on a cross-check clue; with `exception_kind` a 不属实
    verdict also adds an exception for that subject of the hit until `exception_until`.
    A 属实 verdict revokes the exceptions an earlier 不属实 verdict of this clue added."""
    require_clue_reader(acting_user)
    today = today or timezone.localdate()
    with transaction.atomic():
        clue = access_clue_by_id(acting_user, clue_id, for_update=True)  # serialises reviewers of this clue
        if not is_crosscheck_clue(clue):
            raise PermissionDenied
        rule = clue.evidence["rule"]
        _check_values(rule, verdict, reason, note)
        values = {"verdict": verdict, "reason": reason, "note": note.strip(), "reviewed_by_id": acting_user.id,
                  "reviewed_at": timezone.now()}
        review = HitReview.objects.select_for_update().filter(clue=clue).first()
        if review is None:
            if expected_version:
                raise Conflict(0)  # the verdict the user saw was deleted: cannot happen, but never guess
            review = HitReview.objects.create(clue=clue, rule=rule, **values)
            record(acting_user, "crosscheck.review", review, after=snapshot(review, REVIEW_FIELDS))
        else:
            check_version(review, expected_version if expected_version else -1)
            save_and_record(acting_user, "crosscheck.review", review, values, fields=REVIEW_FIELDS)
        if verdict == HitReview.Verdict.CONFIRMED:
            for exception in review.exceptions.select_for_update().filter(revoked_at__isnull=True):
                _revoke(exception, acting_user, _("核查结论改为属实"))
        elif exception_kind:
            _add_exception(review, clue, acting_user, exception_kind, exception_until, today)
    return review


def _add_exception(review, clue, acting_user, kind: str, until: date | None, today: date) -> HitException:
    offered = dict(subject_choices(clue))
    if kind not in offered:
        raise ValidationError({"exception_kind": _("该命中没有可作为例外对象的“%(kind)s”。") % {"kind": kind}})
    if until is None or until < today:
        raise ValidationError({"exception_until": _("例外有效期须为今天或以后的日期。")})
    exception = HitException.objects.create(
        rule=review.rule, subject_kind=kind, subject_value=normalised(kind, offered[kind]), valid_until=until,
        reason=review.reason, note=review.note, review=review, created_by=acting_user)
    record(acting_user, "crosscheck.exception.add", exception, after=snapshot(exception, EXCEPTION_FIELDS))
    return exception


def _revoke(exception: HitException, acting_user, note: str) -> None:
    save_and_record(acting_user, "crosscheck.exception.revoke", exception, {
        "revoked_at": timezone.now(), "revoked_by_id": acting_user.id, "revoke_note": note[:200]},
        fields=("revoked_at", "revoked_by_id", "revoke_note"))


def require_exception_owner(user):
    return access.require_role(user, *EXCEPTION_OWNERS)


def visible_exceptions(user) -> QuerySet:
    require_exception_owner(user)
    return HitException.objects.select_related("created_by", "revoked_by", "review__clue")


def do_revoke_exception(exception_id: int, *, acting_user, expected_version: int, note: str = "") -> HitException:
    with transaction.atomic():
        exception = access.one_visible(visible_exceptions(acting_user), exception_id, for_update=True)
        check_version(exception, expected_version)
        if exception.is_revoked:
            raise ValidationError({"exception": _("该例外已撤销。")})
        _revoke(exception, acting_user, note.strip() or _("人工撤销"))
    return exception


def active_exclusions(as_of: date) -> list[Exclusion]:
    """The exceptions a run on `as_of` honours, as the engine's plain data."""
    rows = HitException.objects.filter(revoked_at__isnull=True, valid_until__gte=as_of)
    return [Exclusion(e.rule, e.subject_kind, e.subject_value, e.valid_until, ref=e.id) for e in rows]


def excluded_rows(result) -> list[dict]:
    """A run's record of the hits its exceptions left out (CrosscheckRun.excluded)."""
    return [{"key": hit.key, "rule": hit.rule, "exception": exclusion.ref} for hit, exclusion in result.excluded]
