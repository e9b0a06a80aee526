"""A campaign's results: the seed's quarterly paragraph ("共受理…线索…件，立案…件，处分…人，
组织处理…人，移送司法…人，追缴…万元，退还群众…万元") as a table and as a sentence.

Figures are qingfeng.reports.indicators.compute over the campaign's clues the user may
see, in two windows: the campaign's quarter (what happened within it: clues received,
cases filed, outcomes of clues closed in it) and all-time (from the earliest date a
clue may bear to today: the campaign's whole harvest, follow-up closed in later
quarters included). The sentence gives the all-time figures.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from qingfeng.cases.campaigns.access import campaign_clues
from qingfeng.cases.campaigns.periods import window_of
from qingfeng.clues.access import visible_clues
from qingfeng.clues.validation import EARLIEST
from qingfeng.reports import indicators

# The rows of the results table: the seed's paragraph in its order (counts of clues closed in
# the window), then the persons handled as decided in the window (人次, ledger.md §2) — which a
# sanction recorded on a clue still open shows at once.
KEYS = ("clues_received", "cases_filed", "persons_sanctioned", "org_handled", "first_form", "judicial",
        "recovered", "returned", "party_sanctions", "gov_sanctions", "form_1", "form_2", "form_3", "form_4")
HEADLINE = ("cases_filed", "persons_sanctioned", "org_handled", "recovered")


@dataclass
class Results:
    clue_count: int  # the campaign's clues the user can see, whenever received
    window: tuple[date, date] | None  # the campaign's quarter
    in_quarter: dict | None  # the indicators within the quarter (None without one)
    all_time: dict  # the indicators from EARLIEST to today

    def rows(self) -> list[tuple[str, str, object, object]]:
        """(key, label, in the quarter, all-time) per row of the table."""
        return [(key, _(indicators.LABELS[key]), self.in_quarter[key] if self.in_quarter else None,
                 self.all_time[key]) for key in KEYS]

    def sentence(self) -> str:
        f = self.all_time
        return _("共受理问题线索 %(clues)s 件，立案 %(cases)s 件，给予党纪政务处分 %(sanctioned)s 人，"
                 "组织处理 %(org)s 人，移送司法 %(judicial)s 人，追缴 %(recovered)s 万元，"
                 "退还群众 %(returned)s 万元。") % {
            "clues": f["clues_received"], "cases": f["cases_filed"], "sanctioned": f["persons_sanctioned"],
            "org": f["org_handled"], "judicial": f["judicial"], "recovered": in_wan(f["recovered"]),
            "returned": in_wan(f["returned"])}


def in_wan(amount: Decimal) -> Decimal:
    """元 as 万元 with two decimals, as the commission's reports write them."""
    return (Decimal(amount) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def results_of(user, campaign, today: date) -> Results:
    clues = campaign_clues(user, campaign).select_related(None)
    window = window_of(campaign)
    return Results(
        clue_count=clues.count(), window=window,
        in_quarter=indicators.compute(clues, *window) if window else None,
        all_time=indicators.compute(clues, EARLIEST, today),
    )


def headlines(user, campaigns, today: date) -> dict[int, dict]:
    """Campaign id -> {"clues": n, <HEADLINE all-time figures>} for the list page: one
    grouped count and one campaign breakdown, however many campaigns there are."""
    clues = visible_clues(user).select_related(None).filter(campaign__in=campaigns)
    counts = dict(clues.order_by().values_list("campaign_id").annotate(n=Count("id")))
    by_name = {row["key"]: row for row in indicators.breakdown(clues, EARLIEST, today, "campaign")}
    zeros = indicators.compute(clues.none(), EARLIEST, today)  # no query
    return {campaign.id: {"clues": counts.get(campaign.id, 0),
                          **{k: by_name.get(campaign.name, zeros)[k] for k in HEADLINE}}
            for campaign in campaigns}
