"""The 处理人员 sheet (ledger.md §4): one row per measure taken against one person of a clue.

A row names its clue by 线索编号 — a clue of this workbook's ledger sheet or one already
on the platform; a row whose clue is neither is rejected. Within a clue a person is
their name, and (clue, name, 处理类别, 处理种类) is one measure: a row naming one that
exists updates it (an empty cell keeps what it holds, as on the first sheet), so
importing the workbook again duplicates nothing, and a row that changes nothing writes
nothing and no audit entry. 四种形态 may be left empty (it follows from the measure);
one that contradicts the measure is a problem.

Measures are written after the ledger sheet (their clues must exist), in batches of
whole clues, one transaction each, with a savepoint per batch and, if the database
refuses the batch, per clue — so a clue's measures and the counts that follow from them
(qingfeng.cases.counts) are always written together. Audit: one entry per created or
changed measure ("measure.ledger_import" / "measure.ledger_update", on the clue with the
measure's id, as the outcome actions record them) and one per clue whose counts changed
("clue.ledger_counts").
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record_many
from qingfeng.cases import counts as case_counts
from qingfeng.cases import measures as m
from qingfeng.cases.models import Measure
from qingfeng.clues.ledger import sheet_columns as sc
from qingfeng.clues.ledger.read import Sheet
from qingfeng.clues.ledger.report import SheetReport
from qingfeng.clues.ledger.sheet_records import (
    apply_changes,
    changes_of,
    count_outcome,
    new_outcome,
    plain,
    snapshot,
)
from qingfeng.clues.ledger.sheet_rows import RowValues, merged_extra, parse_sheet
from qingfeng.clues.models import Clue
from qingfeng.core import bulk

BATCH_ROWS = 2000
IN_CHUNK = 500  # values per IN (…) list
FIELDS = ["post", "rank", "party_member", "decided_on", "form", "recovered", "returned", "extra"]
AUDIT_FIELDS = ["clue_id", "name", "kind", "measure", *FIELDS, "version"]
new_measure = bulk.factory(Measure)
ZERO = Decimal("0.00")


@dataclass
class PersonRow:
    row: int
    clue_no: str = ""
    name: str = ""
    kind: str = ""
    measure: str = ""
    values: dict = field(default_factory=dict)  # Measure field -> value, for the cells given
    extra: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.name, self.kind, self.measure)


def parse_rows(sheet: Sheet) -> tuple[list[PersonRow], SheetReport]:
    """The rows that parse, and the report with the others rejected."""
    return parse_sheet(sheet, sc.PERSONS_SHEET, sc.PERSON_COLUMNS, parse_row)


def parse_row(layout: sc.Layout, row: int, cells: list) -> PersonRow:
    r = RowValues(layout, sc.PERSON_COLUMNS, cells)
    p = PersonRow(row=row)
    p.clue_no = r.text("clue_no", Clue, "clue_no", required=True)
    p.name = r.text("name", Measure, "name", required=True)
    values = {
        "post": r.text("post", Measure, "post"),
        "rank": r.choice("rank", tuple(m.Rank.values)),
        "party_member": r.choice("party_member", (m.PARTY_MEMBER, m.NON_MEMBER)),
    }
    p.kind = r.choice("kind", tuple(m.Kind.values), required=True)
    p.measure = r.text("measure", Measure, "measure", required=True)
    if p.kind and p.measure and not m.is_measure(p.kind, p.measure):
        r.problems.append(("处理种类", _("处理类别为%(kind)s时，处理种类应为 %(choices)s 之一，而不是：%(value)s") % {
            "kind": p.kind, "choices": "、".join(m.MEASURES[p.kind]), "value": p.measure}))
    values["decided_on"] = r.date("decided_on", Measure, "decided_on")
    values["recovered"] = r.amount("recovered", Measure, "recovered")
    values["returned"] = r.amount("returned", Measure, "returned")
    form_text = r.text("form", Measure, "measure")
    if m.is_measure(p.kind, p.measure):
        values["form"] = derived = m.form_of(p.kind, p.measure)
        if form_text:
            given = m.FORM_NUMBERS.get(form_text.removesuffix("形态"))
            if given is None:
                r.problems.append(("四种形态", _("未知的四种形态：%(value)s（应为 %(choices)s 之一，或留空）") % {
                    "value": form_text, "choices": "、".join(m.FORM_NAMES.values())}))
            elif given != derived:
                r.problems.append(("四种形态", _(
                    "填写的是%(given)s形态，但%(kind)s“%(measure)s”属于%(derived)s形态") % {
                    "given": m.FORM_NAMES[given], "kind": p.kind, "measure": p.measure,
                    "derived": m.FORM_NAMES[derived]}))
    p.extra = r.extra()
    # What the row says: the cells given (an update keeps the others), the form always.
    given = {name for name in ("post", "rank", "party_member", "decided_on", "recovered", "returned")
             if name in r.given}
    p.values = {name: value for name, value in values.items() if name in given or name == "form"}
    p.problems = r.problems
    return p


# -- The counts the first sheet's rows must agree with -------------------------------------

def predicted_counts(rows: list[PersonRow], ledger_clue_nos) -> dict:
    """clue number -> the six counts (qingfeng.cases.counts) of its persons once `rows` are
    written: for every clue of `rows`, and every clue of the ledger sheet that already has
    measures. (Written, the measures decide again: these only keep the first sheet from
    writing a count the persons then overturn.)"""
    numbers = {p.clue_no for p in rows} | set(ledger_clue_nos)
    merged: dict[str, dict] = {}
    number_list = sorted(numbers)
    for start in range(0, len(number_list), IN_CHUNK):
        found = Measure.objects.filter(clue__clue_no__in=number_list[start:start + IN_CHUNK]).values_list(
            "clue__clue_no", "name", "kind", "measure", "recovered", "returned")
        for clue_no, name, kind, measure, recovered, returned in found:
            merged.setdefault(clue_no, {})[(name, kind, measure)] = (recovered, returned)
    for p in rows:
        persons = merged.setdefault(p.clue_no, {})
        recovered, returned = persons.get(p.key, (ZERO, ZERO))
        persons[p.key] = (p.values.get("recovered", recovered), p.values.get("returned", returned))
    return {clue_no: case_counts.counts_from((name, kind, rec, ret) for (name, kind, _m), (rec, ret) in persons.items())
            for clue_no, persons in merged.items()}


# -- Writing --------------------------------------------------------------------------------

def import_rows(rows: list[PersonRow], report: SheetReport, *, acting_user, ledger_numbers: set,
                given_counts: dict | None = None) -> None:
    """Write the parsed rows (their clues written already). `ledger_numbers`: the clue
    numbers of the ledger sheet, to say why a row's clue is missing (its row was rejected);
    `given_counts`: what the ledger sheet said of a clue's counts before its persons
    overrode them — restored if the database refuses the clue's persons."""
    given_counts = given_counts or {}
    by_clue: dict[str, list[PersonRow]] = {}
    for p in rows:
        by_clue.setdefault(p.clue_no, []).append(p)
    batch, size = [], 0
    for group in by_clue.values():
        batch.append(group)
        size += len(group)
        if size >= BATCH_ROWS:
            _import_batch(batch, report, acting_user, ledger_numbers, given_counts)
            batch, size = [], 0
    _import_batch(batch, report, acting_user, ledger_numbers, given_counts)
    report.problems.sort(key=lambda problem: problem[0])


