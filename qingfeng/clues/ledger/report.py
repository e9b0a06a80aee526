"""What an import did: every row read is imported, updated or rejected with (row, column, reason)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qingfeng.core.rows import RowReport


@dataclass
class ImportReport(RowReport):
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # of the updated rows, those that changed nothing
    reporters_kept: int = 0  # rows whose reporter cells were left aside: the importer may not see that reporter

    def lines(self) -> list[str]:
        """The accounting, then one line per problem, for the command line and the page."""
        out = [
            _("读取行数：%(count)s") % {"count": self.read},
            _("新增：%(count)s") % {"count": self.imported},
            _("更新：%(count)s（其中无变化 %(unchanged)s）") % {"count": self.updated, "unchanged": self.unchanged},
            _("拒绝：%(count)s") % {"count": self.rejected},
        ]
        if self.reporters_kept:
            out.append(_("反映人未改动：%(rows)s 行（反映人信息保密，导入人无权查看这些线索的反映人）") % {
                "rows": self.reporters_kept})
        return out + self.problem_lines()
