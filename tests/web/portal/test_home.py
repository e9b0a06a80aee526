"""The public home page: entry points, village pages by township (no script needed),
readable on a 375 px phone, and a large-text mode kept in a cookie."""

import re

import pytest

from qingfeng.places.models import Jurisdiction


def test_home_links_to_lookup_report_follow_up_exposure_and_shows_the_report_phone(world, client, settings):
    settings.REPORT_PHONE = "0744-3221234"
    page = client.get("/").content.decode()
    entries = page[page.index('id="entry-points"'):page.index("</ul>", page.index('id="entry-points"'))]
    assert re.findall(r'href="([^"]+)"', entries) == ["/lookup/", "/report/", "/follow/", "/exposure/",
                                                         "tel:0744-3221234"]
    assert "惠民资金查询" in entries and "网上举报" in entries and "举报办理查询" in entries and "曝光台" in entries


def test_home_lists_every_township_with_links_to_its_villages_pages(world, client):
    page = client.get("/").content.decode()
    townships = page[page.index('id="townships"'):]
    for township in (world.t1, world.t2, world.t3):
        block = townships[townships.index(f'id="t-{township.code}"'):]
        block = block[:block.index("</details>")]
        assert f"<summary>{township.name}" in block
        villages = Jurisdiction.objects.filter(parent=township).order_by("code")
        assert re.findall(r'<a href="/v/(\d+)/">([^<]+)</a>', block) == [(v.code, v.name) for v in villages]
    assert "2 个村" in townships[townships.index('id="t-430821101"'):]


def test_the_villages_open_without_script_and_the_page_loads_nothing_from_outside(world, client):
    page = client.get("/").content.decode()
    assert "<details" in page and "<summary>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert '/static/qingfeng/portal.css' in page


def test_home_queries_do_not_grow_with_the_number_of_villages(world, client, django_assert_max_num_queries):
    for n in range(30):
        Jurisdiction.objects.create(code=f"430821106{300 + n}", name=f"新村{n}", level="village", parent=world.t3)
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


def test_large_text_is_switched_on_and_off_by_a_link_that_sets_a_cookie(world, client):
    page = client.get("/").content.decode()
    assert 'class="portal"' in page and "大字模式" in page

    response = client.get("/text-size/", {"size": "large", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert response.cookies["qf_text"].value == "large" and response.cookies["qf_text"]["samesite"] == "Lax"
    page = client.get("/").content.decode()
    assert 'class="portal large-text"' in page and "标准字号" in page

    client.get("/text-size/", {"size": "normal", "next": "/"})
    assert 'class="portal"' in client.get("/").content.decode()


def test_the_text_size_switch_never_redirects_to_another_site(client):
    response = client.get("/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert response.url == "/"


def test_a_township_a_roll_added_appears_on_home_under_the_county(world, client):
    from qingfeng.places.actions import do_add_places_from_roll

    do_add_places_from_roll([("430821001201", "零阳街道", "龙湖村", 3)], acting_user=None)
    page = client.get("/").content.decode()
    assert "<summary>零阳街道" in page and '<a href="/v/430821001201/">龙湖村</a>' in page


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.browser
def test_home_fits_a_375_px_phone_in_both_text_sizes_and_large_text_is_larger(world, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + "/")
    assert _overflow(page) == 0
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.entry strong')).fontSize)")
    tap = page.evaluate("document.querySelector('a.entry').getBoundingClientRect().height")
    assert tap >= 44  # a thumb-sized target

    page.click("#t-430821101 summary")
    assert page.is_visible("text=枫林村")

    page.click("#text-size")
    assert page.url == page.base_url + "/"
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.entry strong')).fontSize)")
    assert large >= normal * 1.25
    page.click("#t-430821101 summary")
    assert _overflow(page) == 0
    page.click("text=青山村")
    assert page.url.endswith("/v/430821101201/")
