"""A roll import adds the townships and villages it does not know (portal.md, Places).

The `world` county knows 广福桥镇 (430821101) with 青山村 (430821101201) and 枫林村;
the rolls below name those under other spellings, a township the county does not
know yet (零阳街道), a village of another county and codes that are no village's.
"""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.audit.models import AuditEntry
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job
from qingfeng.places import from_roll
from qingfeng.places.actions import do_add_places_from_roll
from qingfeng.places.models import Jurisdiction

HEADER = ("户编号", "姓名", "证件号码", "与户主关系", "行政区划代码", "乡镇", "村")
ROWS = [
    ("H1", "张一", "430821198001010012", "户主", "430821101201", "广福桥乡", "青山新村"),  # known: not renamed
    ("H2", "张二", "430821198001020018", "户主", "430821001201", "零阳街道", "龙湖村"),
    ("H2", "张三", "430821198001030013", "之子", "430821001201", "零阳街道", "龙湖村"),
    ("H3", "李一", "430821198001040019", "户主", "430821001202", "零阳街道", "新溪村"),
    ("H4", "李二", "430821198001050014", "户主", "430821001203", "零阳镇", "松湖村"),  # a minority spelling
    ("H5", "王一", "430821198001060011", "户主", "4308210012", "零阳街道", "短码村"),  # 10 digits
    ("H6", "王二", "430822198001070017", "户主", "430822101201", "别县镇", "别县村"),  # another county
    ("H7", "王三", "430821198001080012", "户主", "430821107201", "溪口镇", ""),  # no village name
]


def roll_upload(rows) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("roll.csv", out.getvalue().encode("utf-8"))


def import_roll(client, rows):
    assert client.post("/staff/crosscheck/", {"files": [roll_upload(rows)]}).status_code == 302
    assert queue.run_once("w").status == Job.Status.DONE


def test_a_roll_import_adds_the_townships_and_villages_it_names_with_their_names(world, login, home):
    import_roll(login(world.erin), ROWS)

    township = Jurisdiction.objects.get(code="430821001")
    assert (township.name, township.level, township.parent) == ("零阳街道", "township", world.county)
    villages = Jurisdiction.objects.filter(parent=township).order_by("code")
    assert [(v.code, v.name, v.path) for v in villages] == [
        ("430821001201", "龙湖村", "/430821/430821001/430821001201/"),
        ("430821001202", "新溪村", "/430821/430821001/430821001202/"),
        ("430821001203", "松湖村", "/430821/430821001/430821001203/"),
    ]


def test_a_roll_import_never_renames_a_known_place(world, login, home):
    import_roll(login(world.erin), ROWS)

    assert Jurisdiction.objects.get(code="430821101201").name == "青山村"
    assert Jurisdiction.objects.get(code="430821101").name == "广福桥镇"


def test_codes_that_are_no_village_of_this_county_are_skipped_and_counted_in_one_audit_entry(world, login, home):
    import_roll(login(world.erin), ROWS)

    assert not Jurisdiction.objects.filter(code__in=["4308210012", "430822101201", "430822101", "430821107201"]).exists()
    entry = AuditEntry.objects.get(action="place.add_from_roll")
    assert entry.actor == world.erin
    assert {k: entry.after[k] for k in ("townships_added", "villages_added", "known", "skipped_codes",
                                        "other_county", "unnamed")} == {
        "townships_added": 1, "villages_added": 3, "known": 1, "skipped_codes": 1, "other_county": 1, "unnamed": 1}
    assert entry.after["village_codes"] == ["430821001201", "430821001202", "430821001203"]


def test_importing_the_same_roll_again_adds_nothing_and_audits_nothing(world, login, home):
    client = login(world.erin)
    import_roll(client, ROWS)
    before = Jurisdiction.objects.count()

    import_roll(client, ROWS + [("H8", "赵一", "430821198001090018", "户主", "430821001201", "零阳街道", "龙湖二村")])

    assert Jurisdiction.objects.count() == before
    assert AuditEntry.objects.filter(action="place.add_from_roll").count() == 1


def test_a_village_of_a_known_township_is_added_under_it(world, login, home):
    import_roll(login(world.erin), [("H9", "钱一", "430821101198", "户主", "430821101209", "广福桥镇", "石桥村")])

    village = Jurisdiction.objects.get(code="430821101209")
    assert (village.name, village.parent, village.path) == ("石桥村", world.t1, world.t1.path + "430821101209/")
    # Alice, the township's officer, has it in her scope at once.
    from qingfeng.accounts import access

    assert access.visible_jurisdictions(world.alice).filter(code="430821101209").exists()


def test_the_generated_county_bundle_sets_up_every_village_of_its_roll(world, login, home, bundle):
    client = login(world.gina)
    client.post("/staff/crosscheck/", {"files": [SimpleUploadedFile("roll.csv", (bundle / "roll.csv").read_bytes())]})
    queue.run_once("w")

    with open(bundle / "roll.csv", encoding="utf-8-sig") as f:
        codes = {row["行政区划代码"] for row in csv.DictReader(f)}
    known = set(Jurisdiction.objects.filter(level="village").values_list("code", flat=True))
    assert codes <= known and len(codes) > 20


def test_a_platform_without_a_county_adds_nothing(db):
    result = do_add_places_from_roll([("430821001201", "零阳街道", "龙湖村", 1)], acting_user=None)

    assert result.no_county and result.other_county == 1
    assert not Jurisdiction.objects.exists()


def test_the_most_used_spelling_names_a_new_place():
    rows = [("430821001201", "零阳街道", "龙湖村", 5), ("430821001201", "零阳镇", "龙胡村", 2)]
    result = from_roll.plan(rows, {}, "430821")
    assert result.townships == {"430821001": "零阳街道"} and result.villages == {"430821001201": "龙湖村"}
