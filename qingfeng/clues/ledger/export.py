"""Ledger export: the 33 columns of ledger.md §1 in order, as an .xlsx that opens in
Excel and WPS and imports back unchanged (dates are real dates, amounts numbers); the
caller adds the 处理人员 and 问责 sheets after it (export_sheets, `more_sheets`).

Reporter name and contact are confidential: they are written only when the caller
says the exporting user may see them (`include_reporter`); otherwise those cells
stay empty and the header cell carries a comment saying why. Importing such a
file keeps the reporters already on record (an empty 反映人 cell never erases one).

Every text cell — headers of kept unknown columns included — goes through
`sheet_text`: characters a workbook cannot hold (old data may carry control
characters) are dropped rather than failing the whole export, and text a
spreadsheet would run as a formula is quoted (qingfeng.engine.cellsafe; the
importer removes the quote again, so round trips give back the original text).
"""

from datetime import date
from decimal import Decimal

from qingfeng.clues.ledger import columns as lc
from qingfeng.clues.models import Clue
from qingfeng.engine.cellsafe import neutralise

SHEET_TITLE = "问题线索台账"
WIDE = {"主要问题": 40, "备注": 24, "被反映人单位及职务": 24, "反映人联系方式": 18, "承办单位": 16, "线索编号": 18}
CONFIDENTIAL_NOTE = "反映人信息保密：导出人无权查看，未导出。重新导入本表不会清除已登记的反映人。"
PARTIAL_NOTE = "反映人信息保密：仅导出导出人有权查看的反映人，其余留空。重新导入本表不会清除已登记的反映人。"
INCLUDED_NOTE = "本表含反映人身份信息，属保密内容，请妥善保管，不得外传。"
NUMBER_FORMATS = {lc.DATE: "yyyy-mm-dd", lc.AMOUNT: "#,##0.00", lc.COUNT: "0"}


def export_ledger(target, clues=None, *, include_reporter, date_from: date | None = None,
                  date_to: date | None = None, on_shown=None, more_sheets=None) -> int:
    """Write the ledger of `clues` (default: all) received in [date_from, date_to] to
    `target` (a path or a binary stream); returns the number of rows written.

    `include_reporter`: True/False, or a function clue -> bool deciding per clue.
    `on_shown(clue)` is called for every clue whose reporter's identity was written;
    `more_sheets(workbook, clues)`, with the clues exported, adds sheets after the ledger.
    The sheet is streamed (openpyxl write-only): a county's 100,000 rows never sit in
    memory as cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    queryset = (clues if clues is not None else Clue.objects.all()).select_related("township", "village", "reporter", "campaign")
    if date_from:
        queryset = queryset.filter(received_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(received_on__lte=date_to)
    queryset = queryset.order_by("received_on", "clue_no")
    extra_headers = _extra_headers(queryset)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    headers = [c.zh for c in lc.COLUMNS] + extra_headers
    formats = []
    for index, header in enumerate(headers, start=1):  # widths and panes go before the first row
        column = lc.COLUMNS[index - 1] if index <= len(lc.COLUMNS) else None
        sheet.column_dimensions[get_column_letter(index)].width = WIDE.get(header, max(10, min(30, len(header) * 2 + 2)))
        formats.append(NUMBER_FORMATS.get(column.kind) if column else None)
    sheet.freeze_panes = "B2"
    show = include_reporter if callable(include_reporter) else (lambda clue: bool(include_reporter))
    note = PARTIAL_NOTE if callable(include_reporter) else INCLUDED_NOTE if include_reporter else CONFIDENTIAL_NOTE
    header_cells = []
    for index, header in enumerate(headers, start=1):
        cell = WriteOnlyCell(sheet, sheet_text(header))
        cell.data_type = "s"  # a header is a name, never a formula
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if index == 5:
            cell.comment = Comment(note, "清风")
        header_cells.append(cell)
    sheet.append(header_cells)

    def styled(value, number_format):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell

    numbered = [(i, f) for i, f in enumerate(formats) if f and f != NUMBER_FORMATS[lc.DATE]]  # dates format themselves
    count = 0
    for clue in queryset.iterator(chunk_size=2000):
        shown = show(clue)
        if shown and on_shown is not None and clue.reporter_id:
            on_shown(clue)
        values = _row(clue, shown, extra_headers)
        for i, number_format in numbered:
            if values[i] is not None:
                values[i] = styled(values[i], number_format)
        for i, value in enumerate(values):
            if value.__class__ is str:
                values[i] = sheet_text(value) or None
        sheet.append(values)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"  # written when the sheet closes
    if more_sheets is not None:
        more_sheets(workbook, queryset)
    workbook.save(target)
    return count


def _extra_headers(queryset) -> list[str]:
    """Unknown columns kept from earlier imports, in first-seen order, after the 33."""
    known = {c.zh for c in lc.COLUMNS}
    seen: dict[str, None] = {}
    for extra in queryset.exclude(extra={}).values_list("extra", flat=True).iterator(chunk_size=2000):
        for key in extra or {}:
            if key not in known:
                seen.setdefault(key, None)
    return list(seen)


def _row(clue: Clue, include_reporter: bool, extra_headers: list[str]) -> list:
    values = []
    for column in lc.COLUMNS:
        values.append(_value(clue, column, include_reporter))
    extra = clue.extra or {}
    values += [_extra_cell(extra.get(key)) for key in extra_headers]
    return values


def _value(clue: Clue, column: lc.Column, include_reporter: bool):
    kind = column.kind
    if kind == lc.REPORTER:
        if not include_reporter:
            return None
        return clue.reporter.name if clue.reporter else lc.ANONYMOUS
    if kind == lc.CONTACT:
        return clue.reporter.contact or None if include_reporter and clue.reporter else None
    if kind == lc.TOWNSHIP:
        return clue.township.name if clue.township else None
    if kind == lc.VILLAGE:
        return clue.village.name if clue.village else None
    if kind == lc.CAMPAIGN:
        return clue.campaign.name if clue.campaign else None
    value = getattr(clue, column.field)
    if kind == lc.BOOL:
        return lc.YES if value else lc.NO
    if kind == lc.AMOUNT:
        return None if value is None else float(Decimal(value))
    if kind in (lc.TEXT, lc.CLUE_NO, lc.CHOICE):
        return value or None  # made safe for the sheet by the caller, like every str
    return value  # dates (real Excel dates) and counts


def _extra_cell(value):
    """A kept note: text as text, a number as a number, anything else (old data) as text."""
    if value is None or value == "" or value.__class__ is str:
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def sheet_text(value) -> str:
    """`value` as text a workbook can hold and will not run as a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
