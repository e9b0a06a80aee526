"""Places tables for the tests: rows of (code, name, area) written as CSV or XLSX."""

import csv
import io

HEADERS_ZH = ("行政区划代码", "名称", "片区")
HEADERS_EN = ("code", "name", "area")

# A small county of its own (not the `world` fixture's), listed parents first.
COUNTY_ROWS = [
    ("430821", "慈利县", ""),
    ("430821101", "广福桥镇", "第一片区"),
    ("430821102", "东岳观镇", "第一片区"),
    ("430821106", "江垭镇", "第二片区"),
    ("430821101201", "青山村", ""),
    ("430821101202", "枫林村", ""),
    ("430821102201", "龙泉村", ""),
    ("430821106201", "石门村", ""),
]


def csv_bytes(rows, headers=HEADERS_ZH, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def write_csv(path, rows, headers=HEADERS_ZH, encoding="utf-8"):
    path.write_bytes(csv_bytes(rows, headers, encoding))
    return path


def write_xlsx(path, rows, headers=HEADERS_ZH, title=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
