"""The demo county's monthly meetings: signing off entries of the imported books, one published
this month, one published late for last month, one recorded only; loading again adds nothing."""

from django.utils import timezone

from qingfeng.core.months import add_months
from qingfeng.demo.loader import load_accounts, load_geography
from qingfeng.demo.villages import load_village_disclosures, load_village_meetings
from qingfeng.engine.generator.county import demo_county
from qingfeng.villages import completeness
from qingfeng.villages.models import Meeting
from qingfeng.villages.months import month_of

from .village_support import entry, write_books


def test_the_demo_villages_hold_meetings_that_sign_off_their_books(db, home):
    county = demo_county(7)
    load_geography(county)
    load_accounts(county)
    township = county.townships[1]
    codes = sorted(v.code for v in county.villages if v.township_code == township.code)[:3]
    write_books(home, [entry(f"{c[-3:]}-{n}", village=c, amount=f"{100 * (n + 1)}.00") for c in codes for n in range(3)]
                + [entry(f"{codes[0][-3:]}-R", village=codes[0], reviewed=True)])
    load_village_disclosures(7, progress=lambda *_: None)
    assert load_village_meetings(7, progress=lambda *_: None) == 3
    assert load_village_meetings(7, progress=lambda *_: None) == 0 and Meeting.objects.count() == 3
    first, second, third = Meeting.objects.order_by("village__code")
    assert [e.voucher_no for e in first.entries.all()] == [f"{codes[0][-3:]}-0", f"{codes[0][-3:]}-1"]
    assert first.published and second.published and not third.published
    assert first.recorded_by is not None and first.recorded_by.username == "cunjian"
    last_month = add_months(month_of(timezone.localdate()), -1)
    status = completeness.village_months([second.village_id], [last_month], timezone.localdate())[second.village_id][0]
    assert "村务监督委员会月例会" in status.published
