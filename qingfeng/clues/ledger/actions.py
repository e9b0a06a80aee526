"""The ledger exchange as actions: the only way in or out, each checking who may and auditing it.

`acting_user=None` is the system (the command line): it may import, and exports
the whole county with every reporter — which the audit entry says.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record
from qingfeng.clues.ledger import accountability, export_sheets, persons
from qingfeng.clues.ledger import sheet_columns as sc
from qingfeng.clues.ledger.columns import column_for_header
from qingfeng.clues.ledger.export import export_ledger
from qingfeng.clues.ledger.parse import PlaceIndex
from qingfeng.clues.ledger.read import LedgerFileError, Sheet, cell_text, read_book
from qingfeng.clues.ledger.report import ImportReport
from qingfeng.clues.ledger.write import BATCH_SIZE, import_sheet, without_cyclic_gc
from qingfeng.clues.models import Clue
from qingfeng.places.models import Jurisdiction
from qingfeng.reports import scope

SYSTEM = "system (command line)"
# The workbook's other sheets (ledger.md §4-§5): name -> (is it the header row?, headers to name if not found).
NAMED_SHEETS = {
    sc.PERSONS_SHEET: (sc.is_header(sc.PERSON_COLUMNS), "“线索编号”“姓名”“处理类别”“处理种类”"),
    sc.ACCOUNTABILITY_SHEET: (sc.is_header(sc.ACCOUNTABILITY_COLUMNS), "“问责编号”“决定日期”“问责对象类型”"),
}


def no_county_message() -> str:
    return _("尚未建立县级辖区。请先导入本县区划代码：qingfeng places import 辖区.xlsx（或由系统管理员在「辖区设置」页面上传），再导入台账。")  # noqa: E501


def _county_root() -> Jurisdiction:
    root = Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).first()
    if root is None:
        raise LedgerFileError(no_county_message())
    return root


def do_import_ledger(source, *, acting_user, name: str = "", batch_size: int = BATCH_SIZE,
                     limits=None) -> ImportReport:
    """Import a ledger workbook (a path, or an uploaded file object with its `name`): the
    ledger sheet, then its 处理人员 and 问责 sheets when it has them (ledger.md §4-§5).

    Each created or changed clue, measure and 问责 record gets one audit entry, written
    with its batch. Raises PermissionDenied for users who may not import, LedgerFileError for a
    file that cannot be read as a ledger (or a platform with no county yet). With
    `limits` (qingfeng.core.isolation.Limits) the file is read in a child process under
    them — a file that crashes or exhausts the reader is a LedgerFileError too."""
    if acting_user is not None:
        scope.require_ledger_importer(acting_user)
    root = _county_root()
    with without_cyclic_gc():
        book = read_book(source, name, limits=limits, sheets=NAMED_SHEETS)
        places = PlaceIndex()
        person_rows, person_report = _parsed_persons(book.named.get(sc.PERSONS_SHEET))
        ledger_numbers = _clue_numbers(book.ledger)
        # Clues with persons handled take their counts from them (§4): known before the ledger is written.
        counts = persons.predicted_counts(person_rows, ledger_numbers)
        given = {}
        report = import_sheet(book.ledger, acting_user=acting_user, root=root, batch_size=batch_size,
                              persons_counts=counts, places=places, given_counts=given)
        if person_report is not None:  # measures after their clues
            persons.import_rows(person_rows, person_report, acting_user=acting_user, ledger_numbers=ledger_numbers,
                                given_counts=given)
            report.persons = person_report
        if sc.ACCOUNTABILITY_SHEET in book.named:
            rows, report.accountability = accountability.parse_rows(book.named[sc.ACCOUNTABILITY_SHEET], places)
            accountability.import_rows(rows, report.accountability, acting_user=acting_user, root=root)
        return report


def _parsed_persons(sheet: Sheet | None):
    if sheet is None:
        return [], None
    return persons.parse_rows(sheet)


def _clue_numbers(sheet: Sheet) -> set[str]:
    """The 线索编号 cells of the ledger sheet."""
    index = next((i for i, header in enumerate(sheet.headers)
                  if (column := column_for_header(header)) is not None and column.canonical == "clue_no"), None)
    if index is None:
        return set()
    numbers = set()
    for _row, cells in sheet.rows:
        if index < len(cells) and (text := cell_text(cells[index])):
            numbers.add(text)
    return numbers


def do_export_ledger(target, *, acting_user, date_from: date | None = None, date_to: date | None = None) -> int:
    """Write the ledger of clues received in [date_from, date_to] to `target` (a path
    or a binary stream), with the 处理人员 of those clues and the 问责 decisions of the
    user's scope decided in the window; returns the number of ledger rows.

    A user exports the clues their scope covers (qingfeng.reports.scope), with the
    reporters of the clues whose reporters they may see; the system exports all,
    with every reporter. One audit entry records the window, the rows and whose
    reporters were shown."""
    if acting_user is None:
        clues, include = Clue.objects.all(), True
    else:
        clues, may_see = scope.stats_clues(acting_user), scope.reporter_filter(acting_user)

        def include(clue) -> bool:  # per clue, as on the clue page; anonymous cells stay empty
            return bool(clue.reporter_id) and may_see(clue)
    shown, written = [], {}

    def more_sheets(workbook, exported):
        written["persons"] = export_sheets.write_persons(workbook, export_sheets.persons_of(exported))
        written["accountability"] = export_sheets.write_accountability(
            workbook, export_sheets.accountability_of(acting_user, date_from, date_to))

    with without_cyclic_gc():
        count = export_ledger(target, clues, include_reporter=include, date_from=date_from, date_to=date_to,
                              on_shown=lambda clue: shown.append(clue.clue_no),  # every look is logged
                              more_sheets=more_sheets)
    after = {
        "from": date_from.isoformat() if date_from else None, "to": date_to.isoformat() if date_to else None,
        "rows": count, "reporters_shown": shown, "persons": written["persons"],
        "accountability": written["accountability"],
    }
    if acting_user is None:
        after["by"] = SYSTEM
    with transaction.atomic():
        record(acting_user, "clue.ledger_export", object_type="clues.clue", object_id="ledger", after=after)
    return count
