"""What an import did: every row read is imported, updated or rejected with (row, column, reason).

The report is the ledger sheet's; the workbook's 处理人员 and 问责 sheets, when it has
them, get one `SheetReport` each, which adds up the same way and names its sheet in
every line. A problem noted without rejecting (`note`: a count the persons handled
override) does not change the accounting.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qingfeng.core.rows import RowReport


@dataclass
class SheetReport(RowReport):
    sheet: str = ""
    imported: int = 0
    updated: int = 0
    unchanged: int = 0

    def lines(self) -> list[str]:
        head = _("工作表“%(sheet)s”：读取行数 %(read)s，新增 %(imported)s，更新 %(updated)s（其中无变化 "
                 "%(unchanged)s），拒绝 %(rejected)s") % {
            "sheet": self.sheet, "read": self.read, "imported": self.imported, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected}
        return [head] + [
            _("工作表“%(sheet)s”第 %(row)s 行，%(column)s：%(reason)s") % {
                "sheet": self.sheet, "row": row, "column": column, "reason": reason}
            for row, column, reason in self.problems]


@dataclass
class ImportReport(RowReport):
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # of the updated rows, those that changed nothing
    reporters_kept: int = 0  # rows whose reporter cells were left aside: the importer may not see that reporter
    persons: SheetReport | None = None  # the 处理人员 sheet, when the workbook has one
    accountability: SheetReport | None = None  # the 问责 sheet, likewise

    @property
    def sheets(self) -> list[SheetReport]:
        """The reports of the other sheets the workbook had, in their order."""
        return [r for r in (self.persons, self.accountability) if r is not None]

    def note(self, row: int, column: str, reason: str) -> None:
        """A problem with a row that is imported all the same."""
        self.problems.append((row, column, reason))

    def lines(self) -> list[str]:
        """The accounting, then one line per problem, for the command line and the page;
        then each other sheet's accounting and problems."""
        out = [
            _("读取行数：%(count)s") % {"count": self.read},
            _("新增：%(count)s") % {"count": self.imported},
            _("更新：%(count)s（其中无变化 %(unchanged)s）") % {"count": self.updated, "unchanged": self.unchanged},
            _("拒绝：%(count)s") % {"count": self.rejected},
        ]
        if self.reporters_kept:
            out.append(_("反映人未改动：%(rows)s 行（反映人信息保密，导入人无权查看这些线索的反映人）") % {
                "rows": self.reporters_kept})
        out += self.problem_lines()
        for sheet in self.sheets:
            out += sheet.lines()
        return out
