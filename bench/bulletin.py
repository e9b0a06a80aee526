"""Benchmark: the monthly bulletin (一月一通报) at county scale — draft, issue, command.

    .venv/bin/python -m bench.bulletin [--clues 100000] [--measures 20000] [--months 3] [--check]

Builds the database of bench/report_stats.py (the demo county's places, `--clues` clues over
2018-2020, `--measures` persons handled of every kind: some 200 sanctioned persons a month,
far more than a real county's typical cases — a worst case for the renderers), then, for
`--months` different months (an issued bulletin cannot be issued again), times
`do_draft_bulletin` (items and totals from the measures), `do_issue_bulletin` (number,
audit head, Word + PDF + public PDF rendered and stored) and `report bulletin` writing
the .docx and .pdf (issued: the stored files; and a draft month: rendered). Target
(issue 9): a bulletin ≤ 5 s — drafting plus issuing, and the command. Figures go to
bench/out/bulletin-<database>.json. SQLite in a temporary QINGFENG_HOME, or DATABASE_URL
(`PGPORT=54346 scripts/with-postgres .venv/bin/python -m bench.bulletin`).
"""

import io
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from bench.bench_ledger import OUT
from bench.report_stats import ledger_arguments, on_ledger

TARGET = 5.0


def _clock(run):
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def measure(places: dict, months: int, scratch: Path) -> dict:
    from django.core.management import call_command
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from qingfeng.accounts.models import Role, User
    from qingfeng.bulletins import actions
    from qingfeng.cases.measures import SANCTION_KINDS
    from qingfeng.cases.models import Measure

    leader = User.objects.create(username="bench-leader", role=Role.LEADERSHIP, jurisdiction=places["county"],
                                 password="!")
    busiest = list(Measure.objects.filter(kind__in=SANCTION_KINDS).annotate(m=TruncMonth("decided_on"))
                   .values("m").annotate(n=Count("id")).order_by("-n", "m")[:months + 1])
    rows = []
    for row in busiest[:months]:
        year, month = row["m"].year, row["m"].month
        drafted, bulletin = _clock(lambda: actions.do_draft_bulletin(year, month, acting_user=leader))
        bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=leader, expected_version=bulletin.version)
        shown = {item.id: ("masked" if n % 2 else "full") for n, item in enumerate(actions.included_items(bulletin))}
        issued, bulletin = _clock(lambda: actions.do_issue_bulletin(
            bulletin.id, acting_user=leader, expected_version=bulletin.version, name_shown=shown,
            issued_on=date(year + month // 12, month % 12 + 1, 5)))
        command, _ = _clock(lambda: call_command(
            "report", "bulletin", "--month", f"{year}-{month:02d}", "--out", str(scratch / "b.docx"),
            "--pdf", str(scratch / "b.pdf"), stdout=io.StringIO()))
        bulletin.refresh_from_db()
        rows.append({"month": f"{year}-{month:02d}", "persons": bulletin.items.count(), "draft": drafted,
                     "issue": issued, "bulletin": drafted + issued, "command (issued)": command,
                     "pdf pages": bytes(bulletin.pdf).count(b"/Type /Page\n") or None,
                     "pdf bytes": len(bytes(bulletin.pdf)), "docx bytes": len(bytes(bulletin.docx))})
    draft_month = busiest[months]["m"]
    command_draft, _ = _clock(lambda: call_command(
        "report", "bulletin", "--month", f"{draft_month.year}-{draft_month.month:02d}", "--out",
        str(scratch / "d.docx"), "--pdf", str(scratch / "d.pdf"), stdout=io.StringIO()))
    return {"months": rows, "command (draft)": command_draft}


def main(argv=None) -> int:
    parser = ledger_arguments("python -m bench.bulletin", __doc__, seed=8)
    parser.add_argument("--months", type=int, default=3)
    args = parser.parse_args(argv)
    figures, database, load = on_ledger(args, "qingfeng-bench-bulletin-",
                                        lambda places, home: measure(places, args.months, home))
    print(f"{args.clues:,} clues, {args.measures:,} measures on {database} (built in {load:.1f} s); seconds:")
    missed = []
    for row in figures["months"]:
        late = row["bulletin"] > TARGET or row["command (issued)"] > TARGET
        print(f"  {row['month']} {row['persons']:>4} persons: draft {row['draft']:.2f} + issue {row['issue']:.2f}"
              f" = {row['bulletin']:.2f}; report bulletin (issued) {row['command (issued)']:.3f}"
              f"; pdf {row['pdf bytes'] // 1024} KB, docx {row['docx bytes'] // 1024} KB{'  > target' if late else ''}")
        if late:
            missed.append(row["month"])
    draft = figures["command (draft)"]
    print(f"  report bulletin on a month not issued (draft + rendering): {draft:.2f}{'  > target' if draft > TARGET else ''}")
    if draft > TARGET:
        missed.append("draft command")
    median = statistics.median(row["bulletin"] for row in figures["months"])
    print(f"  median bulletin {median:.2f} s (target {TARGET:.0f} s)")
    OUT.mkdir(exist_ok=True)
    out = OUT / f"bulletin-{database}.json"
    out.write_text(json.dumps({"clues": args.clues, "measures": args.measures, "database": database,
                               "target": TARGET, "figures": figures}, indent=2))
    print(f"→ {out}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
