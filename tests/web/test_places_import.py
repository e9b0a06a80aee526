"""Importing the county's places (shared/spec/places.md): codes, prefixes, 片区 by name,
idempotence, encodings and formats, and the row accounting."""

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.audit.models import AuditEntry
from qingfeng.places.actions import do_import_places
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import PlacesFileError

from .places_support import COUNTY_ROWS, HEADERS_EN, write_csv, write_xlsx

L = Jurisdiction.Level


def _import(tmp_path, rows, name="places.csv", **options):
    return do_import_places(write_csv(tmp_path / name, rows, **options), acting_user=None)


def _tree():
    return list(Jurisdiction.objects.order_by("code").values_list("code", "name", "level", "parent__code", "path"))


def _place(code):
    return Jurisdiction.objects.get(code=code)


def test_an_empty_platform_gets_its_county_townships_villages_and_areas(db, tmp_path):
    report = _import(tmp_path, COUNTY_ROWS)
    assert (report.read, report.added, report.updated, report.unchanged, report.rejected) == (8, 8, 0, 0, 0)
    assert report.areas_added == ["430821P1", "430821P2"]
    assert _place("430821P1").name == "第一片区" and _place("430821P1").parent.code == "430821"
    assert _place("430821101").parent.code == "430821P1" and _place("430821106").parent.code == "430821P2"
    village = _place("430821101202")
    assert village.level == L.VILLAGE and village.path == "/430821/430821P1/430821101/430821101202/"
    assert _place("430821").level == L.COUNTY and _place("430821").parent is None


def test_parents_may_come_later_in_the_same_file(db, tmp_path):
    report = _import(tmp_path, list(reversed(COUNTY_ROWS)))
    assert (report.added, report.rejected) == (8, 0)
    village = _place("430821106201")
    area = village.parent.parent
    assert area.name == "第二片区" and village.path == f"/430821/{area.code}/430821106/430821106201/"


def test_a_row_whose_parent_is_neither_in_the_file_nor_known_is_rejected_with_row_column_and_reason(db, tmp_path):
    rows = [*COUNTY_ROWS, ("430821999201", "孤村", ""), ("430822101", "邻县镇", "")]
    report = _import(tmp_path, rows)
    assert (report.added, report.rejected) == (8, 2)
    assert report.problems == [
        (10, "行政区划代码", "上级代码 430821999 既不在文件中，也不是已有辖区"),
        (11, "行政区划代码", "上级代码 430822 不是本平台的县（430821）"),
    ]
    assert not Jurisdiction.objects.filter(code__in=["430821999201", "430822101"]).exists()


def test_the_villages_of_a_rejected_township_row_are_rejected_with_it(db, tmp_path):
    rows = [("430821", "慈利县", ""), ("430821101", "", ""), ("430821101201", "青山村", "")]
    report = _import(tmp_path, rows)
    assert report.problems == [(3, "名称", "名称为空"), (4, "行政区划代码", "上级 430821101（第 3 行）未能导入")]
    assert _tree() == [("430821", "慈利县", L.COUNTY, None, "/430821/")]


def test_a_township_needs_a_county_somewhere(db, tmp_path):
    report = _import(tmp_path, [("430821101", "广福桥镇", "")])
    assert report.problems == [(2, "行政区划代码", "上级代码 430821 既不在文件中，也不是已有辖区")]
    assert not Jurisdiction.objects.exists()


def test_parents_already_known_are_used_and_a_new_township_without_area_sits_under_the_county(world, tmp_path):
    report = _import(tmp_path, [("430821101203", "新村", ""), ("430821115", "高桥镇", ""), ("430821115201", "高桥村", "")])
    assert (report.added, report.rejected) == (3, 0)
    assert _place("430821101203").path == world.t1.path + "430821101203/"
    assert _place("430821115").parent == world.county
    assert _place("430821115201").path == "/430821/430821115/430821115201/"


def test_a_new_area_is_created_by_name_and_a_known_one_is_found_by_name(world, tmp_path):
    report = _import(tmp_path, [("430821115", "高桥镇", "第三片区"), ("430821116", "阳和镇", "第二片区")])
    assert report.areas_added == ["430821P3"]
    assert _place("430821P3").name == "第三片区" and _place("430821115").parent.code == "430821P3"
    assert _place("430821116").parent == world.p2
    assert Jurisdiction.objects.filter(level=L.AREA).count() == 3


def test_a_known_code_has_its_name_updated_and_an_empty_area_keeps_its_area(world, tmp_path):
    report = _import(tmp_path, [("430821101", "广福桥镇（新）", ""), ("430821102", "东岳观镇", "")])
    assert (report.updated, report.unchanged) == (1, 1)
    assert report.changes == {"430821101": {"name": ["广福桥镇", "广福桥镇（新）"]}}
    assert _place("430821101").name == "广福桥镇（新）" and _place("430821101").parent == world.p1


