"""The demo county's village disclosures: some villages complete, one late, one incomplete."""

from django.test import Client

from qingfeng.accounts.models import User
from qingfeng.demo.loader import load_accounts, load_geography
from qingfeng.demo.villages import load_village_disclosures
from qingfeng.engine.generator.county import demo_county
from qingfeng.villages.models import Disclosure


def test_the_demo_township_shows_complete_late_and_overdue_villages_and_loading_again_adds_nothing(db):
    county = demo_county(7)
    load_geography(county)
    load_accounts(county)
    assert load_village_disclosures(7, progress=lambda *_: None) > 0
    count = Disclosure.objects.count()
    assert load_village_disclosures(7, progress=lambda *_: None) == 0 and Disclosure.objects.count() == count
    client = Client()
    client.force_login(User.objects.get(username="xiangzhen"))
    page = client.get(f"/staff/villages/t/{county.townships[1].code}/").content.decode()
    for state in ("complete", "late", "overdue"):
        assert f'data-state="{state}"' in page
    member = Disclosure.objects.filter(author__username="cunjian").first()
    public = Client().get(f"/v/{member.village.code}/").content.decode()
    assert "已被更正" in public and "低保对象民主评议结果" in public
