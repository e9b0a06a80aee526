"""Writing a read ledger sheet into the clues (shared/spec/ledger.md §1).

Every row read is imported, updated or rejected with (row, column, reason); the
three always add up. A row whose 线索编号 exists — in the database or earlier in
the same file — updates that clue, so importing a file twice duplicates nothing.

A row is checked (`rules.check`) on the values the clue would have before it
touches the clue, so a rejected row leaves nothing to undo. On an existing clue an
empty cell keeps what the clue holds (an export leaves cells empty, and a sheet
may simply not know a value), and the reporter's identity is changed only by a
user who may see it (qingfeng.clues.access.can_see_reporter) — or on a clue the
same import created. Rows are written in
batches, one transaction per batch, with bulk inserts and updates and one audit
entry per created or changed clue. A batch the database refuses as a whole is
rolled back to its savepoint and retried row by row, each row in its own
savepoint, so a bad row never takes good ones with it and no row is ever
half-written.
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record_many
from qingfeng.cases.models import Campaign
from qingfeng.clues import numbers, validation
from qingfeng.clues.access import can_see_reporter
from qingfeng.clues.ledger import columns as lc
from qingfeng.clues.ledger import rules
from qingfeng.clues.ledger.parse import HeaderMap, ParsedRow, PlaceIndex, RowParser
from qingfeng.clues.ledger.read import Sheet
from qingfeng.clues.ledger.report import ImportReport
from qingfeng.clues.ledger.sheet_rows import merged_extra
from qingfeng.clues.models import Clue, Reporter
from qingfeng.clues.stages import agreeing_stage
from qingfeng.core import bulk
from qingfeng.places.models import Jurisdiction

BATCH_SIZE = 5000
DB_BATCH = 500  # rows per UPDATE statement
# What the audit trail keeps of a clue. The reporter's identity is confidential:
# only whether there is one is recorded.
AUDIT_FIELDS = ["clue_no", *lc.PLAIN_FIELDS, "township_id", "village_id", "owner_id", "reporter_id", "campaign_id",
                "extra", "version"]
SAVE_FIELDS = [*lc.PLAIN_FIELDS, "stage", "township", "village", "owner", "reporter", "campaign", "extra", "version",
               "updated_at"]
NEW_CLUE = {name: Clue._meta.get_field(name).get_default() for name in rules.FIELDS}
_TYPES = {f.attname: f.get_internal_type() for f in Clue._meta.concrete_fields}
AUDIT_DATES = [name for name in AUDIT_FIELDS if _TYPES[name] == "DateField"]
AUDIT_DECIMALS = [name for name in AUDIT_FIELDS if _TYPES[name] == "DecimalField"]
new_clue, new_reporter = bulk.factory(Clue), bulk.factory(Reporter)
KEEP = object()  # reporter left as it is
FIELD_COLUMN = {c.field: c.zh for c in lc.COLUMNS if c.field}
COLUMN_FIELD = {c.zh: c.field for c in lc.COLUMNS if c.field}


@contextmanager
def without_cyclic_gc():
    """A county ledger makes millions of short-lived objects and no reference cycles;
    the cycle collector's repeated passes over the growing heap took a quarter of
    the import. Reference counting still frees everything; cycles wait until after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_sheet(sheet: Sheet, *, acting_user, root: Jurisdiction, persons_counts: dict, places: PlaceIndex,
                 given_counts: dict, batch_size: int = BATCH_SIZE) -> ImportReport:
    """`persons_counts`: clue number -> the six counts its persons handled give (ledger.md
    §4). Those win over the row's cells: a given cell that disagrees is reported (row,
    column, reason) and the clue is written with the persons' values — so importing the
    workbook again changes nothing. What the cells said is put in `given_counts` (clue
    number -> field -> value), for a clue whose persons the database then refuses."""
    report = ImportReport(read=len(sheet.rows))
    if not sheet.rows:
        return report
    parser = RowParser(HeaderMap(sheet.headers, sheet.header_row, sheet.name), places)
    context = _Context(acting_user, root)
    for start in range(0, len(sheet.rows), batch_size):
        good = []
        for row, cells in sheet.rows[start:start + batch_size]:
            parsed = parser.parse(row, cells)
            if parsed.problems:
                report.reject(parsed.row, parsed.problems)
                continue
            if parsed.clue_no in persons_counts:
                given_counts[parsed.clue_no] = _persons_win(parsed, persons_counts[parsed.clue_no], report)
            good.append(parsed)
        _import_batch(good, context, report)
    report.problems.sort(key=lambda problem: problem[0])
    return report


