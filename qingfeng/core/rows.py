"""Row accounting shared by every file import: rows read, rows rejected with (row, column, reason)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class RowReport:
    read: int = 0
    rejected: int = 0
    problems: list = field(default_factory=list)  # (row, column, reason)

    def reject(self, row: int, problems) -> None:
        """Reject row `row` for `problems`, given as (column, reason)."""
        self.rejected += 1
        self.problems.extend((row, column, reason) for column, reason in problems)

    def problem_lines(self) -> list[str]:
        return [_("第 %(row)s 行，%(column)s：%(reason)s") % {"row": row, "column": column, "reason": reason}
                for row, column, reason in self.problems]
