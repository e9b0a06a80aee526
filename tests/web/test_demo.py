"""The demo county: loads idempotently, and every demo account sees only its own jurisdiction."""

import pytest

from qingfeng.clues.models import Clue
from qingfeng.demo import loader
from qingfeng.engine.generator.county import demo_county
from qingfeng.places.models import Household, Jurisdiction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    import os

    home = os.environ.get("QINGFENG_HOME")
    os.environ["QINGFENG_HOME"] = str(tmp_path_factory.mktemp("demo-home"))  # the demo bundle goes there
    with django_db_blocker.unblock():
        accounts = loader.load(households=60, seed=7, progress=lambda *_: None)
        counts = (Jurisdiction.objects.count(), Household.objects.count(), Clue.objects.count())
        loader.load(households=60, seed=7, progress=lambda *_: None)
        again = (Jurisdiction.objects.count(), Household.objects.count(), Clue.objects.count())
        yield accounts, counts, again
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    if home is None:
        os.environ.pop("QINGFENG_HOME")
    else:
        os.environ["QINGFENG_HOME"] = home


def test_loading_twice_changes_nothing(demo):
    _, counts, again = demo
    assert counts == again
    places, households, clues = counts
    county = demo_county(7)
    assert places == 1 + len(county.areas) + len(county.townships) + len(county.villages)
    assert len(county.townships) == 25 and len(county.areas) == 6
    assert households > 0 and clues > 0


def test_every_demo_account_logs_in_and_sees_only_its_jurisdiction(demo, client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the demo stored them
    accounts, _, _ = demo
    assert len({a.role for a in accounts}) == 8
    for account in accounts:
        client.logout()
        response = client.post("/accounts/login/", {"username": account.username, "password": loader.DEMO_PASSWORD})
        assert response.status_code == 302, account.username
        place = Jurisdiction.objects.get(code=account.place_code)
        assert place.name in client.get("/staff/").content.decode()
        items = client.get("/api/households?limit=1000").json()["items"]
        assert all(Jurisdiction.objects.get(code=h["village_code"]).path.startswith(place.path) for h in items)
