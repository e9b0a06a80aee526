"""Helpers of the campaign tests: a campaign made through its action, and clues with outcomes."""

from datetime import date
from decimal import Decimal

from qingfeng.cases.campaigns.actions import do_create_campaign
from qingfeng.clues.actions import do_create_clue
from qingfeng.clues.models import Clue


def campaign(world, name="危房改造和易地搬迁", year=2024, quarter=1, **values):
    return do_create_campaign(acting_user=world.frank, name=name, year=year, quarter=quarter, **values)


def clue(world, township, received_on: date, *, campaign=None, **outcome) -> Clue:
    """A clue registered by the intake officer, then given its outcome as a ledger would hold it
    (filed_on, closed_on, the four counts, the two amounts)."""
    made, _ = do_create_clue(acting_user=world.erin, received_on=received_on, source="信访举报", channel="来信",
                             township=township, category="虚报冒领", summary="危房改造补助被冒领",
                             campaign=campaign)
    if outcome:
        for name in ("recovered", "returned"):
            if name in outcome:
                outcome[name] = Decimal(outcome[name])
        if outcome.get("filed_on"):
            outcome["case_filed"] = True
        if outcome.get("closed_on"):
            outcome["state"] = "已办结"
        Clue.objects.filter(id=made.id).update(**outcome)
        made.refresh_from_db()
    return made
