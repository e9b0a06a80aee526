"""The demo county is set up through the same places import a real county uses."""

from qingfeng.audit.models import AuditEntry
from qingfeng.demo import loader
from qingfeng.engine.generator.county import demo_county
from qingfeng.places.models import Jurisdiction


def test_the_demo_geography_goes_through_the_import_and_keeps_the_generated_area_codes(db):
    county = demo_county(7)
    loader.load_geography(county)
    entry = AuditEntry.objects.get(action="places.import")
    assert entry.after["added"] == 1 + len(county.townships) + len(county.villages)
    assert entry.after["areas_added"] == [a.code for a in county.areas]
    for township in county.townships:
        assert Jurisdiction.objects.get(code=township.code).parent.code == township.area_code
    for account in loader.demo_accounts(county):
        assert Jurisdiction.objects.filter(code=account.place_code).exists(), account.username


def test_loading_the_demo_geography_again_changes_nothing(db):
    county = demo_county(7)
    loader.load_geography(county)
    before = list(Jurisdiction.objects.values_list("code", "name", "parent__code", "path"))
    loader.load_geography(county)
    second = AuditEntry.objects.filter(action="places.import").order_by("seq").last()
    assert (second.after["added"], second.after["updated"], second.after["rejected"]) == (0, 0, 0)
    assert list(Jurisdiction.objects.values_list("code", "name", "parent__code", "path")) == before


def test_a_demo_county_loaded_before_the_import_existed_is_recognised(db):
    """Geography written by the old loader (same codes, 片区 P1…P6) is matched, not duplicated."""
    county = demo_county(7)
    root = Jurisdiction.objects.create(code=county.code, name=county.name, level="county")
    areas = {a.code: Jurisdiction.objects.create(code=a.code, name=a.name, level="area", parent=root)
             for a in county.areas}
    for t in county.townships[:3]:
        Jurisdiction.objects.create(code=t.code, name=t.name, level="township", parent=areas[t.area_code])
    loader.load_geography(county)
    assert Jurisdiction.objects.filter(level="area").count() == len(county.areas)
    assert AuditEntry.objects.get(action="places.import").after["updated"] == 0
