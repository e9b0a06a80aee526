"""Revealing a reporter is a POST with a CSRF token: a GET (a link or an image on
another site) never writes a "viewed the reporter" audit entry (issue 13)."""

import pytest
from django.test import Client

from qingfeng.audit.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.fixture
def clue(make_clue):
    return make_clue()


def _views():
    return AuditEntry.objects.filter(action="clue.reporter.view").count()


def test_a_get_of_the_reporter_page_shows_the_button_and_records_nothing(world, login, clue):
    page = login(world.erin).get(f"/staff/clues/{clue.id}/reporter/")
    html = page.content.decode()
    assert page.status_code == 200 and 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "张举报" not in html and "13900001111" not in html
    assert _views() == 0


def test_the_api_reveal_refuses_a_get_and_records_nothing(world, login, clue):
    assert login(world.erin).get(f"/api/clues/{clue.id}/reporter").status_code == 405
    assert _views() == 0


def test_a_post_reveals_the_reporter_and_records_one_entry(world, login, clue):
    html = login(world.erin).post(f"/staff/clues/{clue.id}/reporter/").content.decode()
    assert "张举报" in html and "13900001111" in html
    entry = AuditEntry.objects.get(action="clue.reporter.view")
    assert (entry.actor, entry.object_id) == (world.erin, str(clue.id))


def test_the_clue_page_offers_the_reveal_as_a_form_button_without_script(world, login, clue):
    html = login(world.erin).get(f"/staff/clues/{clue.id}/").content.decode()
    start = html.index('id="show-reporter"')
    form = html[html.rindex("<form", 0, start):html.index("</form>", start)]
    assert 'method="post"' in form and f'action="/staff/clues/{clue.id}/reporter/"' in form
    assert "csrfmiddlewaretoken" in form and "<button" in form and "onclick" not in form
    assert _views() == 0


def test_a_cross_site_post_without_the_csrf_token_is_refused(world, clue):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="erin", password=PASSWORD)
    assert client.post(f"/staff/clues/{clue.id}/reporter/").status_code == 403
    assert client.post(f"/api/clues/{clue.id}/reporter").status_code == 403
    assert _views() == 0
