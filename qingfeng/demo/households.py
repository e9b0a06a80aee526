"""Demo households: the roll of a generated demo bundle, loaded into the register."""

import argparse
from pathlib import Path

from django.db import transaction

from qingfeng import conf
from qingfeng.places.models import Household, Jurisdiction, Member


def demo_bundle(households: int, seed: int) -> Path:
    """The demo county's bundle under QINGFENG_HOME, generated on first use."""
    out = conf.home() / f"demo-bundle-{households}-{seed}"
    if not (out / "roll.parquet").exists():
        from qingfeng.engine.generator import cli

        parser = argparse.ArgumentParser()
        cli.configure(parser)
        args = parser.parse_args([str(out), "--households", str(households), "--seed", str(seed), "--format", "parquet"])
        if cli.run(args) != 0:
            raise RuntimeError(f"demo data generation failed in {out}")
    return out


def load_households(households: int, seed: int, progress=print) -> int:
    if Household.objects.exists():
        return Household.objects.count()
    from qingfeng.engine.hub import Hub

    bundle = demo_bundle(households, seed)
    with Hub(":memory:") as hub:
        report = hub.import_file("roll", bundle / "roll.parquet")
        rows = hub.con.execute(
            f"""SELECT household_id, name, coalesce(id_number, ''), coalesce(relation, ''), coalesce(sex, ''),
                       birth_date, village_code, enrolled_on
                FROM {report.table} ORDER BY household_id, _row"""
        ).fetchall()
    villages = {v.code: v for v in Jurisdiction.objects.filter(level=Jurisdiction.Level.VILLAGE)}
    by_household: dict[str, list] = {}
    for row in rows:
        if row[6] in villages:
            by_household.setdefault(row[0], []).append(row)
    with transaction.atomic():
        created = Household.objects.bulk_create(
            Household(
                household_no=no,
                village=villages[members[0][6]],
                head_name=next((m[1] for m in members if m[3] == "户主"), members[0][1]),
                enrolled_on=min((m[7] for m in members if m[7]), default=None),
            )
            for no, members in by_household.items()
        )
        ids = {h.household_no: h for h in Household.objects.all()}
        Member.objects.bulk_create(
            Member(household=ids[m[0]], name=m[1], id_number=m[2], relation=m[3], sex=m[4], birth_date=m[5])
            for members in by_household.values()
            for m in members
        )
    return len(created)
