"""Audited changes of 巡察整改, one `do_*` per action: one transaction, the permission
check, the row locked and its version checked, one audit entry.

A problem that shows wrongdoing becomes a clue through `do_transfer_to_clue`, which calls
the clue intake action (qingfeng.clues.actions.do_create_clue) with source 巡察移交 — there
is no second way of creating clues here.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import CATEGORIES, Source
from qingfeng.core import checks
from qingfeng.core.versioning import Conflict, check_version
from qingfeng.inspections import access
from qingfeng.inspections.models import (
    TEXT_MAX,
    Problem,
    Round,
    RuleEstablished,
    Suggestion,
    Target,
)
from qingfeng.places.models import Jurisdiction

__all__ = ["Conflict", "do_create_round", "do_update_round", "do_add_target", "do_add_problem",
           "do_report_rectification", "do_verify_rectification", "do_transfer_to_clue", "do_add_suggestion",
           "do_add_rule"]

ROUND_FIELDS = ("year", "number", "kind", "title", "started_on", "ended_on", "note")
TARGET_FIELDS = ("round_id", "village_id", "department_id", "unit_name", "organisation", "extended")
PROBLEM_FIELDS = ("target_id", "description", "immediate", "fed_back_on", "due_on", "status", "rectification",
                  "money_returned", "reported_on", "reported_by_id", "verified_on", "verified_by_id",
                  "verification_note", "clue_id")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _at_version(row, expected_version: int | None):
    """`row` (locked) at the version the user saw; an edit without one is refused like a stale one.
    (The problem actions' forms require the version; the demo loader calls them with None.)"""
    if expected_version is None:
        raise Conflict(row.version)
    return check_version(row, expected_version)


def _round_values(year, number, kind, title, started_on, ended_on, note, today) -> dict:
    if kind not in Round.Kind.values:
        raise ValidationError({"kind": _("请选择巡察类型。")})
    if not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise ValidationError({"year": _("年度不正确。")})
    if not isinstance(number, int) or not 1 <= number <= 99:
        raise ValidationError({"number": _("轮次应在 1 到 99 之间。")})
    started_on = checks.day("started_on", started_on)
    ended_on = checks.day("ended_on", ended_on, required=False)
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("结束日期不能早于进驻日期。")})
    return {"year": year, "number": number, "kind": kind, "title": checks.text("title", title, 100, required=False),
            "started_on": started_on, "ended_on": ended_on,
            "note": checks.text("note", note, TEXT_MAX, required=False, multiline=True)}


def do_create_round(*, acting_user, year: int, number: int, kind: str, started_on: date, ended_on=None,
                    title: str = "", note: str = "", today: date | None = None) -> Round:
    access.require_office(acting_user)
    values = _round_values(year, number, kind, title, started_on, ended_on, note, _today(today))
    with transaction.atomic():
        if Round.objects.filter(year=values["year"], number=values["number"]).exists():
            raise ValidationError({"number": _("该年度已有这一轮巡察。")})
        try:
            with transaction.atomic():
                inspection_round = Round.objects.create(created_by=acting_user, **values)
        except IntegrityError:
            raise ValidationError({"number": _("该年度已有这一轮巡察。")}) from None
        record(acting_user, "inspection.round.create", inspection_round, after=snapshot(inspection_round, ROUND_FIELDS))
    return inspection_round


def do_update_round(round_id: int, *, acting_user, expected_version: int, year: int, number: int,
                    kind: str, started_on: date, ended_on=None, title: str = "", note: str = "",
                    today: date | None = None) -> Round:
    access.require_office(acting_user)
    values = _round_values(year, number, kind, title, started_on, ended_on, note, _today(today))
    with transaction.atomic():
        inspection_round = _at_version(access.access_round_by_id(acting_user, round_id, for_update=True),
                                       expected_version)
        if Round.objects.filter(year=values["year"], number=values["number"]).exclude(id=inspection_round.id).exists():
            raise ValidationError({"number": _("该年度已有这一轮巡察。")})
        save_and_record(acting_user, "inspection.round.update", inspection_round, values)
    return inspection_round


