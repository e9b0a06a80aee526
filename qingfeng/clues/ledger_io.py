"""Ledger exchange (shared/spec/ledger.md §1): import a county's Excel/CSV ledger.

Every row read is imported, updated or rejected with (row, column, reason); the
three always add up. A row whose 线索编号 exists — in the database or earlier in
the same file — updates that clue, so importing a file twice duplicates nothing.

Rows are written in batches, one transaction per batch, with one audit entry per
created or changed clue. A batch the database refuses as a whole (say another
user took a generated number meanwhile) is retried row by row, so a bad row never
takes good ones with it and no row is ever half-written.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from qingfeng.audit.trail import record_many, snapshot
from qingfeng.clues import ledger_columns as lc
from qingfeng.clues.ledger_export import export_ledger  # noqa: F401  (the other half of the exchange)
from qingfeng.clues.ledger_numbers import ClueNumbers
from qingfeng.clues.ledger_parse import HeaderMap, ParsedRow, PlaceIndex, parse_row
from qingfeng.clues.ledger_read import LedgerFileError, read_ledger
from qingfeng.clues.ledger_rules import check_clue, default_state
from qingfeng.clues.stages import agreeing_stage
from qingfeng.clues.models import Clue, Reporter
from qingfeng.places.models import Jurisdiction

BATCH_SIZE = 500
# What the audit trail keeps of a clue. The reporter's identity is confidential:
# only whether there is one is recorded.
AUDIT_FIELDS = ["clue_no", *lc.PLAIN_FIELDS, "township_id", "village_id", "owner_id", "reporter_id", "extra", "version"]
SAVE_FIELDS = [*lc.PLAIN_FIELDS, "stage", "township", "village", "owner", "reporter", "extra", "version", "updated_at"]
KEEP = object()  # reporter left as it is

__all__ = ["ImportReport", "LedgerFileError", "export_ledger", "import_ledger"]


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # of the updated rows, those that changed nothing
    rejected: int = 0
    problems: list = field(default_factory=list)  # (row, column, reason)

    def reject(self, row: int, problems) -> None:
        self.rejected += 1
        self.problems.extend((row, column, reason) for column, reason in problems)

    def lines(self) -> list[str]:
        out = [
            f"rows read 读取行数: {self.read}",
            f"imported 新增: {self.imported}",
            f"updated 更新: {self.updated}（其中无变化 {self.unchanged}）",
            f"rejected 拒绝: {self.rejected}",
        ]
        out += [f"第 {row} 行，{column}：{reason}" for row, column, reason in self.problems]
        return out


def import_ledger(source, *, acting_user=None, name: str = "", batch_size: int = BATCH_SIZE) -> ImportReport:
    """Import a ledger file (path, or an uploaded file object with its `name`)."""
    sheet = read_ledger(source, name)
    header = HeaderMap(sheet.headers)
    if not sheet.rows:
        return ImportReport()
    context = _Context(acting_user, PlaceIndex(), _county_root(), ClueNumbers())
    report = ImportReport(read=len(sheet.rows))
    for start in range(0, len(sheet.rows), batch_size):
        parsed = [parse_row(row, cells, header, context.places) for row, cells in sheet.rows[start:start + batch_size]]
        for p in parsed:
            if p.problems:
                report.reject(p.row, p.problems)
        _import_batch([p for p in parsed if not p.problems], context, report)
    report.problems.sort(key=lambda problem: problem[0])
    return report


@dataclass
class _Context:
    acting_user: object
    places: PlaceIndex
    root: Jurisdiction
    numbers: ClueNumbers


def _county_root() -> Jurisdiction:
    root = Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).first()
    if root is None:
        raise LedgerFileError("尚未建立县级辖区，无法导入台账")
    return root


def _import_batch(rows: list[ParsedRow], context: _Context, report: ImportReport) -> None:
    try:
        with transaction.atomic():
            outcome = _write(rows, context)
    except DatabaseError:
        for p in rows:
            try:
                with transaction.atomic():
                    one = _write([p], context)
            except DatabaseError as e:
                report.reject(p.row, [("线索编号", f"数据库拒绝保存该行：{e}")])
                continue
            _count(one, report)
        return
    _count(outcome, report)


def _count(outcome: "_Batch", report: ImportReport) -> None:
    report.imported += outcome.imported
    report.updated += outcome.updated
    report.unchanged += outcome.unchanged
    for row, problems in outcome.rejected:
        report.reject(row, problems)


class _Batch:
    """The clues one batch touches, written together at the end."""

    def __init__(self, rows: list[ParsedRow]):
        numbers = {p.clue_no for p in rows if p.clue_no}
        # of=self: PostgreSQL cannot lock the nullable side of the reporter join.
        found = Clue.objects.select_for_update(of=("self",)).select_related("reporter").filter(clue_no__in=numbers)
        self.clues: dict[str, Clue] = {c.clue_no: c for c in found}
        self.new: dict[str, Clue] = {}
        self.changed: dict[str, Clue] = {}
        self.new_reporters, self.changed_reporters, self.dropped_reporters = [], {}, []
        self.audit = []  # (action, clue, before, after)
        self.imported = self.updated = self.unchanged = 0
        self.rejected = []


def _write(rows: list[ParsedRow], context: _Context) -> _Batch:
    batch = _Batch(rows)
    for p in rows:
        _apply_row(p, batch, context)
    Reporter.objects.bulk_create(batch.new_reporters)
    Reporter.objects.bulk_update(batch.changed_reporters.values(), ["name", "contact"])
    new = list(batch.new.values())
    changed = [c for no, c in batch.changed.items() if no not in batch.new]
    for clue in (*new, *changed):  # rows set only the ledger state: move the finer stage to agree
        clue.stage = agreeing_stage(clue.stage, clue.state, disposal=clue.disposal, archived=clue.archived)
    Clue.objects.bulk_create(new)
    now = timezone.now()
    for clue in changed:
        clue.updated_at = now
    Clue.objects.bulk_update(changed, SAVE_FIELDS)
    Reporter.objects.filter(id__in=batch.dropped_reporters).delete()
    record_many(context.acting_user, [
        (action, clue, before, {**after, "reporter_id": clue.reporter_id} if after else after)
        for action, clue, before, after in batch.audit
    ])
    return batch


def _apply_row(p: ParsedRow, batch: _Batch, context: _Context) -> None:
    clue = batch.clues.get(p.clue_no) if p.clue_no else None
    is_new = clue is None
    if is_new:
        clue = Clue(clue_no=p.clue_no, owner=context.root, extra={})
    before_state, before_cache = clue.__dict__.copy(), dict(clue._state.fields_cache)
    before = None if is_new else snapshot(clue, AUDIT_FIELDS)
    for name, value in p.values.items():
        setattr(clue, name, value)
    default_state(clue)
    _apply_place(clue, p, context, is_new)
    if p.extra:
        merged = dict(clue.extra or {})
        for key, value in p.extra.items():
            if value:
                merged[key] = value
            else:
                merged.pop(key, None)
        clue.extra = merged
    problems = check_clue(clue)
    if problems:
        clue.__dict__.update(before_state)  # leave the clue exactly as it was
        clue._state.fields_cache = before_cache
        batch.rejected.append((p.row, problems))
        return
    reporter_changed = _apply_reporter(clue, p, batch)
    if not clue.clue_no:
        clue.clue_no = context.numbers.next(clue.received_on.year)
    batch.clues[clue.clue_no] = clue
    if is_new:
        batch.new[clue.clue_no] = clue
        batch.changed[clue.clue_no] = clue
        batch.imported += 1
        batch.audit.append(("clue.ledger_import", clue, None, snapshot(clue, AUDIT_FIELDS)))
        return
    batch.updated += 1
    after = snapshot(clue, AUDIT_FIELDS)
    if after == before and not reporter_changed:
        batch.unchanged += 1  # importing the same row again changes nothing
        return
    clue.version = (clue.version or 0) + 1  # rows are locked (select_for_update) for this transaction
    batch.changed[clue.clue_no] = clue
    batch.audit.append(("clue.ledger_update", clue, before, snapshot(clue, AUDIT_FIELDS)))


def _apply_place(clue: Clue, p: ParsedRow, context: _Context, is_new: bool) -> None:
    if not p.has_place:
        return
    if is_new or clue.township_id != (p.township.id if p.township else None):
        # The owner follows the township named in the ledger; otherwise the workflow's owner stands.
        clue.owner = p.township or context.root
    clue.township, clue.village = p.township, p.village


def _apply_reporter(clue: Clue, p: ParsedRow, batch: _Batch) -> bool:
    """Set the reporter the row asks for; True when something changed."""
    target = _reporter_target(p, clue.reporter)
    if target is KEEP:
        return False
    if target is None:
        if clue.reporter is None:
            return False
        if clue.reporter.pk:
            batch.dropped_reporters.append(clue.reporter.pk)
        clue.reporter = None
        return True
    name, contact = target
    reporter = clue.reporter
    if reporter is None:
        reporter = Reporter(name=name, contact=contact)
        batch.new_reporters.append(reporter)
        clue.reporter = reporter
        return True
    if (reporter.name, reporter.contact) == (name, contact):
        return False
    reporter.name, reporter.contact = name, contact
    if reporter.pk:
        batch.changed_reporters[reporter.pk] = reporter
    return True


def _reporter_target(p: ParsedRow, current: Reporter | None):
    """KEEP, None (anonymous, no reporter) or (name, contact).

    An empty 反映人 cell on a clue that has a reporter keeps it: exports for users
    who may not see reporters leave the cell empty, and re-importing such a file must
    not erase anyone. 匿名 says explicitly that the reporter is anonymous. An
    anonymous reporter who left a contact keeps it, under the name 匿名."""
    if p.reporter is None and p.contact is None:
        return KEEP
    name = p.reporter or ""
    contact = p.contact if p.contact is not None else (current.contact if current else "")
    if name == lc.ANONYMOUS or (not name and current is None):
        return (lc.ANONYMOUS, contact) if contact else None
    if not name:
        return (current.name, contact) if p.contact else KEEP
    return (name, contact)
