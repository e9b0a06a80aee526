"""The public village page /v/<code>/: exactly the village's published disclosures, the entry points."""

from django.test import Client

from qingfeng.villages.actions import do_publish_disclosure

from .conftest import items


def test_the_village_page_carries_the_lookup_and_report_forms_for_the_village_and_the_report_phone(world, settings):
    settings.REPORT_PHONE = "0744-12388"
    page = Client().get(f"/v/{world.v1.code}/").content.decode()
    assert "青山村" in page and "广福桥镇" in page
    lookup = page[page.index('id="village-lookup"'):page.index('id="village-report"')]
    assert 'action="/lookup/"' in lookup and f'name="village" value="{world.v1.code}"' in lookup
    report = page[page.index('id="village-report"'):]
    assert 'action="/report/"' in report and 'name="csrfmiddlewaretoken"' in report
    assert f'name="township" value="{world.t1.code}"' in report and f'name="village" value="{world.v1.code}"' in report
    assert "0744-12388" in page


def test_a_report_from_the_village_page_is_a_clue_of_that_village(world):
    from qingfeng.clues.models import Clue

    client = Client()
    client.get(f"/v/{world.v1.code}/")
    page = client.post("/report/", {"township": world.t1.code, "village": world.v1.code, "anonymous": "1",
                                    "summary": "村里的公示栏半年没更新"}).content.decode()
    assert 'id="receipt"' in page
    assert Clue.objects.get().village == world.v1


def test_the_village_page_shows_exactly_the_villages_published_items_by_month(world, months):
    do_publish_disclosure(world.v1, acting_user=world.hank, month=months[1], item=items()[0], text="青山村的账")
    do_publish_disclosure(world.v1, acting_user=world.hank, month=months[0], title="自定：修桥", text="修桥的事")
    do_publish_disclosure(world.v2, acting_user=None, month=months[1], item=items()[0], text="龙泉村的账")
    page = Client().get(f"/v/{world.v1.code}/").content.decode()
    assert "青山村的账" in page and "修桥的事" in page and "龙泉村的账" not in page
    assert page.index(f'id="month-{months[0]:%Y-%m}"') < page.index(f'id="month-{months[1]:%Y-%m}"')
    assert page.count("<article") == 2


def test_an_unknown_code_or_a_township_code_is_not_found(world):
    client = Client()
    assert client.get("/v/430821999999/").status_code == 404
    assert client.get(f"/v/{world.t1.code}/").status_code == 404


def test_a_file_of_another_village_is_not_served_under_this_village(world, months):
    from .conftest import png

    disclosure = do_publish_disclosure(world.v2, acting_user=None, month=months[0], title="照片", text="见附件",
                                       attachments=[png()])
    attachment = disclosure.attachments.get()
    assert Client().get(f"/v/{world.v1.code}/files/{attachment.id}/").status_code == 404
    assert Client().get(f"/v/{world.v2.code}/files/{attachment.id}/").status_code == 200


def test_the_village_page_shows_no_id_number(world, months):
    do_publish_disclosure(world.v1, acting_user=None, month=months[0], item=items()[1], text="发放 3 户")
    page = Client().get(f"/v/{world.v1.code}/").content.decode()
    assert "430821198001010012" not in page
