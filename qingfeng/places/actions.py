"""State changes of places, each audited."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record
from qingfeng.core.text import forbidden_character
from qingfeng.core.versioning import check_version, save_changes
from qingfeng.places import from_roll, tree
from qingfeng.places.from_roll import RollPlaces
from qingfeng.places.importer import NAME_MAX, ImportReport, apply_table
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
            county = _lock_county()
            apply_table(table, report)
            county = county or Jurisdiction.objects.filter(parent__isnull=True, level=Jurisdiction.Level.COUNTY).first()
            record(acting_user, "places.import", object_type="places.jurisdiction",
                   object_id=county.code if county else "", after=report.audit(file_name))
    except IntegrityError:
        raise PlacesFileError(_("另一次辖区导入同时写入了相同的代码，请重新导入。")) from None
    return report


def _lock_county() -> Jurisdiction | None:
    """The county row, locked: every writer of the tree (places import, roll places,
    片区 edits) takes it first, so a township never moves while villages are being
    added under its old path."""
    return Jurisdiction.objects.select_for_update().filter(
        parent__isnull=True, level=Jurisdiction.Level.COUNTY).order_by("pk").first()


def do_add_places_from_roll(rows, *, acting_user, source: str = "") -> RollPlaces:
    """Add the townships and villages a roll names that are not known yet (from_roll.py);
    `rows`: DISTINCT (village_code, township, village, row count) of the roll snapshot.
    One audit entry when anything was added; known places are never renamed."""
    if acting_user is not None:
        access.require_role(acting_user, *access.COUNTY_WIDE)  # the roll is the county's data
    with transaction.atomic():
        county = _lock_county()
        known = dict(Jurisdiction.objects.values_list("code", "level"))
        result = from_roll.plan(rows, known, county.code if county else None)
        if result.townships or result.villages:
            from_roll.write(result, county)
            record(acting_user, "place.add_from_roll", county, after=result.audit(source))
    return result


def _require_admin(user):
    return access.require_role(user, Role.ADMIN)


def _area_name(name: str, county: Jurisdiction, *, other_than=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写片区名称。")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("片区名称过长（最多 %(max)s 个字）") % {"max": NAME_MAX}})
    if code := forbidden_character(name):
        raise ValidationError({"name": _("片区名称含有不可见的控制字符（%(code)s）") % {"code": code}})
    # The places import finds 片区 by name: two of one name could not be told apart.
    same = Jurisdiction.objects.filter(level=Jurisdiction.Level.AREA, parent=county, name=name)
    if same.exclude(pk=getattr(other_than, "pk", None)).exists():
        raise ValidationError({"name": _("已有名为“%(name)s”的片区。") % {"name": name}})
    return name


def do_create_area(name: str, *, acting_user) -> Jurisdiction:
    _require_admin(acting_user)
    with transaction.atomic():
        county = _lock_county()
        name = _area_name(name, county)
        codes = Jurisdiction.objects.filter(level=Jurisdiction.Level.AREA).values_list("code", flat=True)
        area = Jurisdiction.objects.create(code=tree.area_code(county, tree.next_area_number(county, codes)),
                                           name=name, level=Jurisdiction.Level.AREA, parent=county)
        record(acting_user, "area.create", area, after={"code": area.code, "name": area.name})
    return area


def do_rename_area(area_code: str, name: str, *, acting_user, expected_version: int | None) -> Jurisdiction:
    _require_admin(acting_user)
    with transaction.atomic():
        county = _lock_county()
        area = _locked(acting_user, area_code, Jurisdiction.Level.AREA)
        check_version(area, expected_version)
        before = area.name
        name = _area_name(name, county, other_than=area)
        if name != before:
            save_changes(area, {"name": name})
            record(acting_user, "area.rename", area, before={"name": before}, after={"name": name})
    return area


def do_move_township(township_code: str, area_code: str, *, acting_user, expected_version: int | None) -> Jurisdiction:
    """Put a township in a 片区 (`area_code` '' : directly under the county). Its villages,
    and so everything scoped by their paths, move with it in this transaction."""
    _require_admin(acting_user)
    with transaction.atomic():
        county = _lock_county()
        township = _locked(acting_user, township_code, Jurisdiction.Level.TOWNSHIP)
        check_version(township, expected_version)
        target = _locked(acting_user, area_code, Jurisdiction.Level.AREA) if area_code else county
        if township.parent_id == target.pk:
            return township
        before = Jurisdiction.objects.get(pk=township.parent_id).code
        old_path = township.path
        save_changes(township, {"parent": target, "path": f"{target.path}{township.code}/"})
        moved = tree.rewrite_subtree(township, old_path)
        record(acting_user, "area.move_township", township, before={"parent": before, "path": old_path},
               after={"parent": target.code, "path": township.path, "descendants_moved": moved})
    return township


def _locked(user, code: str, level: str) -> Jurisdiction:
    place = access.access_jurisdiction_by_code(user, code)
    if place.level != level:
        raise Http404
    return Jurisdiction.objects.select_for_update().get(pk=place.pk)