def _persons_win(p: ParsedRow, counts: dict, report: ImportReport) -> dict:
    """The clue's six counts follow from its persons: a cell given that disagrees is noted.
    Returns what the row's filled-in cells gave for those counts."""
    blank = p.blank
    given = {name: p.values[name] for name in counts if name in p.values and name not in blank}
    for name, value in counts.items():
        if name in given and given[name] != value:
            report.note(p.row, FIELD_COLUMN[name], _(
                "填写的是 %(given)s，按“处理人员”表计算为 %(persons)s，以处理人员为准") % {
                "given": given[name], "persons": value})
        p.values[name] = value
    return given


@dataclass
class _Context:
    acting_user: object
    root: Jurisdiction
    created: set = field(default_factory=set)  # clue numbers (given in the file) this import created
    campaigns: dict | None = None  # name -> id, of the campaigns in the database (loaded once)

    def may_change_reporter(self, clue: Clue) -> bool:
        if self.acting_user is None or clue.pk is None or clue.clue_no in self.created:
            return True
        return can_see_reporter(self.acting_user, clue)


def _import_batch(rows: list[ParsedRow], context: _Context, report: ImportReport) -> None:
    if not rows:
        return
    with transaction.atomic():
        campaigns = dict(context.campaigns or {})  # what a rolled-back savepoint takes back with it
        try:
            with transaction.atomic():  # savepoint: the whole batch, or nothing of it
                _count(_write(rows, context), report)
                return
        except DatabaseError:
            context.campaigns = campaigns
        for p in rows:
            campaigns = dict(context.campaigns)
            try:
                with transaction.atomic():  # savepoint per row
                    one = _write([p], context)
            except DatabaseError as e:
                context.campaigns = campaigns
                report.reject(p.row, [("线索编号", _("数据库拒绝保存该行：%(error)s") % {"error": e})])
                continue
            _count(one, report)


def _count(outcome: "_Batch", report: ImportReport) -> None:
    report.imported += outcome.imported
    report.updated += outcome.updated
    report.unchanged += outcome.unchanged
    report.reporters_kept += outcome.reporters_kept
    for row, problems in outcome.rejected:
        report.reject(row, problems)


class _Batch:
    """The clues one batch touches, written together at the end."""

    def __init__(self, rows: list[ParsedRow]):
        given = {p.clue_no for p in rows if p.clue_no}
        # of=self: PostgreSQL cannot lock the nullable side of the reporter join.
        found = Clue.objects.select_for_update(of=("self",)).select_related("reporter").filter(clue_no__in=given)
        self.clues: dict[str, Clue] = {c.clue_no: c for c in found}
        self.new: list[Clue] = []
        self.changed: dict[int, Clue] = {}  # existing clues by id
        self.new_reporters, self.changed_reporters, self.dropped_reporters = [], {}, []
        self.reporters: dict[str, Reporter | None] = {}  # clue_no -> reporter given in this batch
        self.linked = []  # (clue, reporter given in this batch, or None): reporter_id once written
        self.audit = []  # (action, clue, before, after), after as of the row
        self.imported = self.updated = self.unchanged = self.reporters_kept = 0
        self.rejected = []


def _write(rows: list[ParsedRow], context: _Context) -> _Batch:
    batch = _Batch(rows)
    for p in rows:
        _apply_row(p, batch, context)
    _number(batch.new)
    bulk.insert(Reporter, batch.new_reporters)
    Reporter.objects.bulk_update(batch.changed_reporters.values(), ["name", "contact"], batch_size=DB_BATCH)
    for clue, reporter in batch.linked:  # in row order: the last row's reporter stands
        clue.reporter_id = reporter.pk if reporter is not None else None
    changed = list(batch.changed.values())
    for clue in (*batch.new, *changed):  # rows set only the ledger state: move the finer stage to agree
        clue.stage = agreeing_stage(clue.stage, clue.state, disposal=clue.disposal, archived=clue.archived)
    bulk.insert(Clue, batch.new)
    now = timezone.now()
    for clue in changed:
        clue.updated_at = now
    Clue.objects.bulk_update(changed, SAVE_FIELDS, batch_size=DB_BATCH)
    Reporter.objects.filter(id__in=batch.dropped_reporters).delete()
    for action, clue, _before, after in batch.audit:  # known only now
        if action.startswith("clue."):
            after["clue_no"], after["reporter_id"] = clue.clue_no, clue.reporter_id
    record_many(context.acting_user, batch.audit)
    return batch


