"""The demo county: loads idempotently, and every demo account sees only its own jurisdiction."""

import pytest

from qingfeng.clues.models import Clue
from qingfeng.demo import loader
from qingfeng.engine.generator.county import demo_county
from qingfeng.places.models import Household, Jurisdiction


def _outcome_counts():
    from qingfeng.cases.models import Accountability, Campaign, Case, Measure, Refund

    return tuple(model.objects.count() for model in (Campaign, Case, Measure, Refund, Accountability))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    import os

    home = os.environ.get("QINGFENG_HOME")
    os.environ["QINGFENG_HOME"] = str(tmp_path_factory.mktemp("demo-home"))  # the demo bundle goes there
    with django_db_blocker.unblock():
        accounts = loader.load(households=60, seed=7, progress=lambda *_: None)
        counts = (Jurisdiction.objects.count(), Household.objects.count(), Clue.objects.count())
        outcomes = _outcome_counts()
        loader.load(households=60, seed=7, progress=lambda *_: None)
        again = (Jurisdiction.objects.count(), Household.objects.count(), Clue.objects.count())
        assert _outcome_counts() == outcomes  # the second load adds no campaign, case, person or 问责 either
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
    county = demo_county()  # the bundle's places, whatever the seed of its households
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


def test_the_demo_has_campaigns_cases_persons_handled_and_accountability_in_its_figures(demo, db):
    from datetime import timedelta

    from django.utils import timezone

    from qingfeng.audit.models import AuditEntry
    from qingfeng.cases.models import Accountability, Campaign, Case, Refund
    from qingfeng.reports import indicators

    today = timezone.localdate()
    clues, held = Clue.objects.all(), Accountability.objects.all()
    figures = indicators.compute(clues, today - timedelta(days=400), today, held)
    for key in ("form_1", "form_2", "form_3", "form_4", "party_sanctions", "gov_sanctions",
                "village_cadres_sanctioned", "accountability_units", "accountability_leaders",
                "principal_leaders_accountable"):
        assert figures[key] > 0, key
    assert Campaign.objects.count() == 3 and Clue.objects.filter(campaign__isnull=False).exists()
    assert Case.objects.filter(stage=Case.Stage.CLOSED).exists()
    assert not Case.objects.filter(investigated__isnull=True).exists()  # every case names whom it investigated
    from qingfeng.cases.history import ACTION_LABELS
    from qingfeng.clues.supervision import ACTION_LABELS as CLUE_LABELS

    seeded = set(AuditEntry.objects.filter(object_type="clues.clue").values_list("action", flat=True))
    assert seeded - set(ACTION_LABELS) - set(CLUE_LABELS) == set()  # the clue history names every entry
    assert Refund.objects.filter(household__isnull=False).exists()
    campaigns = indicators.breakdown(clues, today - timedelta(days=400), today, "campaign", held)
    assert len(campaigns) > 1
    # Every clue's counts follow from its persons, and the seeding is on the audit trail.
    from qingfeng.cases.counts import FIELDS, counts_of

    with_persons = Clue.objects.filter(measures__isnull=False).distinct()
    assert with_persons.exists()
    for clue in with_persons:
        assert counts_of(clue) == {f: getattr(clue, f) for f in FIELDS}, clue.clue_no
    assert AuditEntry.objects.filter(action="measure.add").count() == clue.measures.model.objects.count()
    assert AuditEntry.objects.filter(action="accountability.create").count() == held.count()


def test_the_demo_s_village_finance_clues_are_tagged_to_this_quarter_s_village_finance_campaign(demo, db):
    from django.utils import timezone

    from qingfeng.core.months import quarter_of
    from qingfeng.cases.models import Campaign
    from qingfeng.clues.models import Source

    village_rules = ["R14", "R15", "R16", "R17", "R18"]
    campaign = Campaign.objects.get(name="村级财务清查")
    assert (campaign.year, campaign.quarter) == quarter_of(timezone.localdate()) and campaign.rules == village_rules
    data = list(Clue.objects.filter(source=Source.DATA).select_related("campaign"))
    village = [c for c in data if c.hit_key.split(":", 1)[0] in village_rules]
    assert {c.hit_key.split(":", 1)[0] for c in village} == set(village_rules)  # every rule has demo clues
    assert all(c.campaign == campaign for c in village)
    assert not [c for c in data if c not in village and c.campaign == campaign]  # and no other rule's
    roll = [c for c in data if c.hit_key.split(":", 1)[0] in ("R01", "R02", "R03")]
    assert roll and all(c.campaign.name == "互联网+监督数据比对" for c in roll)


def test_the_demo_has_reviewed_hits_and_one_exception(demo, db):
    from qingfeng.crosscheck.models import HitException, HitReview

    assert sorted(HitReview.objects.values_list("verdict", flat=True)) == ["confirmed", "confirmed", "refuted"]
    exception = HitException.objects.get()
    assert exception.review.verdict == "refuted" and not exception.is_revoked