def _import_batch(groups: list[list[PersonRow]], report: SheetReport, acting_user, ledger_numbers,
                  given_counts: dict) -> None:
    if not groups:
        return
    with transaction.atomic():
        try:
            with transaction.atomic():  # savepoint: the whole batch, or nothing of it
                count_outcome(report, _write(groups, acting_user, ledger_numbers))
                return
        except DatabaseError:
            pass
        for group in groups:
            try:
                with transaction.atomic():  # savepoint per clue: its measures and counts together
                    outcome = _write([group], acting_user, ledger_numbers)
            except DatabaseError as e:
                for p in group:
                    report.reject(p.row, [("线索编号", _("数据库拒绝保存该行：%(error)s") % {"error": e})])
                _restore_counts(group[0].clue_no, given_counts.get(group[0].clue_no), acting_user)
                continue
            count_outcome(report, outcome)


def _write(groups: list[list[PersonRow]], acting_user, ledger_numbers) -> dict:
    outcome = new_outcome()
    numbers = [group[0].clue_no for group in groups]
    clues = {c.clue_no: c for c in Clue.objects.select_for_update(of=("self",)).filter(clue_no__in=numbers)}
    by_clue: dict[int, dict] = {c.pk: {} for c in clues.values()}  # clue id -> (name, kind, measure) -> measure
    ids = list(by_clue)
    for start in range(0, len(ids), IN_CHUNK):
        for measure in Measure.objects.select_for_update().filter(clue_id__in=ids[start:start + IN_CHUNK]):
            by_clue[measure.clue_id][(measure.name, measure.kind, measure.measure)] = measure
    new, changed, audit, user_id = [], {}, [], getattr(acting_user, "pk", None)
    for group in groups:
        clue = clues.get(group[0].clue_no)
        if clue is None:
            reason = (_("线索编号 %(no)s 在台账表中的行被拒绝，平台上也没有这条线索") if group[0].clue_no in ledger_numbers
                      else _("未知的线索编号：%(no)s（台账表和平台上都没有这条线索）")) % {"no": group[0].clue_no}
            outcome["rejected"] += [(p.row, [("线索编号", reason)]) for p in group]
            continue
        for p in group:
            key = (p.name, p.kind, p.measure)
            measure = by_clue[clue.pk].get(key)
            if measure is None:
                values = {"recovered": ZERO, "returned": ZERO, **p.values}
                measure = new_measure(clue_id=clue.pk, name=p.name, kind=p.kind, measure=p.measure,
                                      extra=merged_extra({}, p.extra), created_by_id=user_id, **values)
                by_clue[clue.pk][key] = measure
                new.append(measure)
                outcome["imported"] += 1
                audit.append(("measure.ledger_import", measure, None, None))
                continue
            outcome["updated"] += 1
            changes = changes_of(measure, p.values, p.extra)
            if not changes:
                outcome["unchanged"] += 1
                continue
            before = _snapshot(measure)
            apply_changes(measure, changes)
            if measure.pk is not None:  # else created earlier in this batch (a repeated row)
                changed[measure.pk] = measure
            audit.append(("measure.ledger_update", measure, before, None))
    bulk.insert(Measure, new)
    Measure.objects.bulk_update(changed.values(), [*FIELDS, "version"], batch_size=500)
    # On the clue, as every outcome entry (qingfeng.cases.actions): the clue's history shows them.
    of_clue = {c.pk: c for c in clues.values()}
    audit = [(action, of_clue[measure.clue_id], before, _snapshot(measure)) for action, measure, before, _after in audit]
    # Every clue the rows name, touched or not: its counts follow from its persons either way.
    targets = {pk: _counts_of(measures.values()) for pk, measures in by_clue.items()}
    audit += _apply_counts(list(clues.values()), targets)
    record_many(acting_user, audit)
    return outcome


