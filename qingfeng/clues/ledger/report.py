"""What an import did: every row read is imported, updated or rejected with (row, column, reason)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class ImportReport:
    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # of the updated rows, those that changed nothing
    rejected: int = 0
    problems: list = field(default_factory=list)  # (row, column, reason)

    def reject(self, row: int, problems) -> None:
        self.rejected += 1
        self.problems.extend((row, column, reason) for column, reason in problems)

    def lines(self) -> list[str]:
        """The accounting, then one line per problem, for the command line and the page."""
        out = [
            _("读取行数：%(count)s") % {"count": self.read},
            _("新增：%(count)s") % {"count": self.imported},
            _("更新：%(count)s（其中无变化 %(unchanged)s）") % {"count": self.updated, "unchanged": self.unchanged},
            _("拒绝：%(count)s") % {"count": self.rejected},
        ]
        out += [_("第 %(row)s 行，%(column)s：%(reason)s") % {"row": row, "column": column, "reason": reason}
                for row, column, reason in self.problems]
        return out
