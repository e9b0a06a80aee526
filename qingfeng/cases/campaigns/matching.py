"""Which campaign a cross-check clue of rule Rxx belongs to (tagging by rule).

A hit of rule Rxx received on day D is tagged to the campaign whose rules include Rxx
and whose quarter contains D. The choice, and why:
- only a campaign of D's own quarter: a theme is the work of its quarter, so a hit
  found later is not pushed back into an earlier quarter's campaign (nor into a coming
  one), and campaigns without a quarter (named by a ledger, not yet defined) never
  take clues by rule;
- several campaigns of that quarter covering Rxx: the most recently defined one (the
  highest id) — the theme leadership set last is the one the quarter is working on;
- none: the clue stays untagged (it can still be tagged in bulk).
"""

from datetime import date

from qingfeng.cases.models import Campaign
from qingfeng.core.months import quarter_of


def campaigns_by_rule(day: date) -> dict[str, Campaign]:
    """Rule id -> the campaign a clue of that rule received on `day` is tagged to."""
    year, quarter = quarter_of(day)
    chosen: dict[str, Campaign] = {}
    # Few campaigns a quarter; their rule lists are read in Python (JSON containment
    # lookups differ between SQLite and PostgreSQL).
    for campaign in Campaign.objects.filter(year=year, quarter=quarter).order_by("id"):
        for rule in campaign.rules:
            chosen[rule] = campaign  # later ids win
    return chosen
