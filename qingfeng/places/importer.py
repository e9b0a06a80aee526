"""Importing the county's places (shared/spec/places.md) from a table of division codes.

A code's length says what it is — 6 digits the county, 9 a township or 街道, 12 a
village or community — and its prefix says where it belongs. 片区 come by name on
township rows. Every row read is added, updated, unchanged or rejected with (row,
column, reason); the four always add up. Nothing is ever deleted, so importing the
same file twice changes nothing.

`apply_table` writes; it runs inside the caller's transaction (see actions.py).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from qingfeng.core.rows import RowReport
from qingfeng.core.text import forbidden_character
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import Table
from qingfeng.places.tree import area_code, next_area_number, rewrite_subtree

L = Jurisdiction.Level
LEVEL_BY_LENGTH = {6: L.COUNTY, 9: L.TOWNSHIP, 12: L.VILLAGE}
PARENT_LENGTH = {L.TOWNSHIP: 6, L.VILLAGE: 9}
NAME_MAX = Jurisdiction._meta.get_field("name").max_length


@dataclass
class ImportReport(RowReport):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    added_codes: list = field(default_factory=list)
    updated_codes: list = field(default_factory=list)
    areas_added: list = field(default_factory=list)  # codes of the 片区 created
    changes: dict = field(default_factory=dict)  # code → {"name"/"parent": [before, after]}

    def lines(self) -> list[str]:
        out = [
            _("读取行数：%(count)s") % {"count": self.read},
            _("新增：%(count)s") % {"count": self.added},
            _("更新：%(count)s") % {"count": self.updated},
            _("无变化：%(count)s") % {"count": self.unchanged},
            _("拒绝：%(count)s") % {"count": self.rejected},
        ]
        if self.areas_added:
            out.append(_("新建片区：%(count)s") % {"count": len(self.areas_added)})
        return out + self.problem_lines()

    def audit(self, file_name: str) -> dict:
        return {
            "file": file_name, "read": self.read, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected, "added_codes": self.added_codes,
            "updated_codes": self.updated_codes, "areas_added": self.areas_added, "changes": self.changes,
        }


@dataclass
class PlaceRow:
    row: int
    code: str
    name: str
    area: str  # '' when not given
    level: str = ""
    problems: list = field(default_factory=list)  # (column, reason)


def normalise_code(text: str) -> str:
    """Full-width digits, spaces, hyphens and Excel's leading apostrophe go; the official
    12-digit form of a county (430821000000) or a township (430821101000) is shortened."""
    code = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text)).lstrip("'")
    if len(code) == 12 and code.isdigit():
        if code.endswith("000000"):
            return code[:6]
        if code.endswith("000"):
            return code[:9]
    return code


def apply_table(table: Table, report: ImportReport) -> None:
    headers = table.headers
    rows = [_parse(number, values, headers) for number, values in table.rows]
    report.read = len(rows)
    places = {j.code: j for j in Jurisdiction.objects.all()}
    county = _county(places)
    first_row = _reject_duplicates(rows, headers)
    accepted = _check_parents(rows, first_row, county, places, headers)
    for p in rows:
        if p.problems:
            report.reject(p.row, p.problems)
    _Writer(places, county, report).write(accepted)
    report.problems.sort(key=lambda problem: problem[0])


def _county(places: dict) -> Jurisdiction | None:
    roots = [j for j in places.values() if j.parent_id is None and j.level == L.COUNTY]
    return min(roots, key=lambda j: j.pk) if roots else None


def _parse(number: int, values: dict, headers: dict) -> PlaceRow:
    p = PlaceRow(number, normalise_code(values.get("code", "")), values.get("name", "").strip(), values.get("area", ""))
    code_column, name_column = headers["code"], headers["name"]
    if not p.code:
        p.problems.append((code_column, _("行政区划代码为空")))
    elif not p.code.isdigit():
        p.problems.append((code_column, _("行政区划代码只能是数字：%(code)s") % {"code": p.code}))
    elif len(p.code) not in LEVEL_BY_LENGTH:
        p.problems.append((code_column, _(
            "行政区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区），此处为 %(n)s 位"
        ) % {"n": len(p.code)}))
    else:
        p.level = LEVEL_BY_LENGTH[len(p.code)]
    if not p.name:
        p.problems.append((name_column, _("名称为空")))
    elif len(p.name) > NAME_MAX:
        p.problems.append((name_column, _("名称过长（最多 %(max)s 个字）") % {"max": NAME_MAX}))
    elif code := forbidden_character(p.name):
        p.problems.append((name_column, _("名称含有不可见的控制字符（%(code)s）") % {"code": code}))
    if p.area:
        if p.level and p.level != L.TOWNSHIP:
            p.problems.append((headers["area"], _("片区只能填在乡镇、街道（9 位代码）的行上")))
        elif len(p.area) > NAME_MAX:
            p.problems.append((headers["area"], _("片区名称过长（最多 %(max)s 个字）") % {"max": NAME_MAX}))
        elif code := forbidden_character(p.area):
            p.problems.append((headers["area"], _("片区名称含有不可见的控制字符（%(code)s）") % {"code": code}))
    return p


def _reject_duplicates(rows: list[PlaceRow], headers: dict) -> dict:
    """code → the first row that has it (even a rejected one: its children go with it);
    later rows with the same code are rejected."""
    first_row = {}
    for p in rows:
        if not p.level:
            continue  # no usable code
        if p.code in first_row:
            p.problems.append((headers["code"], _("行政区划代码与第 %(row)s 行重复") % {"row": first_row[p.code].row}))
        else:
            first_row[p.code] = p
    return first_row


def _check_parents(rows, first_row, county, places, headers) -> list[PlaceRow]:
    """Rows whose parent exists — in the file (earlier or later) or already — by level,
    county first; a row whose parent row was rejected is rejected with it."""
    column = headers["code"]
    county_row = None
    for p in (p for p in rows if not p.problems and p.level == L.COUNTY):
        if county is not None and p.code != county.code:
            p.problems.append((column, _("本平台已设县级辖区 %(code)s %(name)s，一个平台只设一个县") % {
                "code": county.code, "name": county.name}))
        elif county_row is not None:
            p.problems.append((column, _("文件中已有县级辖区 %(code)s（第 %(row)s 行），一个平台只设一个县") % {
                "code": county_row.code, "row": county_row.row}))
        else:
            county_row = p
    county_code = county.code if county else (county_row.code if county_row else None)
    for level, parent_level in ((L.TOWNSHIP, L.COUNTY), (L.VILLAGE, L.TOWNSHIP)):
        for p in (p for p in rows if not p.problems and p.level == level):
            parent = p.code[:PARENT_LENGTH[level]]
            in_file = first_row.get(parent)
            known = places.get(parent)
            if level == L.TOWNSHIP and parent != county_code and county_code is not None and in_file is None:
                p.problems.append((column, _("上级代码 %(parent)s 不是本平台的县（%(county)s）") % {
                    "parent": parent, "county": county_code}))
            elif in_file is not None and in_file.problems:
                p.problems.append((column, _("上级 %(parent)s（第 %(row)s 行）未能导入") % {
                    "parent": parent, "row": in_file.row}))
            elif in_file is None and (known is None or known.level != parent_level):
                p.problems.append((column, _("上级代码 %(parent)s 既不在文件中，也不是已有辖区") % {"parent": parent}))
    return [p for p in rows if not p.problems]


class _Writer:
    """Writes the accepted rows: county, then 片区, townships, villages."""

    def __init__(self, places: dict, county: Jurisdiction | None, report: ImportReport):
        self.places, self.county, self.report = places, county, report

    def write(self, rows: list[PlaceRow]) -> None:
        by_level = {level: [p for p in rows if p.level == level] for level in LEVEL_BY_LENGTH.values()}
        for p in by_level[L.COUNTY]:
            self.county = self._upsert(p, None)
        areas = self._areas([p.area for p in by_level[L.TOWNSHIP] if p.area])
        for p in by_level[L.TOWNSHIP]:
            self._upsert(p, areas[p.area] if p.area else None)
        new_villages = []
        for p in by_level[L.VILLAGE]:
            township = self.places[p.code[:9]]
            if p.code in self.places:
                self._upsert(p, township)
            else:
                new_villages.append(Jurisdiction(code=p.code, name=p.name, level=L.VILLAGE, parent=township,
                                                 path=f"{township.path}{p.code}/"))
        Jurisdiction.objects.bulk_create(new_villages)  # a county's hundreds of villages in one statement
        self._added(p.code for p in new_villages)

    def _areas(self, names: list[str]) -> dict:
        """name → the county's 片区 of that name, created (in order of first mention) when new."""
        if not names:
            return {}
        existing = {j.name: j for j in self.places.values() if j.level == L.AREA and j.parent_id == self.county.pk}
        next_number = next_area_number(self.county, self.places)
        for name in dict.fromkeys(names):
            if name not in existing:
                area = Jurisdiction.objects.create(code=area_code(self.county, next_number), name=name, level=L.AREA,
                                                   parent=self.county)
                next_number += 1
                existing[name] = self.places[area.code] = area
                self.report.areas_added.append(area.code)
        return existing

    def _upsert(self, p: PlaceRow, parent: Jurisdiction | None) -> Jurisdiction:
        """`parent`: the area of a township (None: keep its place, or the county when new)."""
        place = self.places.get(p.code)
        if place is None:
            if p.level == L.TOWNSHIP:
                parent = parent or self.county
            place = Jurisdiction.objects.create(code=p.code, name=p.name, level=p.level, parent=parent)
            self.places[p.code] = place
            self._added([p.code])
            return place
        changes = {}
        if place.name != p.name:
            changes["name"] = [place.name, p.name]
            place.name = p.name
        old_path = place.path
        if parent is not None:
            if place.parent_id != parent.pk:
                before = next((j.code for j in self.places.values() if j.pk == place.parent_id), None)
                changes["parent"] = [before, parent.code]  # a move: rare, so a scan is fine
            place.parent = parent
        if not changes:
            self.report.unchanged += 1
            return place
        place.version = F("version") + 1  # a form opened before the import is stale now
        place.save(update_fields=["name", "parent", "path", "version"])  # save() recomputes the path
        place.refresh_from_db(fields=["version"])
        if place.path != old_path:
            rewrite_subtree(place, old_path)
        self.report.updated += 1
        self.report.updated_codes.append(p.code)
        self.report.changes[p.code] = changes
        return place

    def _added(self, codes) -> None:
        codes = list(codes)
        self.report.added += len(codes)
        self.report.added_codes.extend(codes)

