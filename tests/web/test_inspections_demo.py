"""The demo county's 巡察整改 reproduces the seed's 2018 figures on the indicator page, and
its boxes, openings and market-day points load (idempotently) through the real actions."""

import pytest

from qingfeng.boxes.models import BoxOpening, ReportBox
from qingfeng.clues.models import Channel, Clue, Source
from qingfeng.demo import loader
from qingfeng.demo.inspections import load_inspections
from qingfeng.engine.generator.county import demo_county
from qingfeng.inspections.models import Problem
from qingfeng.places.models import MarketDay


@pytest.fixture
def demo(db):
    county = demo_county()
    loader.load_geography(county)
    loader.load_accounts(county)
    load_inspections(progress=lambda *_: None)
    return county


def test_seed_figures_on_the_indicator_page(demo, client):
    from qingfeng.accounts.models import User

    client.force_login(User.objects.get(username="shuji"))
    page = client.get("/staff/inspections/indicators/?year=2018").content.decode()
    total = page.split('id="year-total"')[1].split("</tr>")[0]
    seed = {"villages": "72", "extended_villages": "129", "problems": "283", "rectified": "283", "immediate": "84",
            "immediate_rectified": "84", "suggestions": "42", "rules": "31", "money_returned": "968420.00"}
    for col, value in seed.items():
        assert f'data-col="{col}">{value}<' in total, col
    assert "常规巡察 3" in page and "专项巡察 1" in page


def test_demo_boxes_openings_markets_and_a_second_load_adds_nothing(demo):
    counts = (ReportBox.objects.count(), BoxOpening.objects.count(), Clue.objects.count(), Problem.objects.count(),
              MarketDay.objects.count())
    assert 20 <= counts[0] <= 60 and counts[1] > 0 and counts[4] == 12
    assert Clue.objects.filter(channel=Channel.BOX, box_item__isnull=False).exists()
    assert Clue.objects.filter(source=Source.INSPECTION, inspection_problem__isnull=False).count() == 1
    assert Clue.objects.filter(channel=Channel.VISIT, market_day__isnull=False).exists()
    load_inspections(progress=lambda *_: None)
    assert counts == (ReportBox.objects.count(), BoxOpening.objects.count(), Clue.objects.count(),
                      Problem.objects.count(), MarketDay.objects.count())


def test_demo_township_officer_has_inspection_and_box_reminders(demo):
    from django.utils import timezone

    from qingfeng.accounts.models import User
    from qingfeng.boxes.reminders import reminders as box_reminders
    from qingfeng.inspections.reminders import reminders

    officer = User.objects.get(username="xiangzhen")
    today = timezone.localdate()
    kinds = [(r.kind, r.overdue) for r in reminders(officer, today)]
    assert ("inspection_deadline", True) in kinds and ("inspection_deadline", False) in kinds
    assert box_reminders(officer, today)
