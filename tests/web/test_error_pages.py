"""403, 404 and 500 pages: in Chinese, inside the site's layout, with a way back."""

import pytest


def _is_site_page(html: str) -> bool:
    return 'class="brand"' in html and "qingfeng.css" in html and 'id="error-page"' in html


def test_a_forbidden_page_says_so_in_chinese_with_a_way_back_to_the_workbench(world, login):
    response = login(world.alice).get("/staff/clues/new/")  # township officers do not register clues
    html = response.content.decode()
    assert response.status_code == 403 and _is_site_page(html)
    assert "无权访问" in html and 'href="/staff/">返回工作台' in html
    assert 'class="staff-menu"' in html  # still the signed-in layout, menu included


def test_a_missing_page_says_so_in_chinese_with_links_home(world, login):
    response = login(world.bob).get("/staff/households/%d/" % world.h1.id)  # Alice's township: not Bob's
    html = response.content.decode()
    assert response.status_code == 404 and _is_site_page(html)
    assert "页面不存在" in html and "返回工作台" in html and "返回首页" in html


def test_a_visitor_on_a_missing_page_is_offered_the_portal_not_the_workbench(db, client):
    html = client.get("/no-such-page/").content.decode()
    assert "页面不存在" in html and "返回首页" in html and "返回工作台" not in html


@pytest.mark.urls("tests.web.error_urls")
def test_a_server_error_shows_a_styled_chinese_page_without_needing_a_request(world, login):
    client = login(world.erin)
    client.raise_request_exception = False
    response = client.get("/test-failure/")
    html = response.content.decode()
    assert response.status_code == 500 and _is_site_page(html)
    assert "系统出错" in html and 'href="/staff/"' in html and 'href="/"' in html
    assert "RuntimeError" not in html


def test_the_error_pages_follow_the_chosen_language(world, client):
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/no-such-page/").content.decode()
