"""Small registry files in every format and encoding, for the import tests."""

import csv
import io
from pathlib import Path

ROLL_HEADER = ["户编号", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "行政区划代码",
               "乡镇", "村", "纳入日期", "退出日期", "人员状态"]
ROLL_ROWS = [
    ["H001", "沈靜", "430821199001011235", "户主", "女", "1990-01-01", "430821100201",
     "城关镇", "东村", "2018/3/5", "", "正常"],
    ["H001", "張 三", "430821900101123", "之子", "男", "19900101", "430821100201",
     "城关镇", "东村", "2018年3月5日", "2020.01.01", "迁出"],
    ["H002", "阿卜杜.热合曼", "4.30821E+17", "户主", "男", "", "430821100202",
     "城关镇", "西村", "43164", "", "正常"],
    ["H003", "", "430821199001011235", "户主", "男", "", "", "", "", "2018-03-05", "", ""],
    ["H004", "李四", "", "户主", "男", "", "", "", "", "不详", "", ""],
]


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
