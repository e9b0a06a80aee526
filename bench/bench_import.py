"""Import benchmark: a synthetic payments registry (messy CSV) through the hub.

    .venv/bin/python bench/bench_import.py --rows 1000000 [--gb18030] [--parquet] [--file F]

Prints the time to generate the file (not part of the import) and to import it, with
the time of each import phase, the CPU time (steadier than wall time on a busy
machine) and the peak RSS of the process. ``--file`` imports an existing payments
file (e.g. a generated province bundle's payments.parquet) instead.
"""

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qingfeng.engine import sqlnorm as sq  # noqa: E402
from qingfeng.engine.hub import Hub  # noqa: E402

HEADER = ("发放流水号,项目名称,资金所属期,领取人姓名,领取人证件号码,户编号,银行账号,账户户名,"
          "发放金额,发放日期,行政区划代码,发放单位")


def generate(path: Path, rows: int, fmt: str) -> None:
    """Rows with valid and invalid IDs, several date/period/amount spellings."""
    con = duckdb.connect()
    id17 = ("('430821' || (1950 + i % 60) || lpad((1 + i % 12)::VARCHAR, 2, '0') "
            "|| lpad((1 + i % 28)::VARCHAR, 2, '0') || lpad((i % 1000)::VARCHAR, 3, '0'))")
    con.execute(f"""
        CREATE TABLE p AS SELECT
          'P' || i AS "发放流水号",
          ['低保金', '特困供养金', '残疾人补贴'][1 + i % 3] AS "项目名称",
          CASE i % 3 WHEN 0 THEN '2018-0' || (1 + i % 9) WHEN 1 THEN '20180' || (1 + i % 9)
               ELSE '2018年' || (1 + i % 9) || '月' END AS "资金所属期",
          ['張三', '李 四', '沈靜', '阿卜杜•热合曼'][1 + i % 4] AS "领取人姓名",
          CASE WHEN i % 50 = 0 THEN '' WHEN i % 97 = 0 THEN '4.30821E+17'
               ELSE {id17} || {sq.id_check_char(id17)} END AS "领取人证件号码",
          'H' || (i // 3) AS "户编号",
          '6228 ' || (i // 3) AS "银行账号",
          ['张三', '李四', '沈静', '阿卜杜·热合曼'][1 + i % 4] AS "账户户名",
          CASE WHEN i % 2 = 0 THEN '1,200.00' ELSE '95.5' END AS "发放金额",
          CASE i % 4 WHEN 0 THEN '2018-03-05' WHEN 1 THEN '2018/3/5' WHEN 2 THEN '20180305'
               ELSE '2018年3月5日' END AS "发放日期",
          '430821100201' AS "行政区划代码",
          '县民政局' AS "发放单位"
        FROM range({rows}) t(i)""")
    if fmt == "parquet":
        con.execute(f"COPY p TO '{path}' (FORMAT parquet)")
    else:
        con.execute(f"COPY p TO '{path}' (HEADER, DELIMITER ',')")
    if fmt == "gb18030":
        utf8 = path.read_bytes().decode("utf-8")
        path.write_bytes(utf8.encode("gb18030"))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_import(path: Path, hub_path: Path) -> None:
    marks = []

    def progress(message: str) -> None:
        marks.append((time.perf_counter(), message))

    with Hub(hub_path) as hub:
        cpu, t0 = cpu_seconds(), time.perf_counter()
        report = hub.import_file("payments", path, as_of=date(2024, 1, 1), progress=progress)
        t1, cpu = time.perf_counter(), cpu_seconds() - cpu
    for (start, message), (end, _) in zip(marks, marks[1:] + [(t1, "")]):
        print(f"  {end - start:6.2f}s  {message}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import: {t1 - t0:.2f}s (CPU {cpu:.1f}s, peak RSS {peak:.0f} MB) — read {report.rows_read}, "
          f"accepted {report.rows_accepted}, rejected {report.rows_rejected}, "
          f"flagged {report.rows_flagged}, problems {report.problem_count}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--gb18030", action="store_true")
    parser.add_argument("--parquet", action="store_true")
    parser.add_argument("--file", type=Path, help="import this payments file instead of generating one")
    args = parser.parse_args()
    fmt = "parquet" if args.parquet else "gb18030" if args.gb18030 else "utf8"
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file
        if path is None:
            path = Path(tmp) / ("payments.parquet" if args.parquet else "payments.csv")
            t0 = time.perf_counter()
            generate(path, args.rows, fmt)
            print(f"generated {args.rows} rows ({fmt}, {path.stat().st_size / 1e6:.0f} MB) "
                  f"in {time.perf_counter() - t0:.1f}s")
        timed_import(path, Path(tmp) / "hub.duckdb")


if __name__ == "__main__":
    main()
