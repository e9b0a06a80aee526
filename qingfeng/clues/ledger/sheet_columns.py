"""The columns of the workbook's other two sheets: 处理人员 (ledger.md §4) and 问责 (§5).

As on the first sheet, a header is found by its Chinese or canonical name with any
surrounding spaces; other headers are kept as notes (`extra`) and written back on
export after the fixed columns.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from qingfeng.cases import measures as m
from qingfeng.clues.ledger.columns import _header_key, clean_header
from qingfeng.clues.ledger.read import LedgerFileError, cell_text, is_blank
from qingfeng.core.text import forbidden_character
from qingfeng.engine.bounds import column_letters

PERSONS_SHEET, ACCOUNTABILITY_SHEET = "处理人员", "问责"
TEXT, DATE, CHOICE, BOOL, AMOUNT, CLUE_NO, FORM, TOWNSHIP, NUMBER = (
    "text", "date", "choice", "bool", "amount", "clue_no", "form", "township", "no")


@dataclass(frozen=True)
class SheetColumn:
    zh: str
    canonical: str
    kind: str
    field: str = ""  # the model field (Measure or Accountability)
    choices: tuple[str, ...] = ()


PERSON_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("线索编号", "clue_no", CLUE_NO),
    SheetColumn("姓名", "name", TEXT, "name"),
    SheetColumn("单位及职务", "post", TEXT, "post"),
    SheetColumn("职级", "rank", CHOICE, "rank", tuple(m.Rank.values)),
    SheetColumn("政治面貌", "party_member", CHOICE, "party_member", (m.PARTY_MEMBER, m.NON_MEMBER)),
    SheetColumn("处理类别", "kind", CHOICE, "kind", tuple(m.Kind.values)),
    SheetColumn("处理种类", "measure", TEXT, "measure"),
    SheetColumn("决定日期", "decided_on", DATE, "decided_on"),
    SheetColumn("四种形态", "form", FORM, "form"),
    SheetColumn("追缴金额", "recovered", AMOUNT, "recovered"),
    SheetColumn("退还群众金额", "returned", AMOUNT, "returned"),
)

ACCOUNTABILITY_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("问责编号", "no", NUMBER, "no"),
    SheetColumn("决定日期", "decided_on", DATE, "decided_on"),
    SheetColumn("问责对象类型", "target_type", CHOICE, "target_type", tuple(m.TargetType.values)),
    SheetColumn("问责对象", "target", TEXT, "target"),
    SheetColumn("单位及职务", "post", TEXT, "post"),
    SheetColumn("所属乡镇", "township", TOWNSHIP),
    SheetColumn("是否主要负责人", "principal", BOOL, "principal"),
    SheetColumn("责任类型", "responsibility", CHOICE, "responsibility", tuple(m.Responsibility.values)),
    SheetColumn("问责方式", "measure", TEXT, "measure"),
    SheetColumn("问责事由", "reason", TEXT, "reason"),
    SheetColumn("关联线索编号", "clue_no", CLUE_NO),
)


class Layout:
    """Which cell of a sheet's rows holds which column; unknown headers become notes."""

    def __init__(self, columns: tuple[SheetColumn, ...], headers: list, header_row: int, where: str):
        lookup = {}
        for column in columns:
            lookup[_header_key(column.zh)] = column
            lookup[_header_key(column.canonical)] = column
        self.known: dict[str, int] = {}  # canonical -> cell index
        self.unknown: list[tuple[int, str]] = []
        for index, header in enumerate(headers):
            column = None if header is None else lookup.get(_header_key(header))
            if column is not None and column.canonical not in self.known:
                self.known[column.canonical] = index
            elif not is_blank(header):
                name = clean_header(header)
                if code := forbidden_character(name):
                    raise LedgerFileError(_(
                        "%(file)s：第 %(row)s 行第 %(column)s 列的表头含有不可见的控制字符（%(code)s），请删除后重新导入。"
                    ) % {"file": where, "row": header_row, "column": column_letters(index + 1), "code": code})
                self.unknown.append((index, name))

    def cell(self, cells: list, canonical: str):
        index = self.known.get(canonical)
        return cells[index] if index is not None and index < len(cells) else None

    def extra(self, cells: list) -> dict:
        return {name: cell_text(cells[index] if index < len(cells) else None) for index, name in self.unknown}


def is_header(columns: tuple[SheetColumn, ...]):
    """A function telling whether a row is that sheet's header (what read.find_header asks)."""
    keys = {_header_key(c.zh) for c in columns} | {_header_key(c.canonical) for c in columns}
    return lambda cell: cell is not None and _header_key(cell) in keys
