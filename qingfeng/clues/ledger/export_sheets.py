"""Export of the workbook's 处理人员 and 问责 sheets, after the ledger sheet: the columns of
ledger.md §4-§5 in order, then the unknown columns kept from imports; dates as real
dates, amounts as numbers, every text through export.sheet_text (never a formula), so
that importing the file back gives the same records and exporting again the same cells.

处理人员: the measures of the clues the ledger sheet exports (the same scope and
window). 问责: the decisions of the user's scope, with 决定日期 in the window when one
is given.
"""

from decimal import Decimal

from qingfeng.cases import measures as m
from qingfeng.cases.accountability.access import READERS as ACCOUNTABILITY_READERS
from qingfeng.cases.accountability.access import visible_accountability
from qingfeng.cases.models import Accountability, Measure
from qingfeng.clues.ledger import sheet_columns as sc
from qingfeng.clues.ledger.columns import NO, YES

AMOUNT_FORMAT = "#,##0.00"


def persons_of(clues):
    """The measures of `clues` (a queryset), in the ledger's order."""
    return (Measure.objects.filter(clue_id__in=clues.order_by().values("id")).select_related("clue")
            .order_by("clue__received_on", "clue__clue_no", "id"))


def accountability_of(user, date_from=None, date_to=None):
    """The 问责 decisions `user` may read (None: the system, all), in the window by 决定日期."""
    if user is None:
        queryset = Accountability.objects.select_related("township", "clue")
    elif user.role in ACCOUNTABILITY_READERS:  # the exporters who read 问责 records at all
        queryset = visible_accountability(user)
    else:
        return Accountability.objects.none()
    if date_from:
        queryset = queryset.filter(decided_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(decided_on__lte=date_to)
    return queryset.order_by("decided_on", "no")


def write_persons(workbook, measures) -> int:
    return _write(workbook, sc.PERSONS_SHEET, sc.PERSON_COLUMNS, measures, _person_values)


def write_accountability(workbook, records) -> int:
    return _write(workbook, sc.ACCOUNTABILITY_SHEET, sc.ACCOUNTABILITY_COLUMNS, records, _accountability_values)


def _person_values(measure: Measure) -> list:
    return [measure.clue.clue_no, measure.name, measure.post, measure.rank, measure.party_member, measure.kind,
            measure.measure, measure.decided_on, m.FORM_NAMES.get(measure.form, ""), _amount(measure.recovered),
            _amount(measure.returned)]


def _accountability_values(record: Accountability) -> list:
    principal = None if record.target_type == m.TargetType.ORGANISATION else (YES if record.principal else NO)
    return [record.no, record.decided_on, record.target_type, record.target, record.post,
            record.township.name if record.township else None, principal, record.responsibility, record.measure,
            record.reason, record.clue.clue_no if record.clue else None]


def _amount(value):
    return None if value is None else float(Decimal(value))


def _write(workbook, title: str, columns, objects, values_of) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from qingfeng.clues.ledger.export import sheet_text

    known = {c.zh for c in columns}
    extra_headers: dict[str, None] = {}
    for extra in objects.exclude(extra={}).values_list("extra", flat=True).iterator(chunk_size=2000):
        for key in extra or {}:
            if key not in known:
                extra_headers.setdefault(key, None)
    headers = [c.zh for c in columns] + list(extra_headers)
    sheet = workbook.create_sheet(title)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(30, len(header) * 2 + 2))
    sheet.freeze_panes = "B2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, sheet_text(header))
        cell.data_type = "s"  # a header is a name, never a formula
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    amounts = [i for i, c in enumerate(columns) if c.kind == sc.AMOUNT]
    count = 0
    for obj in objects.iterator(chunk_size=2000):
        values = values_of(obj)
        extra = obj.extra or {}
        values += [extra.get(key) for key in extra_headers]
        for i, value in enumerate(values):
            if value.__class__ is str:
                values[i] = sheet_text(value) or None
            elif value is not None and not isinstance(value, (int, float)) and not hasattr(value, "isoformat"):
                values[i] = sheet_text(str(value)) or None
        for i in amounts:
            if values[i] is not None:
                cell = WriteOnlyCell(sheet, values[i])
                cell.number_format = AMOUNT_FORMAT
                values[i] = cell
        sheet.append(values)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return count
