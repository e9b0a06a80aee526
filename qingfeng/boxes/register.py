"""Reading the register of report boxes from a table (.xlsx first sheet, or CSV in UTF-8 /
GB18030): 编号, 乡镇, 村 (empty for a box at the township), 悬挂位置, 钥匙保管人, 悬挂日期
(optional). Every row is checked first, with (row, column, reason) for each problem; the
actions write only a file without problems (nothing is ever half-written)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core import checks
from qingfeng.core.rows import RowReport
from qingfeng.core.tables import TableFileError, find_header
from qingfeng.engine.normalize import parse_date
from qingfeng.engine.readers import cell_text
from qingfeng.places.models import Jurisdiction

L = Jurisdiction.Level
HEADERS = {
    "number": ("编号", "举报箱编号"),
    "township": ("乡镇", "所在乡镇", "乡镇（街道）"),
    "village": ("村", "所在村", "村（居）", "村（社区）"),
    "location": ("悬挂位置", "位置"),
    "key_holder": ("钥匙保管人", "保管人"),
    "installed_on": ("悬挂日期",),
}
REQUIRED = ("number", "township", "location", "key_holder")


class BoxFileError(TableFileError):
    """The file as a whole cannot be read (not a row problem)."""


@dataclass
class RegisterReport(RowReport):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list = field(default_factory=list)  # (row number, values) of the rows without problems

    def lines(self) -> list[str]:
        return [
            _("读取行数：%(count)s") % {"count": self.read},
            _("新增：%(count)s") % {"count": self.added},
            _("更新：%(count)s") % {"count": self.updated},
            _("无变化：%(count)s") % {"count": self.unchanged},
            _("有问题的行：%(count)s") % {"count": self.rejected},
        ] + self.problem_lines()


def _day(value, today: date) -> date | None:
    """The 悬挂日期 cell as a date (an Excel date, 2024-03-05, 2024/3/5, 2024年3月5日, 20240305);
    ValueError with the reason when it is no date or lies after `today`."""
    try:
        day = parse_date(value)
    except ValueError:
        raise ValueError(_("不是日期：%(value)s") % {"value": (cell_text(value) or "").strip()}) from None
    if day is not None and day > today:
        raise ValueError(_("日期不能晚于今天。"))
    return day


def read_register(rows: list[list], name: str, today: date | None = None) -> RegisterReport:
    """Check every row of the sheet `rows`; the report's `rows` are those without problems.
    A 悬挂日期 after `today` (default: today in the county) is a problem, as on the form."""
    today = today or timezone.localdate()
    found = find_header(rows, HEADERS, REQUIRED)
    if found is None:
        raise BoxFileError(_("%(file)s：找不到表头（应有“编号”“乡镇”“悬挂位置”“钥匙保管人”列）") % {"file": name})
    index, columns = found
    header = {key: (cell_text(rows[index][at]) or "").strip() for key, at in columns.items()}
    townships = {t.name: t for t in Jurisdiction.objects.filter(level=L.TOWNSHIP)}
    villages = {(v.parent_id, v.name): v for v in Jurisdiction.objects.filter(level=L.VILLAGE)}
    report, seen = RegisterReport(), {}
    for number, cells in enumerate(rows[index + 1:], start=index + 2):
        raw = {key: cells[at] if at < len(cells) else None for key, at in columns.items()}
        if not any((cell_text(cell) or "").strip() for cell in cells):
            continue  # an empty line is not a row
        report.read += 1
        problems, values = [], {}
        for key, limit in (("number", 30), ("location", 100), ("key_holder", 60)):
            try:
                values[key] = checks.text(key, cell_text(raw[key]) if raw[key] is not None else "", limit)
            except ValidationError as exc:
                problems.append((header[key], " ".join(exc.message_dict[key])))
        township_name = (cell_text(raw["township"]) or "").strip() if raw["township"] is not None else ""
        village_name = (cell_text(raw.get("village")) or "").strip() if raw.get("village") is not None else ""
        township = townships.get(township_name)
        if township is None:
            problems.append((header["township"], _("没有名为“%(name)s”的乡镇") % {"name": township_name}
                             if township_name else _("此项必填。")))
        elif village_name:
            village = villages.get((township.id, village_name))
            if village is None:
                problems.append((header["village"], _("%(township)s没有名为“%(name)s”的村") % {
                    "township": township.name, "name": village_name}))
            values["place"] = village
        else:
            values["place"] = township
        try:
            values["installed_on"] = _day(raw.get("installed_on"), today)
        except ValueError as exc:
            problems.append((header["installed_on"], str(exc)))
        box_number = values.get("number")
        if box_number and box_number in seen:
            problems.append((header["number"], _("编号与第 %(row)s 行重复") % {"row": seen[box_number]}))
        elif box_number:
            seen[box_number] = number
        if problems:
            report.reject(number, problems)
        else:
            report.rows.append((number, values))
    return report
