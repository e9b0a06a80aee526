"""Engine commands of ``qingfeng``: crosscheck, rules, demo-data.

``main(argv)`` gets the subcommand as argv[0] and returns the exit code. Messages
go to stdout (results) and stderr (progress and errors), Chinese first.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from qingfeng.engine.schema import REGISTRIES

SHOWN_PROBLEMS = 5
EXIT_CANNOT_RUN = 2


class CommandError(Exception):
    """The command cannot run; the message says why."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD: {text!r}") from None


def build_parser(with_demo: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qingfeng", description="清风 大数据比对 / cross-check engine")
    sub = parser.add_subparsers(dest="command", required=True)

    cc = sub.add_parser("crosscheck", help="导入登记表并运行比对规则 / import a bundle and run the rules")
    cc.add_argument("bundle_dir", help="登记表目录 / bundle directory")
    cc.add_argument("--out", required=True, help="命中结果 CSV / hits file to write")
    cc.add_argument("--as-of", type=_date, help="比对基准日 / day of the run (default today)")
    cc.add_argument("--param", action="append", default=[], metavar="RULE.NAME=VALUE",
                    help="覆盖规则参数 / override a rule parameter, e.g. R10.min_recipients=4")
    cc.add_argument("--rules", help="只运行这些规则 / only these rules, e.g. R01,R03")
    cc.add_argument("--hub", help="数据仓库文件 / hub DuckDB file (default $QINGFENG_HOME/hub.duckdb)")
    cc.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb",
                    help="执行引擎 / run the rules on DuckDB (the hub) or Apache Spark (settings: QINGFENG_SPARK_MASTER …)")

    rules = sub.add_parser("rules", help="规则目录 / the rule catalogue")
    rules_sub = rules.add_subparsers(dest="action", required=True)
    rules_sub.add_parser("list", help="列出规则 / list the rules")
    show = rules_sub.add_parser("show", help="显示规则定义 / show a rule")
    show.add_argument("rule_id")
    show.add_argument("--backend", default="duckdb", help="SQL 方言 / render for duckdb or spark")

    demo = sub.add_parser("demo-data", help="生成演示县数据 / generate a demo county bundle")
    if with_demo:  # the generator is imported only when its command runs
        _generator().configure(demo)
    return parser


def _generator():
    try:
        from qingfeng.engine.generator import cli as generator_cli
    except ImportError as err:
        raise CommandError(f"演示数据生成器不可用 / demo-data generator unavailable: {err}") from None
    return generator_cli


