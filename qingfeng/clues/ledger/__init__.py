"""The ledger exchange (shared/spec/ledger.md §1): a county's Excel/CSV ledger in and out.

The public API — the ledger page, the `ledger` command, the benchmark and the
tests use only these names:

- `do_import_ledger(source, *, acting_user, name="", limits=None)` -> `ImportReport` (with
  `limits`, the file is read in a child process, qingfeng.core.isolation)
- `do_export_ledger(target, *, acting_user, date_from=None, date_to=None)` -> rows written
- `COLUMNS` (the 32 columns in order), `column_for_header`
- `LedgerFileError` (the file as a whole cannot be imported), `ImportReport`

Inside: columns (the layout), read (file -> rows), parse (cells -> values),
rules (between columns), write (values -> clues, in batches), export (clues ->
workbook), report (row accounting), actions (permission and audit).
"""

from qingfeng.clues.ledger.actions import do_export_ledger, do_import_ledger, no_county_message
from qingfeng.clues.ledger.columns import COLUMNS, Column, column_for_header
from qingfeng.clues.ledger.read import LedgerFileError
from qingfeng.clues.ledger.report import ImportReport

__all__ = [
    "COLUMNS", "Column", "ImportReport", "LedgerFileError", "column_for_header", "do_export_ledger",
    "do_import_ledger", "no_county_message",
]
