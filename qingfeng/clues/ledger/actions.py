"""The ledger exchange as actions: the only way in or out, each checking who may and auditing it.

`acting_user=None` is the system (the command line): it may import, and exports
the whole county with every reporter — which the audit entry says.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record
from qingfeng.clues.ledger.export import export_ledger
from qingfeng.clues.ledger.read import LedgerFileError, read_ledger
from qingfeng.clues.ledger.report import ImportReport
from qingfeng.clues.ledger.write import BATCH_SIZE, import_sheet, without_cyclic_gc
from qingfeng.clues.models import Clue
from qingfeng.places.models import Jurisdiction
from qingfeng.reports import scope

SYSTEM = "system (command line)"


def no_county_message() -> str:
    return _("尚未建立县级辖区。请先导入本县区划代码：qingfeng places import 辖区.xlsx（或由系统管理员在「辖区设置」页面上传），再导入台账。")  # noqa: E501


def _county_root() -> Jurisdiction:
    root = Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).first()
    if root is None:
        raise LedgerFileError(no_county_message())
    return root


def do_import_ledger(source, *, acting_user, name: str = "", batch_size: int = BATCH_SIZE,
                     limits=None) -> ImportReport:
    """Import a ledger file (a path, or an uploaded file object with its `name`).

    Each created or changed clue gets one audit entry, written with its batch.
    Raises PermissionDenied for users who may not import, LedgerFileError for a
    file that cannot be read as a ledger (or a platform with no county yet). With
    `limits` (qingfeng.core.isolation.Limits) the file is read in a child process under
    them — a file that crashes or exhausts the reader is a LedgerFileError too."""
    if acting_user is not None:
        scope.require_ledger_importer(acting_user)
    root = _county_root()
    with without_cyclic_gc():
        sheet = read_ledger(source, name, limits=limits)
        return import_sheet(sheet, acting_user=acting_user, root=root, batch_size=batch_size)


def do_export_ledger(target, *, acting_user, date_from: date | None = None, date_to: date | None = None) -> int:
    """Write the ledger of clues received in [date_from, date_to] to `target` (a path
    or a binary stream); returns the number of rows.

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
    shown = []
    with without_cyclic_gc():
        count = export_ledger(target, clues, include_reporter=include, date_from=date_from, date_to=date_to,
                              on_shown=lambda clue: shown.append(clue.clue_no))  # every look is logged
    after = {
        "from": date_from.isoformat() if date_from else None, "to": date_to.isoformat() if date_to else None,
        "rows": count, "reporters_shown": shown,
    }
    if acting_user is None:
        after["by"] = SYSTEM
    with transaction.atomic():
        record(acting_user, "clue.ledger_export", object_type="clues.clue", object_id="ledger", after=after)
    return count
