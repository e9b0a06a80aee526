"""The bulletin's document number (发文字号 慈纪通〔2018〕6号) and its issuing organs.

Numbers run per year of issue (not of the month covered: the December bulletin issued
in January is the new year's first), taken from the counter "bulletin:YEAR" under its
row lock inside the issuing transaction, so two issues at once never share a number.
The prefix and the organs come from the settings BULLETIN_PREFIX / BULLETIN_ORGANS;
left empty they are derived from the county (the root jurisdiction): 慈利县 →
"慈纪通", "中共慈利县纪律检查委员会", "慈利县监察委员会".
"""

from django.conf import settings
from django.db.models import Max

from qingfeng.core import counters
from qingfeng.places.lookup import county


def county_name() -> str:
    found = county()
    return found.name if found else ""


def _short(county: str) -> str:
    """慈利县 → 慈 (the county's first character, as in 慈纪通)."""
    return county[:1]


def prefix() -> str:
    configured = getattr(settings, "BULLETIN_PREFIX", "")
    return configured or f"{_short(county_name())}纪通"


def organs() -> list[str]:
    configured = getattr(settings, "BULLETIN_ORGANS", "")
    if configured:
        return [part.strip() for part in configured.replace("；", ";").split(";") if part.strip()]
    county = county_name()
    return [f"中共{county}纪律检查委员会", f"{county}监察委员会"]


def office() -> str:
    """Who prints it (版记: 印发机关), e.g. 中共慈利县纪委办公室."""
    county = county_name()
    return f"中共{county}纪委办公室" if county else ""


def next_number(year: int) -> int:
    """The next number of `year` (inside the issuing transaction)."""
    from qingfeng.bulletins.models import Bulletin

    def highest() -> int:
        return Bulletin.objects.filter(number_year=year).aggregate(top=Max("number"))["top"] or 0

    return counters.next_value(f"bulletin:{year}", initial=highest)


def document_no(year: int, number: int) -> str:
    return f"{prefix()}〔{year}〕{number}号"
