"""Calendar months (pure): adding months to a day, the way both sanctions and disclosures count them."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months; a day the target month lacks (the 31st) becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
