"""The 问责 sheet (ledger.md §5): one row per accountability decision.

问责编号 is unique: a row naming one that exists updates it, an empty one gets the next
WZ<year><4 digits> of its 决定日期's year (qingfeng.cases.numbers; numbers of that scheme
given in the file move the counter past them). On an update an empty cell keeps what
the record holds, as on the first sheet. The checks between columns (问责方式 of the
target type, 是否主要负责人 only for a 领导干部) run on the values the record would
have. 所属乡镇 is resolved like the first sheet's; empty means a county department,
scoped to the county (owner = county root). 关联线索编号, when given, must name a clue
on the platform (the ledger sheet is written first).

Written after the ledger sheet, in one transaction with a savepoint, retried row by row
(each in its own savepoint) if the database refuses it; one audit entry per created or
changed record ("accountability.ledger_import" / "accountability.ledger_update").
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record_many
from qingfeng.cases import measures as m
from qingfeng.cases import numbers
from qingfeng.cases.models import Accountability
from qingfeng.clues.ledger import sheet_columns as sc
from qingfeng.clues.ledger.parse import PlaceIndex
from qingfeng.clues.ledger.read import Sheet
from qingfeng.clues.ledger.report import SheetReport
from qingfeng.clues.ledger.sheet_records import (
    apply_changes,
    changes_of,
    count_outcome,
    new_outcome,
    snapshot,
)
from qingfeng.clues.ledger.sheet_rows import RowValues, merged_extra, parse_sheet
from qingfeng.clues.models import Clue
from qingfeng.core import bulk
from qingfeng.places.models import Jurisdiction

FIELDS = ["decided_on", "target_type", "target", "post", "township_id", "owner_id", "principal", "responsibility",
          "measure", "reason", "clue_id", "extra"]
SAVE_FIELDS = [*FIELDS, "version", "updated_at"]
AUDIT_FIELDS = ["no", *FIELDS, "version"]
REQUIRED = {"decided_on": "决定日期", "target_type": "问责对象类型", "target": "问责对象", "responsibility": "责任类型",
            "measure": "问责方式"}
new_record = bulk.factory(Accountability)


@dataclass
class AccountabilityRow:
    row: int
    no: str = ""
    values: dict = field(default_factory=dict)  # field -> value, for the cells given
    township_given: bool = False
    township: Jurisdiction | None = None
    clue_no: str = ""
    extra: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def parse_rows(sheet: Sheet, places: PlaceIndex) -> tuple[list[AccountabilityRow], SheetReport]:
    return parse_sheet(sheet, sc.ACCOUNTABILITY_SHEET, sc.ACCOUNTABILITY_COLUMNS,
                       lambda layout, row, cells: parse_row(layout, row, cells, places))


def parse_row(layout: sc.Layout, row: int, cells: list, places: PlaceIndex) -> AccountabilityRow:
    r = RowValues(layout, sc.ACCOUNTABILITY_COLUMNS, cells)
    a = AccountabilityRow(row=row)
    a.no = r.text("no", Accountability, "no")
    values = {
        "decided_on": r.date("decided_on", Accountability, "decided_on"),
        "target_type": r.choice("target_type", tuple(m.TargetType.values)),
        "target": r.text("target", Accountability, "target"),
        "post": r.text("post", Accountability, "post"),
        "principal": r.yes_no("principal"),
        "responsibility": r.choice("responsibility", tuple(m.Responsibility.values)),
        "measure": r.text("measure", Accountability, "measure"),
        "reason": r.text("reason", Accountability, "reason", multiline=True),
    }
    township = r.text("township", Jurisdiction, "name")
    if township:
        a.township_given = True
        try:
            a.township = places.township(township)
        except ValueError as e:
            r.problems.append(("所属乡镇", str(e)))
    a.clue_no = r.text("clue_no", Clue, "clue_no")
    a.extra = r.extra()
    a.values = {name: value for name, value in values.items() if name in r.given}
    a.problems = r.problems
    return a


def rule_problems(values: dict) -> list[tuple[str, str]]:
    """(column, reason) for what the record's values (FIELDS) break."""
    problems = [(zh, _("%(column)s不能为空") % {"column": zh}) for name, zh in REQUIRED.items() if not values.get(name)]
    target_type, measure = values.get("target_type"), values.get("measure")
    if target_type and measure and measure not in m.ACCOUNTABILITY_MEASURES[target_type]:
        problems.append(("问责方式", _("问责对象为%(type)s时，问责方式应为 %(choices)s 之一，而不是：%(value)s") % {
            "type": target_type, "choices": "、".join(m.ACCOUNTABILITY_MEASURES[target_type]), "value": measure}))
    if values.get("principal") and target_type == m.TargetType.ORGANISATION:
        problems.append(("是否主要负责人", _("是否主要负责人只适用于领导干部，问责对象为党组织时应为“否”或留空")))
    return problems


