"""`python -m bench.run [--scale county|province|small] [--seed S] [--regenerate]`."""

import argparse
import sys

from bench.bench_crosscheck import SCALES, run_benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="清风 比对引擎基准 / engine benchmarks")
    parser.add_argument("--scale", choices=sorted(SCALES), default="county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regenerate", action="store_true", help="rebuild the cached bundle")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 6GB (default: DuckDB's)")
    args = parser.parse_args(argv)
    return run_benchmark(args.scale, args.seed, args.regenerate, args.threads, args.memory_limit)


if __name__ == "__main__":
    sys.exit(main())
