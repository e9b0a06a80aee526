"""`qingfeng demo-data OUT_DIR --households N --seed S [--format csv|xlsx|parquet]`."""

import argparse
import sys
from pathlib import Path

from .bundle import ANSWER_KEY_DIR, generate


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "生成演示数据包（九类登记数据）及其标准答案 / write a synthetic bundle and its answer key"
    parser.add_argument("out_dir", type=Path, help="输出目录 output directory")
    parser.add_argument("--households", type=int, default=2000, help="户数 number of households (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="随机种子 random seed (default 1)")
    parser.add_argument("--format", choices=("csv", "xlsx", "parquet"), default="csv", dest="fmt",
                        help="文件格式 file format (default csv)")
    parser.add_argument("--headers", choices=("zh", "en"), default="zh", help="表头语言 header language (default zh)")
    parser.add_argument("--noise", type=float, default=0.03, help="格式噪声比例 share of messy cells (default 0.03)")
    parser.add_argument("--village-entries", type=int, default=None, metavar="N",
                        help="每村村级财务账目条数 / entries per village in the village books "
                             "(default: households/50, from 2 to 40)")
    parser.add_argument("--xlsx", default="", metavar="REGISTRY,…",
                        help="这些登记表写成 XLSX / write these registries as XLSX, e.g. roll,standards")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--answer-key", dest="with_key", action="store_true", default=None,
                     help="总是计算标准答案 always compute the answer key")
    key.add_argument("--no-answer-key", dest="with_key", action="store_false",
                     help="不计算标准答案 skip the answer key")


def run(args: argparse.Namespace) -> int:
    if args.households < 1:
        print("错误：户数必须为正数 / --households must be positive", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        if total > 1:
            print(f"  县 county {done}/{total}", file=sys.stderr)

    summary = generate(args.out_dir, args.households, args.seed, args.fmt, args.headers, args.noise,
                       args.with_key, progress, {k: "xlsx" for k in args.xlsx.split(",") if k},
                       village_entries=None if args.village_entries is None else max(0, args.village_entries))
    for key, rows in summary.rows.items():
        print(f"{key:<12}{rows:>12,} 行 rows")
    if summary.hits is not None:
        print(f"标准答案 answer key: {summary.hits:,} 条 hits -> {summary.out_dir / ANSWER_KEY_DIR}")
    print(f"用时 took {summary.seconds:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qingfeng demo-data")
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