def do_add_target(round_id: int, *, acting_user, village: Jurisdiction | None = None, department=None,
                  unit_name: str = "", organisation: str = "", extended: bool = False) -> Target:
    """One inspected party organisation: exactly one of a village, a department or a unit's name."""
    access.require_office(acting_user)
    unit_name = checks.text("unit_name", unit_name, 100, required=False)
    organisation = checks.text("organisation", organisation, 100, required=False)
    if sum(x is not None and x != "" for x in (village, department, unit_name)) != 1:
        raise ValidationError({"village": _("请选择一个村（居）、一个部门或填写一个其他单位（只填一项）。")})
    if village is not None and village.level != Jurisdiction.Level.VILLAGE:
        raise ValidationError({"village": _("被巡察的村（居）须是村一级。")})
    with transaction.atomic():
        inspection_round = access.access_round_by_id(acting_user, round_id, for_update=True)
        duplicate = (Target.objects.filter(round=inspection_round, village=village).exists() if village else
                     Target.objects.filter(round=inspection_round, department=department).exists() if department else False)
        if duplicate:
            raise ValidationError({"village": _("本轮巡察已有该对象。")})
        target = Target.objects.create(round=inspection_round, village=village, department=department, unit_name=unit_name,
                                       organisation=organisation, extended=extended)
        record(acting_user, "inspection.target.add", target, after=snapshot(target, TARGET_FIELDS))
    return target


def do_add_problem(target_id: int, *, acting_user, description: str, fed_back_on: date, due_on: date,
                   immediate: bool = False, today: date | None = None) -> Problem:
    """A problem fed back to the target, with its rectification deadline (a date: the seed
    names no working-day rule for it)."""
    access.require_office(acting_user)
    description = checks.text("description", description, TEXT_MAX, multiline=True)
    fed_back_on = checks.day("fed_back_on", fed_back_on, not_after=_today(today))
    due_on = checks.day("due_on", due_on)
    if due_on < fed_back_on:
        raise ValidationError({"due_on": _("整改时限不能早于反馈日期。")})
    with transaction.atomic():
        target = access.access_target_by_id(acting_user, target_id, for_update=True)
        problem = Problem.objects.create(target=target, description=description, immediate=bool(immediate),
                                         fed_back_on=fed_back_on, due_on=due_on)
        record(acting_user, "inspection.problem.add", problem, after=snapshot(problem, PROBLEM_FIELDS))
    return problem


def _save(problem: Problem, changes: dict, acting_user, action: str, extra: dict | None = None) -> Problem:
    save_and_record(acting_user, action, problem, changes, after_extra=extra)
    return problem


def do_report_rectification(problem_id: int, *, acting_user, expected_version: int | None, rectification: str,
                            money_returned=0, reported_on: date | None = None,
                            today: date | None = None) -> Problem:
    """The responsible organisation reports what it did (整改情况) and the money it returned;
    the office then verifies it."""
    text = checks.text("rectification", rectification, TEXT_MAX, multiline=True)
    money = checks.amount("money_returned", money_returned)
    reported_on = checks.day("reported_on", reported_on or _today(today), not_after=_today(today))
    with transaction.atomic():
        problem = check_version(access.access_problem_by_id(acting_user, problem_id, for_update=True),
                                expected_version)
        access.require_answers_for(acting_user, problem.target)
        if problem.status == Problem.Status.VERIFIED:
            raise ValidationError({"rectification": _("该问题已核实整改，不能再报告。")})
        if reported_on < problem.fed_back_on:
            raise ValidationError({"reported_on": _("报告日期不能早于反馈日期。")})
        changes = {"status": Problem.Status.REPORTED, "rectification": text, "money_returned": money,
                   "reported_on": reported_on, "reported_by_id": acting_user.id}
        return _save(problem, changes, acting_user, "inspection.problem.report")