def import_rows(rows: list[AccountabilityRow], report: SheetReport, *, acting_user, root: Jurisdiction) -> None:
    if rows:
        with transaction.atomic():
            try:
                with transaction.atomic():  # savepoint: the whole sheet, or nothing of it
                    count_outcome(report, _write(rows, acting_user, root))
            except DatabaseError:
                for a in rows:
                    try:
                        with transaction.atomic():  # savepoint per row
                            outcome = _write([a], acting_user, root)
                    except DatabaseError as e:
                        report.reject(a.row, [("问责编号", _("数据库拒绝保存该行：%(error)s") % {"error": e})])
                        continue
                    count_outcome(report, outcome)
    report.problems.sort(key=lambda problem: problem[0])


def _write(rows: list[AccountabilityRow], acting_user, root: Jurisdiction) -> dict:
    outcome = new_outcome()
    given = {a.no for a in rows if a.no}
    records = {r.no: r for r in Accountability.objects.select_for_update().filter(no__in=given)}
    clue_nos = {a.clue_no for a in rows if a.clue_no}
    clues = dict(Clue.objects.filter(clue_no__in=clue_nos).values_list("clue_no", "id"))
    new, changed, audit = [], {}, []
    for a in rows:
        problems = []
        values = dict(a.values)
        if a.township_given:
            values["township_id"] = a.township.id
            values["owner_id"] = a.township.id
        if a.clue_no:
            if a.clue_no in clues:
                values["clue_id"] = clues[a.clue_no]
            else:
                problems.append(("关联线索编号", _("未知的线索编号：%(no)s（台账表和平台上都没有这条线索）") % {"no": a.clue_no}))
        record = records.get(a.no) if a.no else None
        merged = {name: values[name] if name in values else (getattr(record, name) if record else None)
                  for name in FIELDS}
        problems += rule_problems(merged)
        if problems:
            outcome["rejected"].append((a.row, problems))
            continue
        if record is None:
            fresh = {"principal": False, "owner_id": root.id, **values}
            record = new_record(no=a.no, extra=merged_extra({}, a.extra), created_by_id=getattr(acting_user, "pk", None),
                                **fresh)
            if a.no:
                records[a.no] = record
            new.append(record)
            outcome["imported"] += 1
            audit.append(("accountability.ledger_import", record, None))
            continue
        outcome["updated"] += 1
        changes = changes_of(record, values, a.extra)
        if not changes:
            outcome["unchanged"] += 1
            continue
        before = snapshot(record, AUDIT_FIELDS)
        apply_changes(record, changes)
        record.updated_at = timezone.now()
        if record.pk is not None:
            changed[record.pk] = record
        audit.append(("accountability.ledger_update", record, before))
    _number(new)
    bulk.insert(Accountability, new)
    Accountability.objects.bulk_update(changed.values(), SAVE_FIELDS, batch_size=500)
    record_many(acting_user, [(action, r, before, snapshot(r, AUDIT_FIELDS)) for action, r, before in audit])
    return outcome


def _number(new: list[Accountability]) -> None:
    numbers.note_given_accountability_nos(record.no for record in new)
    by_year: dict[int, list] = {}
    for record in new:
        if not record.no:
            by_year.setdefault(record.decided_on.year, []).append(record)
    for year, records in by_year.items():
        for record, no in zip(records, numbers.reserve_accountability_nos(year, len(records))):
            record.no = no