def main(argv: list[str]) -> int:
    try:
        parser = build_parser(with_demo=bool(argv) and argv[0] == "demo-data")
    except CommandError as err:
        print(f"错误 / error: {err}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    args = parser.parse_args(argv)
    try:
        if args.command == "crosscheck":
            return crosscheck(args)
        if args.command == "rules":
            return rules_list() if args.action == "list" else rules_show(args.rule_id, args.backend)
        return _generator().run(args)
    except Exception as err:  # every expected failure is reported, not a traceback
        if not _expected(err):
            raise
        print(f"错误 / error: {err}", file=sys.stderr)
        return EXIT_CANNOT_RUN


def _expected(err: Exception) -> bool:
    from qingfeng.engine.dialect import SQLError
    from qingfeng.engine.readers import BundleError
    from qingfeng.engine.rulebook import RuleError

    return isinstance(err, (CommandError, BundleError, RuleError, SQLError, OSError))


def rules_list() -> int:
    from qingfeng.engine.rulebook import Rulebook

    for rule in Rulebook.load().rules.values():
        needs = ", ".join(rule.requires)
        print(f"{rule.id}  {rule.title}  {rule.title_en}  [{rule.severity}] v{rule.version}  ({needs})")
    return 0


def rules_show(rule_id: str, backend: str) -> int:
    from qingfeng.engine.rulebook import Rulebook

    rule = Rulebook.load().get(rule_id)
    print(f"{rule.id} {rule.title} / {rule.title_en}")
    print(f"主题 theme: {rule.theme}   严重程度 severity: {rule.severity}   版本 version: {rule.version}")
    print(f"需要登记表 requires: {', '.join(rule.requires)}   命中键 key: {' + '.join(rule.key)}")
    for description in (rule.description_zh, rule.description):
        if description:
            print(f"\n{description}")
    print("\n参数 parameters:" if rule.parameters else "\n参数 parameters: 无 none")
    for p in rule.parameters.values():
        print(f"  {p.name} = {p.default!r}  {p.description}")
    print(f"\nSQL ({backend}):\n{rule.render(backend)}")
    return 0


def crosscheck(args) -> int:
    from qingfeng.engine import runner
    from qingfeng.engine.hits import write_csv
    from qingfeng.engine.hub import Hub
    from qingfeng.engine.rulebook import Rulebook

    bundle_dir = Path(args.bundle_dir)
    if not bundle_dir.is_dir():
        raise CommandError(f"{bundle_dir}：目录不存在 / no such directory")
    book = Rulebook.load()
    overrides = book.parse_overrides(args.param)  # fail before importing anything
    rule_ids = [r.strip() for r in args.rules.split(",") if r.strip()] if args.rules else None
    for rule_id in rule_ids or []:
        book.get(rule_id)
    with Hub(args.hub) as hub:
        bundle = hub.import_bundle(bundle_dir, as_of=args.as_of, progress=_say)
        if not bundle.tables:
            raise CommandError(f"{bundle_dir}：没有任何登记表文件 / no registry files "
                               f"(expected e.g. roll.csv, payments.xlsx)")
        print_import_summary(bundle)
        if args.hub is None:  # the installation's own hub: its public lookup follows the import
            publish_lookup(hub)
        result = runner.run(hub, bundle, params=overrides, rule_ids=rule_ids, as_of=args.as_of,
                            progress=_rule_progress, rulebook=book, backend=args.backend)
    count = write_csv(result.hits, args.out)
    print_run_summary(book, result)
    print(f"\n已写出 {count} 条命中 / wrote {count} hits: {args.out}")
    return 0


def publish_lookup(hub) -> None:
    from qingfeng import conf
    from qingfeng.engine import publish

    home = conf.home()
    done = publish.publish(hub, home / publish.LOOKUP_DIR, publish.load_key(home / publish.KEY_FILE), force=False)
    if done is not None:
        _say(f"已发布惠民资金查询数据 / published the lookup read model: {done.persons} 人 persons, "
             f"{done.payments} 笔 payments, 截至 as of {done.as_of} ({done.seconds:.1f} s)")


def _say(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def _rule_progress(step: str, done: int, total: int) -> None:
    if step != "done":
        print(f"  … [{done + 1}/{total}] {step}" if not step.startswith("view") else f"  … {step}",
              file=sys.stderr, flush=True)


def print_import_summary(bundle) -> None:
    print("导入 / import")
    print(f"  {'登记表 registry':<28}{'读入 read':>10}{'接受 accepted':>15}{'拒绝 rejected':>15}{'有问题 flagged':>16}")
    for key, rep in bundle.reports.items():
        label = f"{key} {REGISTRIES[key].zh}"
        print(f"  {label:<24}{rep.rows_read:>12}{rep.rows_accepted:>14}{rep.rows_rejected:>15}{rep.rows_flagged:>16}")
        split = len(rep.files) > 1  # a registry split over several files: a line per file
        for part in rep.files if split else ():
            print(f"    {part.file:<26}{part.rows_read:>12}{part.rows_accepted:>14}{part.rows_rejected:>15}")
        for p in rep.problems[:SHOWN_PROBLEMS]:
            mark = "拒绝" if p.rejected else "问题"
            column = p.column or "-"
            where = f"{p.file} " if split and p.file else ""
            print(f"      {mark} {where}第 {p.row} 行 row {p.row}, 列 column {column}: {p.reason}"
                  + (f" （值 {p.value!r}）" if p.value else ""))
        more = max(rep.problem_count, len(rep.problems)) - SHOWN_PROBLEMS
        if more > 0:
            print(f"      … 另有 {more} 个问题 / {more} more problems")
    for name, why in bundle.ignored_why.items():
        print(f"  {name}: {why}")
    for key in bundle.missing:
        print(f"  {key} {REGISTRIES[key].zh}: 未提供 / not in the bundle")


def print_run_summary(book, result) -> None:
    print(f"\n比对 / rules (run {result.run_id})")
    for rule_id, count in result.counts.items():
        rule = book.rules[rule_id]
        print(f"  {rule_id} {rule.title:<12} {count:>7} 条 hits  {result.timings.get(rule_id, 0):.2f} 秒 s")
    for rule_id, reason in result.skipped.items():
        print(f"  {rule_id} {book.rules[rule_id].title:<12} 已跳过 skipped: {reason}")
    if result.excluded:
        print(f"  例外排除 {len(result.excluded)} 条 / {len(result.excluded)} hits excluded by exceptions: "
              + ", ".join(hit.key for hit, _exclusion in result.excluded[:10]) + (" …" if len(result.excluded) > 10 else ""))
    if result.previous_run_id:
        print(f"  与上次运行 {result.previous_run_id} 相比 / compared with the previous run: "
              f"新增 new {len(result.new_keys)}，消失 gone {len(result.gone_keys)}")