def _restore_counts(clue_no: str, given: dict | None, acting_user) -> None:
    """After the database refused a clue's persons: its counts follow from the persons it
    has, or — with none — are what the ledger sheet said (overridden in expectation of them)."""
    with transaction.atomic():
        clue = Clue.objects.select_for_update(of=("self",)).filter(clue_no=clue_no).first()
        if clue is None:
            return
        measures = list(Measure.objects.filter(clue=clue))
        target = _counts_of(measures) if measures else (given or {})
        record_many(acting_user, _apply_counts([clue], {clue.pk: target}))


def _counts_of(measures) -> dict:
    return case_counts.counts_from((x.name, x.kind, x.recovered, x.returned) for x in measures)


def _apply_counts(clues: list[Clue], targets: dict) -> list:
    """Each clue's counts set to `targets[clue.pk]` (field -> value), saved when they change;
    the audit entries of the changes."""
    audit, changed, now = [], [], timezone.now()
    for clue in clues:
        counts = targets[clue.pk]
        differs = [name for name, value in counts.items() if getattr(clue, name) != value]
        if not differs:
            continue
        before = {name: plain(getattr(clue, name)) for name in differs}
        for name in differs:
            setattr(clue, name, counts[name])
        clue.version = (clue.version or 0) + 1
        clue.updated_at = now
        changed.append(clue)
        audit.append(("clue.ledger_counts", clue, before | {"clue_no": clue.clue_no},
                      {name: plain(counts[name]) for name in differs} | {"clue_no": clue.clue_no}))
    Clue.objects.bulk_update(changed, [*case_counts.FIELDS, "version", "updated_at"], batch_size=500)
    return audit


def _snapshot(measure: Measure) -> dict:
    return snapshot(measure, AUDIT_FIELDS) | {"id": measure.pk}
