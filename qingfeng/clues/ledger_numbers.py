"""Clue numbers for ledger rows that come without one: QF-<year received>-<6 digits>."""

import re

from qingfeng.clues.models import Clue


class ClueNumbers:
    """Hands out the next free number per year; the unique index catches any race."""

    def __init__(self):
        self._last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self._last:
            self._last[year] = self._highest(year)
        self._last[year] += 1
        return f"QF-{year}-{self._last[year]:06d}"

    @staticmethod
    def _highest(year: int) -> int:
        last = (
            Clue.objects.filter(clue_no__regex=rf"^QF-{year}-[0-9]{{6}}$")
            .order_by("-clue_no").values_list("clue_no", flat=True).first()
        )
        return int(re.sub(r"^.*-", "", last)) if last else 0