def _number(new: list[Clue]) -> None:
    """Numbers for new clues whose row had none, from the per-year counter; numbers
    of the XS scheme that came in the file move the counter past them first."""
    numbers.note_given_numbers(c.clue_no for c in new if c.clue_no)
    by_year: dict[int, list[Clue]] = {}
    for clue in new:
        if not clue.clue_no:
            by_year.setdefault(clue.received_on.year, []).append(clue)
    for year, clues in by_year.items():
        for clue, clue_no in zip(clues, numbers.reserve_clue_nos(year, len(clues))):
            clue.clue_no = clue_no


def _apply_row(p: ParsedRow, batch: _Batch, context: _Context) -> None:
    clue = batch.clues.get(p.clue_no) if p.clue_no else None
    values = p.values
    blank = p.blank if clue is not None else set()
    if blank:  # an empty cell never erases what the clue holds
        values = {name: value for name, value in values.items() if name not in blank}
    checked = {name: values[name] if name in values else (getattr(clue, name) if clue else NEW_CLUE[name])
               for name in rules.FIELDS}
    checked["state"] = rules.state_or_default(checked["state"])
    problems = rules.check(checked)
    if clue is None:  # what a new clue needs, whichever way it comes in (the rules check the rest)
        missing = validation.required_errors({"summary": values.get("summary"), "source": checked["source"]})
        problems += [(FIELD_COLUMN[name], message) for name, message in missing.items() if name not in rules.FIELDS]
    elif blank:
        problems = [(column, reason + _("（该单元格为空，沿用线索已有的值：空单元格不会清除已有的值）"))
                    if COLUMN_FIELD.get(column) in blank else (column, reason) for column, reason in problems]
    if problems:
        batch.rejected.append((p.row, problems))
        return
    current_state = values["state"] if "state" in values else (clue.state if clue else NEW_CLUE["state"])
    if checked["state"] != current_state:
        values = {**values, "state": checked["state"]}
    if p.campaign:  # an empty cell keeps the clue's campaign
        values = {**values, "campaign_id": _campaign_id(p.campaign, batch, context)}
    if clue is None:
        _create(p, values, batch, context)
    else:
        _update(clue, p, values, batch, context)


def _campaign_id(name: str, batch: "_Batch", context: _Context) -> int:
    """The campaign named `name`; one the platform does not know yet is created (without a
    year or quarter: leadership places it later) and audited."""
    if context.campaigns is None:
        context.campaigns = dict(Campaign.objects.values_list("name", "id"))
    if name not in context.campaigns:
        campaign = Campaign.objects.create(name=name, created_by=context.acting_user)
        context.campaigns[name] = campaign.pk
        batch.audit.append(("campaign.ledger_create", campaign, None, {"name": name, "year": None, "quarter": None}))
    return context.campaigns[name]


def _create(p: ParsedRow, values: dict, batch: _Batch, context: _Context) -> None:
    township = p.township if p.has_place else None
    clue = new_clue(clue_no=p.clue_no, owner_id=(township or context.root).id, extra=merged_extra({}, p.extra),
                    township_id=township.id if township else None,
                    village_id=p.village.id if p.has_place and p.village else None, **values)
    _apply_reporter(clue, None, _reporter_target(p, None), batch)
    if clue.clue_no:
        batch.clues[clue.clue_no] = clue
        context.created.add(clue.clue_no)
    batch.new.append(clue)
    batch.imported += 1
    batch.audit.append(("clue.ledger_import", clue, None, _snapshot(clue)))