def test_a_township_moved_to_another_area_takes_its_villages_and_households_with_it(world, tmp_path, login):
    report = _import(tmp_path, [("430821102", "东岳观镇", "第二片区")])
    assert (report.updated, report.changes) == (1, {"430821102": {"parent": ["430821P1", "430821P2"]}})
    assert _place("430821102").path == "/430821/430821P2/430821102/"
    assert _place("430821102201").path == "/430821/430821P2/430821102/430821102201/"
    assert _place("430821101201").path == "/430821/430821P1/430821101/430821101201/"  # the neighbour stays
    # Carol leads 片区 P1: T2's household is no longer hers; Ivan (P2) now sees it.
    carol_sees = {h["household_no"] for h in login(world.carol).get("/api/households").json()["items"]}
    assert carol_sees == {"H-T1-001"}
    ivan_sees = {h["household_no"] for h in login(world.ivan).get("/api/households").json()["items"]}
    assert ivan_sees == {"H-T2-001", "H-T3-001"}


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    _import(tmp_path, COUNTY_ROWS)
    before = _tree()
    report = _import(tmp_path, COUNTY_ROWS)
    assert (report.read, report.added, report.updated, report.unchanged, report.rejected) == (8, 0, 0, 8, 0)
    assert report.areas_added == [] and _tree() == before


def test_gb18030_and_utf8_bom_csv_are_read(db, tmp_path):
    rows = [("430821", "慈利县", ""), ("430821203", "金岩土家族乡", "第五片区"), ("430821203201", "䶮村", "")]
    report = _import(tmp_path, rows, encoding="gb18030")
    assert (report.added, report.rejected) == (3, 0)
    assert _place("430821203201").name == "䶮村"  # a character outside GBK: GB18030 proper
    report = _import(tmp_path, [("430821203", "金岩乡", "")], name="bom.csv", encoding="utf-8-sig")
    assert (report.updated, _place("430821203").name) == (1, "金岩乡")


def test_english_headers_and_spaces_around_headers_are_accepted(db, tmp_path):
    report = _import(tmp_path, COUNTY_ROWS, headers=HEADERS_EN)
    assert (report.added, report.rejected) == (8, 0)
    report = _import(tmp_path, [("430821101", "广福桥", "")], headers=(" 行政区划代码 ", "名 称", "片区"))
    assert report.updated == 1


def test_problems_name_the_column_as_the_file_spells_it(db, tmp_path):
    report = _import(tmp_path, [("43082x", "慈利县", "")], headers=HEADERS_EN)
    assert report.problems == [(2, "code", "行政区划代码只能是数字：43082x")]


def test_an_xlsx_with_a_title_row_and_codes_typed_as_numbers_is_read(db, tmp_path):
    rows = [(430821, "慈利县", None), (430821101, "广福桥镇", "第一片区"), (430821101201, "青山村", None)]
    path = write_xlsx(tmp_path / "places.xlsx", rows, title="慈利县行政区划")
    report = do_import_places(path, acting_user=None)
    assert (report.added, report.rejected) == (3, 0)
    assert _place("430821101201").path == "/430821/430821P1/430821101/430821101201/"


def test_the_official_twelve_digit_forms_of_county_and_township_codes_are_accepted(db, tmp_path):
    rows = [("430821000000", "慈利县", ""), ("430821101000", "广福桥镇", ""), ("430821101201", "青山村", "")]
    report = _import(tmp_path, rows)
    assert (report.added, report.rejected) == (3, 0)
    assert set(Jurisdiction.objects.values_list("code", flat=True)) == {"430821", "430821101", "430821101201"}


@pytest.mark.parametrize("code, reason", [
    ("4308a1101", "行政区划代码只能是数字：4308a1101"),
    ("4308211", "行政区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区），此处为 7 位"),
    ("43082110120", "行政区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区），此处为 11 位"),
    ("4308211012011", "行政区划代码应为 6 位（县）、9 位（乡镇、街道）或 12 位（村、社区），此处为 13 位"),
    ("", "行政区划代码为空"),
])
def test_a_malformed_code_is_rejected(world, tmp_path, code, reason):
    report = _import(tmp_path, [(code, "某地", "")])
    assert report.problems == [(2, "行政区划代码", reason)] and report.rejected == 1


def test_full_width_digits_and_spaces_in_a_code_are_cleaned(world, tmp_path):
    report = _import(tmp_path, [("４３０８２１ １０１ ２０３", "新村", "")])
    assert report.added_codes == ["430821101203"]


