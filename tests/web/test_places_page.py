"""辖区设置: the administrator's page to see the county's places and upload the places table."""

import io

from qingfeng.audit.models import AuditEntry
from qingfeng.places import views
from qingfeng.places.models import Jurisdiction

from .places_support import COUNTY_ROWS, csv_bytes

URL = "/staff/places/"


def _upload(client, content: bytes, name="places.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(URL, {"file": upload})


def test_the_administrator_sees_the_county_its_areas_townships_and_village_counts(world, login):
    response = login(world.admin).get(URL)
    page = response.content.decode()
    assert response.status_code == 200 and "辖区设置" in page
    assert "慈利县（430821）" in page
    counts = page[page.index('id="place-counts"'):page.index("</dl>", page.index('id="place-counts"'))]
    assert [c.split("</dd>")[0] for c in counts.split("<dd>")[1:]] == ["慈利县（430821）", "2", "3", "4"]
    townships = page[page.index('id="townships"'):]
    assert "<td>广福桥镇</td><td>第一片区</td>" in townships.replace("\n", "").replace("    ", "")


def test_the_administrator_uploads_a_table_and_sees_the_report_with_rows_columns_and_reasons(world, login):
    content = csv_bytes([("430821101203", "新村", ""), ("430821999201", "孤村", "")], encoding="gb18030")
    response = _upload(login(world.admin), content)
    page = response.content.decode()
    assert response.status_code == 200
    report = page[page.index('id="import-report"'):page.index("</dl>", page.index('id="import-report"'))]
    assert [c.split("</dd>")[0] for c in report.split("<dd>")[1:]] == ["2", "1", "0", "0", "1"]
    assert "<td>3</td><td>行政区划代码</td><td>上级代码 430821999 既不在文件中，也不是已有辖区</td>" in page
    assert Jurisdiction.objects.filter(code="430821101203").exists()
    assert AuditEntry.objects.get(action="places.import").actor == world.admin


def test_an_administrator_of_a_county_without_townships_uploads_the_whole_table(db, django_user_model, client):
    from qingfeng.accounts.models import Role

    county = Jurisdiction.objects.create(code="430821", name="慈利县", level=Jurisdiction.Level.COUNTY)
    admin = django_user_model.objects.create(username="root", role=Role.ADMIN, jurisdiction=county)
    client.force_login(admin)
    assert 'id="townships"' not in client.get(URL).content.decode()
    response = _upload(client, csv_bytes(COUNTY_ROWS))
    assert response.status_code == 200
    assert Jurisdiction.objects.count() == 1 + 2 + 3 + 4
    assert 'id="townships"' in client.get(URL).content.decode()


def test_other_roles_may_neither_see_nor_upload(world, login):
    for user in (world.erin, world.frank, world.carol, world.alice, world.gina, world.hank):
        client = login(user)
        assert client.get(URL).status_code == 403, user.username
        assert _upload(client, csv_bytes([("430821101203", "新村", "")])).status_code == 403, user.username
        client.logout()
    assert not Jurisdiction.objects.filter(code="430821101203").exists()
    assert not AuditEntry.objects.filter(action="places.import").exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_file_over_the_size_limit_is_refused_with_the_limit(world, login, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD_MB", 0)
    response = _upload(login(world.admin), csv_bytes([("430821101203", "新村", "")]))
    assert response.status_code == 400 and "文件过大（最大 0 MB）。" in response.content.decode()
    assert not Jurisdiction.objects.filter(code="430821101203").exists()


def test_a_missing_or_unreadable_file_is_a_clear_error(world, login):
    client = login(world.admin)
    response = client.post(URL, {})
    assert response.status_code == 400 and "请选择辖区文件。" in response.content.decode()
    response = _upload(client, b"\x00\x01", name="places.xlsx")
    assert response.status_code == 400 and "places.xlsx：无法读取 Excel 文件" in response.content.decode()


def test_the_staff_menu_offers_the_page_to_administrators_only(world, login):
    assert URL in login(world.admin).get("/staff/").content.decode()
    assert URL not in login(world.erin).get("/staff/").content.decode()


def test_the_page_needs_the_same_queries_for_a_bigger_county(world, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for n in range(10):
        township = Jurisdiction.objects.create(code=f"43082120{n}", name=f"乡{n}", level="township", parent=world.p2)
        Jurisdiction.objects.create(code=f"{township.code}201", name=f"村{n}", level="village", parent=township)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(URL).content.decode()
    assert "乡9" in page