def _update(clue: Clue, p: ParsedRow, values: dict, batch: _Batch, context: _Context) -> None:
    batch.updated += 1
    changes = {name: value for name, value in values.items() if getattr(clue, name) != value}
    if p.has_place:  # a place cell was filled in; two empty ones keep the clue's place
        township_id = p.township.id if p.township else None
        village_id = p.village.id if p.village else None
        if not p.village_given and township_id == clue.township_id:
            village_id = clue.village_id  # an empty 所属村 keeps the village, within the same township
        if clue.township_id != township_id:
            # The owner follows the township named in the ledger; otherwise the workflow's owner stands.
            changes["owner_id"] = (p.township or context.root).id
        if clue.township_id != township_id or clue.village_id != village_id:
            changes["township_id"], changes["village_id"] = township_id, village_id
    extra = merged_extra(clue.extra, p.extra)
    if extra != (clue.extra or {}):
        changes["extra"] = extra
    current = batch.reporters[clue.clue_no] if clue.clue_no in batch.reporters else clue.reporter
    if context.may_change_reporter(clue):
        reporter = _reporter_target(p, current)
    else:  # custody: cells given or not, whatever they say, the reporter stays (and nothing tells whether they differ)
        reporter = KEEP
        if p.reporter or p.contact:
            batch.reporters_kept += 1
    if not changes and not _reporter_differs(reporter, current):
        batch.unchanged += 1  # importing the same row again changes nothing
        return
    before = _snapshot(clue)
    for name, value in changes.items():
        setattr(clue, name, value)
    _apply_reporter(clue, current, reporter, batch)
    clue.version = (clue.version or 0) + 1  # rows are locked (select_for_update) for this transaction
    if clue.pk is not None:  # else created earlier in this batch, and inserted as it ends up
        batch.changed[clue.pk] = clue
    batch.audit.append(("clue.ledger_update", clue, before, _snapshot(clue)))


def _reporter_target(p: ParsedRow, current: Reporter | None):
    """KEEP, None (anonymous, no reporter) or (name, contact).

    An empty 反映人 or 反映人联系方式 cell on a clue that has a reporter keeps what is
    on record: exports for users who may not see reporters leave the cells empty, and
    re-importing such a file must not erase anyone. 匿名 says explicitly that the
    reporter is anonymous. An anonymous reporter who left a contact keeps it, under
    the name 匿名."""
    if p.reporter is None and p.contact is None:
        return KEEP
    name = p.reporter or ""
    contact = p.contact or (current.contact if current else "")
    if name == lc.ANONYMOUS or (not name and current is None):
        return (lc.ANONYMOUS, contact) if contact else None
    if not name:
        return (current.name, contact) if p.contact else KEEP
    return (name, contact)


def _reporter_differs(target, current: Reporter | None) -> bool:
    if target is KEEP:
        return False
    if target is None:
        return current is not None
    return current is None or (current.name, current.contact) != target


def _apply_reporter(clue: Clue, current: Reporter | None, target, batch: _Batch) -> None:
    """Give `clue` (whose reporter is `current`) the reporter `target` asks for. The
    link is made once the batch's reporters are written (`linked`); until then later
    rows of the batch find the reporter in `reporters`."""
    if not _reporter_differs(target, current):
        return
    if target is None:
        reporter = None
        if current.pk:
            batch.dropped_reporters.append(current.pk)
        else:  # made earlier in this batch: never written
            batch.new_reporters.remove(current)
    elif current is None:
        reporter = new_reporter(name=target[0], contact=target[1])
        batch.new_reporters.append(reporter)
    else:
        current.name, current.contact = target
        if current.pk:
            batch.changed_reporters[current.pk] = current
        return
    batch.linked.append((clue, reporter))
    if clue.clue_no:
        batch.reporters[clue.clue_no] = reporter


def _snapshot(clue: Clue) -> dict:
    """audit.trail.snapshot of AUDIT_FIELDS, without a JSON round trip per clue
    (the ledger's fields hold only text, numbers, dates, decimals and the text notes)."""
    values = clue.__dict__
    out = {name: values[name] for name in AUDIT_FIELDS}
    for name in AUDIT_DATES:
        if out[name] is not None:
            out[name] = out[name].isoformat()
    for name in AUDIT_DECIMALS:
        if out[name] is not None:
            out[name] = str(out[name])
    out["extra"] = dict(out["extra"] or {})
    return out
