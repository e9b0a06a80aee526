"""The /lookup/ page: a plain form POST with CSRF answering as the JSON endpoint."""

import re

from django.test import Client

from qingfeng.places.models import Jurisdiction
from tests.web.portal.lookup_data import ZHANG


def test_the_page_shows_the_masked_household_payments(client, published):
    page = client.get("/lookup/")
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    r = client.post("/lookup/", {"name": "张小三", "id_number": ZHANG})
    html = r.content.decode()
    assert r.status_code == 200
    assert "1550.40" in html and "2019-04-30" in html and "张*三" in html and "****1234" in html
    assert ZHANG not in html


def test_the_page_sums_the_payments_per_year_and_program_newest_year_first(client, published):
    html = client.post("/lookup/", {"name": "张小三", "id_number": ZHANG}).content.decode()
    table = html[html.index('class="lookup-totals"'):html.index("</table>")]
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in table.split("<tr>")[2:]]
    assert rows == [["2019", "农村低保金", "1200.20"], ["2018", "农村低保金", "350.10"], ["2018", "危房改造补助", "0.10"]]


def test_a_miss_on_the_page_says_nothing_of_its_cause(client, published):
    wrong_name = client.post("/lookup/", {"name": "张小四", "id_number": ZHANG}).content.decode()
    invalid = client.post("/lookup/", {"name": "张小四", "id_number": "123"}).content.decode()
    assert "未查到相关信息" in wrong_name

    def page(html):  # the CSRF token differs per response; nothing else may
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert page(wrong_name) == page(invalid)


def test_the_page_refuses_a_post_without_csrf(published):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/lookup/", {"name": "张小三", "id_number": ZHANG}).status_code == 403


def test_the_page_counts_against_the_address_limit(client, published, settings):
    settings.LOOKUP_PER_MINUTE = 1
    assert client.post("/lookup/", {"name": "张小三", "id_number": ZHANG}).status_code == 200
    r = client.post("/lookup/", {"name": "张小三", "id_number": ZHANG})
    assert r.status_code == 429 and "查询过于频繁" in r.content.decode()


def test_a_village_link_shows_the_village_name_only(client, published):
    county = Jurisdiction.objects.create(code="430821", name="慈利县", level=Jurisdiction.Level.COUNTY)
    town = Jurisdiction.objects.create(code="430821101", name="广福桥镇", level=Jurisdiction.Level.TOWNSHIP,
                                       parent=county)
    Jurisdiction.objects.create(code="430821101201", name="青山村", level=Jurisdiction.Level.VILLAGE, parent=town)
    html = client.get("/lookup/?village=430821101201").content.decode()
    assert "广福桥镇 青山村" in html
    assert "张*三" not in html and 'value=""' in html  # nothing about anyone, the name field empty
    assert "青山村" not in client.get("/lookup/?village=999").content.decode()
