"""Writes the .xls and .ods fixtures of tests/engine/test_import_files.py, once.

Run with xlwt and odfpy importable (they are not dependencies of Qingfeng; only these
committed files are used by the tests):
    pip install --target /tmp/fixture-libs xlwt==1.3.0 odfpy==1.4.1
    PYTHONPATH=/tmp/fixture-libs:. python tests/engine/files/make_fixtures.py
"""

from datetime import date
from pathlib import Path

from qingfeng.engine.normalize import id_check_char

HERE = Path(__file__).parent
HEADERS = ["户编号", "姓名", "证件号码", "出生日期", "纳入日期", "村"]


def valid_id(first17: str) -> str:
    return first17 + id_check_char(first17)


# household number as a number, a text ID, Excel dates, a number typed as ID (Excel rounded it)
ROWS = [
    [1001, "张三", valid_id("43082119600101123"), date(1960, 1, 1), date(2018, 3, 1), "桃园村"],
    [1002, "李四", valid_id("43082119710203456"), date(1971, 2, 3), date(2019, 7, 15), "桃园村"],
    [1003, "王五", 430821196001011000.0, date(1960, 1, 1), date(2020, 1, 2), "杏花村"],
]


# a payments part with its columns in another order: amounts as numbers, an Excel date
PAY_HEADERS = ["发放金额", "发放日期", "发放流水号", "项目名称", "资金所属期", "领取人姓名", "领取人证件号码"]
PAY_ROWS = [[300, date(2018, 3, 5), "P4", "低保金", "2018-03", "钱七", valid_id("43082119900101123")]]


def write_xls(path: Path, headers=HEADERS, rows=ROWS) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名册")
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for at, header in enumerate(headers):
        sheet.write(0, at, header)
    for number, row in enumerate(rows, start=1):
        for at, value in enumerate(row):
            sheet.write(number, at, value, dated) if isinstance(value, date) else sheet.write(number, at, value)
    book.save(str(path))


def write_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="名册")

    def cell(value):
        if isinstance(value, date):
            c = TableCell(valuetype="date", datevalue=value.isoformat())
        elif isinstance(value, (int, float)):
            c = TableCell(valuetype="float", value=value)
        else:
            c = TableCell(valuetype="string")
        c.addElement(P(text=str(value)))
        return c

    for row in [HEADERS, *ROWS]:
        tr = TableRow()
        for value in row:
            tr.addElement(cell(value))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


if __name__ == "__main__":
    write_xls(HERE / "保障对象名册.xls")
    write_ods(HERE / "保障对象名册.ods")
    write_xls(HERE / "资金发放明细_2018-03.xls", PAY_HEADERS, PAY_ROWS)
