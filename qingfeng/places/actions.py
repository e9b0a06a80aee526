"""State changes of places, each audited."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record
from qingfeng.places.importer import ImportReport, apply_table
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import PlacesFileError, read_table


def do_import_places(source, *, acting_user, name: str = "", limits=None) -> ImportReport:
    """Import a places table (a path, or an upload with its file `name`): one transaction,
    one audit entry. `acting_user` None is the system (command line, demo loader).

    Raises PlacesFileError when the file cannot be read; nothing is written then. With
    `limits` (qingfeng.core.isolation.Limits) the file is read in a child process under them."""
    if acting_user is not None and acting_user.role != Role.ADMIN:
        raise PermissionDenied
    file_name = Path(name or str(source)).name
    table = read_table(source, file_name, limits=limits)
    report = ImportReport()
    try:
        with transaction.atomic():
            # Two imports at once would both add the same new codes and 片区 numbers:
            # the county row, locked, makes them take turns (on a platform that has none
            # yet the unique codes are the guard, handled below).
            county = Jurisdiction.objects.select_for_update().filter(
                parent__isnull=True, level=Jurisdiction.Level.COUNTY).order_by("pk").first()
            apply_table(table, report)
            county = county or Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).first()
            record(acting_user, "places.import", object_type="places.jurisdiction",
                   object_id=county.code if county else "", after=report.audit(file_name))
    except IntegrityError:
        raise PlacesFileError(_("另一次辖区导入同时写入了相同的代码，请重新导入。")) from None
    return report