def do_verify_rectification(problem_id: int, *, acting_user, expected_version: int | None, accept: bool,
                            note: str = "", rectification: str = "", money_returned=None,
                            today: date | None = None) -> Problem:
    """The office verifies a reported rectification (已整改) or sends it back (待整改, with the
    reason). A 立行立改 problem fixed on the spot may be verified at once: the office records
    what was done (`rectification`) itself."""
    access.require_office(acting_user)
    note = checks.text("note", note, TEXT_MAX, required=not accept, multiline=True)
    on = _today(today)
    with transaction.atomic():
        problem = check_version(access.access_problem_by_id(acting_user, problem_id, for_update=True),
                                expected_version)
        changes = {}
        if problem.status == Problem.Status.VERIFIED:
            raise ValidationError({"note": _("该问题已核实整改。")})
        if problem.status == Problem.Status.OPEN:
            if not (accept and problem.immediate):
                raise ValidationError({"note": _("整改情况尚未报告；只有立行立改的问题可以当场核实。")})
            changes.update(rectification=checks.text("rectification", rectification, TEXT_MAX, multiline=True),
                           reported_on=on, reported_by_id=acting_user.id)
            if money_returned is not None:
                changes["money_returned"] = checks.amount("money_returned", money_returned)
        if accept:
            changes.update(status=Problem.Status.VERIFIED, verified_on=on, verified_by_id=acting_user.id,
                           verification_note=note)
            return _save(problem, changes, acting_user, "inspection.problem.verify")
        changes.update(status=Problem.Status.OPEN, verification_note=note)
        return _save(problem, changes, acting_user, "inspection.problem.return")


def do_transfer_to_clue(problem_id: int, *, acting_user, expected_version: int | None, category: str = "",
                        subject: str = "", subject_post: str = "", summary: str = "",
                        today: date | None = None):
    """巡察移交: the problem becomes a clue (source 巡察移交) through the clue intake action,
    linked both ways (problem.clue, clue.inspection_problem). Returns the clue."""
    access.require_office(acting_user)
    if category and category not in CATEGORIES:
        raise ValidationError({"category": _("请选择问题类别。")})
    with transaction.atomic():
        problem = check_version(access.access_problem_by_id(acting_user, problem_id, for_update=True),
                                expected_version)
        if problem.clue_id is not None:
            raise ValidationError({"summary": _("该问题已移交为线索 %(no)s。") % {"no": problem.clue.clue_no}})
        target = problem.target
        village = target.village
        township = village.township() if village is not None else None
        organisation = str(target)
        text = (summary or "").strip() or _("%(round)s反馈问题（%(target)s）：%(problem)s") % {
            "round": target.round, "target": organisation, "problem": problem.description}
        # department stays empty: 移送部门 names a department that transfers a clue (部门移送), and an
        # inspected department is the subject of the problem, not its sender.
        clue, _created = do_create_clue(
            acting_user=acting_user, received_on=_today(today), source=Source.INSPECTION, subject=subject,
            subject_post=subject_post or organisation, township=township, village=village,
            category=category, summary=text[:5000],
        )
        _save(problem, {"clue_id": clue.id}, acting_user, "inspection.problem.transfer", {"clue_no": clue.clue_no})
    return clue


def _side_record(round_id: int, acting_user, model, action: str, fields: tuple, values: dict):
    with transaction.atomic():
        inspection_round = access.access_round_by_id(acting_user, round_id, for_update=True)
        obj = model.objects.create(round=inspection_round, **values)
        record(acting_user, action, obj, after=snapshot(obj, fields))
    return obj


def _unit(department, unit_name: str) -> str:
    unit_name = checks.text("unit_name", unit_name, 100, required=False)
    if (department is None) == (not unit_name):
        raise ValidationError({"department": _("请选择一个部门或填写一个其他单位（只填一项）。")})
    return unit_name


def do_add_suggestion(round_id: int, *, acting_user, text: str, made_on: date, department=None,
                      unit_name: str = "", today: date | None = None) -> Suggestion:
    """意见建议 to a department (or another unit), recorded against the round."""
    access.require_office(acting_user)
    values = {"department": department, "unit_name": _unit(department, unit_name),
              "text": checks.text("text", text, TEXT_MAX, multiline=True),
              "made_on": checks.day("made_on", made_on, not_after=_today(today))}
    return _side_record(round_id, acting_user, Suggestion, "inspection.suggestion.add",
                        ("round_id", "department_id", "unit_name", "text", "made_on"), values)


def do_add_rule(round_id: int, *, acting_user, title: str, established_on: date, department=None,
                unit_name: str = "", today: date | None = None) -> RuleEstablished:
    """建章立制: a rule a unit established at the round's urging."""
    access.require_office(acting_user)
    values = {"department": department, "unit_name": _unit(department, unit_name),
              "title": checks.text("title", title, 200),
              "established_on": checks.day("established_on", established_on, not_after=_today(today))}
    return _side_record(round_id, acting_user, RuleEstablished, "inspection.rule.add",
                        ("round_id", "department_id", "unit_name", "title", "established_on"), values)