def test_names_must_be_present_and_fit(world, tmp_path):
    report = _import(tmp_path, [("430821101203", "村" * 61, ""), ("430821101204", "  ", "")])
    assert report.problems == [(2, "名称", "名称过长（最多 60 个字）"), (3, "名称", "名称为空")]


def test_an_area_on_a_village_row_is_rejected(world, tmp_path):
    report = _import(tmp_path, [("430821101203", "新村", "第一片区")])
    assert report.problems == [(2, "片区", "片区只能填在乡镇、街道（9 位代码）的行上")]


def test_a_code_twice_in_one_file_is_rejected_the_second_time(world, tmp_path):
    report = _import(tmp_path, [("430821101203", "新村", ""), ("430821101203", "另一村", "")])
    assert report.problems == [(3, "行政区划代码", "行政区划代码与第 2 行重复")]
    assert _place("430821101203").name == "新村"


def test_a_second_county_is_rejected(world, tmp_path):
    report = _import(tmp_path, [("430822", "邻县", ""), ("430822101", "邻县镇", "")])
    assert report.problems == [
        (2, "行政区划代码", "本平台已设县级辖区 430821 慈利县，一个平台只设一个县"),
        (3, "行政区划代码", "上级 430822（第 2 行）未能导入"),
    ]
    assert Jurisdiction.objects.filter(level=L.COUNTY).count() == 1


def test_two_counties_in_the_file_of_an_empty_platform_keep_only_the_first(db, tmp_path):
    report = _import(tmp_path, [("430821", "慈利县", ""), ("430822", "邻县", "")])
    assert report.problems == [(3, "行政区划代码", "文件中已有县级辖区 430821（第 2 行），一个平台只设一个县")]
    assert list(Jurisdiction.objects.values_list("code", flat=True)) == ["430821"]


def test_one_audit_entry_per_import_with_counts_and_codes(world, tmp_path):
    _import(tmp_path, [("430821101203", "新村", ""), ("430821102", "东岳观镇（改）", ""), ("4308", "坏", "")])
    entry = AuditEntry.objects.get(action="places.import")
    assert entry.actor is None and entry.actor_name == "system" and entry.object_id == "430821"
    assert {k: entry.after[k] for k in ("file", "read", "added", "updated", "unchanged", "rejected")} == {
        "file": "places.csv", "read": 3, "added": 1, "updated": 1, "unchanged": 0, "rejected": 1}
    assert entry.after["added_codes"] == ["430821101203"] and entry.after["updated_codes"] == ["430821102"]


def test_a_failure_while_writing_leaves_nothing_half_written(db, tmp_path, monkeypatch):
    from qingfeng.places import actions

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "record", fail)
    with pytest.raises(RuntimeError):
        _import(tmp_path, COUNTY_ROWS)
    assert not Jurisdiction.objects.exists()


def test_only_an_administrator_may_import(world, tmp_path):
    path = write_csv(tmp_path / "p.csv", [("430821101203", "新村", "")])
    with pytest.raises(PermissionDenied):
        do_import_places(path, acting_user=world.erin)
    assert do_import_places(path, acting_user=world.admin).added == 1
    assert AuditEntry.objects.get(action="places.import").actor == world.admin


@pytest.mark.parametrize("name, content, message", [
    ("p.csv", "名字,地方\n1,2\n", "p.csv：找不到表头（应有“行政区划代码”和“名称”两列，或 code 和 name）"),
    ("p.pdf", "x", "p.pdf：不支持的文件类型（应为 .xlsx 或 .csv）"),
    ("p.xlsx", "not a workbook", "p.xlsx：无法读取 Excel 文件"),
])
def test_a_file_that_cannot_be_read_raises_and_writes_nothing(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlacesFileError) as error:
        do_import_places(path, acting_user=None)
    assert str(error.value).startswith(message)
    assert not AuditEntry.objects.exists() and not Jurisdiction.objects.exists()


def test_a_place_or_area_name_with_a_control_character_is_rejected_with_row_column_and_reason(db, tmp_path):
    rows = [*COUNTY_ROWS, ("430821101203", "桃\x00源村", ""), ("430821107", "零阳镇", "第三\x1b片区")]
    report = _import(tmp_path, rows)
    assert (report.added, report.rejected) == (8, 2)
    assert report.problems == [
        (10, "名称", "名称含有不可见的控制字符（U+0000）"),
        (11, "片区", "片区名称含有不可见的控制字符（U+001B）"),
    ]
    assert not Jurisdiction.objects.filter(code__in=["430821101203", "430821107"]).exists()
