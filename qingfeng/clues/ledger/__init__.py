"""The ledger exchange (shared/spec/ledger.md §1, §4, §5): a county's Excel/CSV ledger in and
out — the ledger sheet, and in a workbook its 处理人员 (persons handled) and 问责 sheets.

The public API — the ledger page, the `ledger` command, the benchmark and the
tests use only these names:

- `do_import_ledger(source, *, acting_user, name="", limits=None)` -> `ImportReport` (with
  `limits`, the file is read in a child process, qingfeng.core.isolation)
- `do_export_ledger(target, *, acting_user, date_from=None, date_to=None)` -> ledger rows written
- `COLUMNS` (the 33 columns in order), `column_for_header`
- `LedgerFileError` (the file as a whole cannot be imported), `ImportReport` (with a
  `SheetReport` per other sheet: `.persons`, `.accountability`)

Inside: columns (the layout), read (file -> rows), parse (cells -> values),
rules (between columns), write (values -> clues, in batches), export (clues ->
workbook), report (row accounting), actions (permission and audit); for the other
two sheets sheet_columns (their layouts), sheet_rows (cells -> values), persons
(处理人员 -> measures, and the clue counts that follow), accountability (问责 ->
records), export_sheets (both sheets out).
"""

from qingfeng.clues.ledger.actions import do_export_ledger, do_import_ledger, no_county_message
from qingfeng.clues.ledger.columns import COLUMNS, Column, column_for_header
from qingfeng.clues.ledger.read import LedgerFileError
from qingfeng.clues.ledger.report import ImportReport

__all__ = [
    "COLUMNS", "Column", "ImportReport", "LedgerFileError", "column_for_header", "do_export_ledger",
    "do_import_ledger", "no_county_message",
]
