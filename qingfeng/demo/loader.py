"""Loads the demo county: geography, departments, households, one account per role,
clues, a cross-check run, and the outcomes (campaigns, cases, persons handled, 问责).

Idempotent: running it again changes nothing that is already there.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction

from qingfeng.accounts.actions import do_create_user
from qingfeng.accounts.models import Role, User
from qingfeng.engine.generator.county import County, demo_county
from qingfeng.places.actions import do_import_places
from qingfeng.places.models import Department, Jurisdiction

DEMO_PASSWORD = "qingfeng-demo"
DEPARTMENTS = (
    ("mz", "县民政局"), ("cz", "县财政局"), ("fp", "县扶贫办"), ("zj", "县住建局"),
    ("ly", "县林业局"), ("rs", "县人社局"), ("nb", "县农业农村局"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    place_code: str
    department: str | None = None


def demo_accounts(county: County) -> list[DemoAccount]:
    township = county.townships[1]
    village = next(v for v in county.villages if v.township_code == township.code)
    area = township.area_code
    return [
        DemoAccount("xinfang", Role.INTAKE, "信访室 刘芳", county.code),
        DemoAccount("pianzhang", Role.AREA_LEADER, "片区长 王建军", area),
        DemoAccount("banan", Role.CASE_HANDLER, "审查调查室 李明", area),
        DemoAccount("xiangzhen", Role.TOWNSHIP, f"{township.name}纪委 张华", township.code),
        DemoAccount("minzheng", Role.DEPARTMENT, "民政局联络员 陈静", county.code, "mz"),
        DemoAccount("cunjian", Role.VILLAGE, f"{village.name}村务监督委员会 赵强", village.code),
        DemoAccount("shuji", Role.LEADERSHIP, "县纪委书记 侯书记", county.code),
        DemoAccount("admin", Role.ADMIN, "系统管理员", county.code),
    ]


def places_table(county: County) -> bytes:
    """The demo county as the places table a real county would prepare (CSV, UTF-8)."""
    area_names = {a.code: a.name for a in county.areas}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["行政区划代码", "名称", "片区"])
    writer.writerow([county.code, county.name, ""])
    writer.writerows([t.code, t.name, area_names[t.area_code]] for t in county.townships)
    writer.writerows([v.code, v.name, ""] for v in county.villages)
    return out.getvalue().encode()


@transaction.atomic
def load_geography(county: County) -> Jurisdiction:
    """Through the same import a real county uses (idempotent: a second load changes nothing)."""
    report = do_import_places(io.BytesIO(places_table(county)), acting_user=None, name=f"{county.code}.csv")
    if report.rejected:
        raise RuntimeError(f"demo places rejected: {report.problems[:3]}")
    # The demo accounts name 片区 by the generator's codes; the import numbers new 片区
    # in order of first mention, which is the generator's order.
    areas = dict(Jurisdiction.objects.filter(level=Jurisdiction.Level.AREA).values_list("name", "code"))
    if any(areas.get(a.name) != a.code for a in county.areas):
        raise RuntimeError("demo 片区 codes differ from the generated county's")
    for code, name in DEPARTMENTS:
        Department.objects.get_or_create(code=code, defaults={"name": name})
    return Jurisdiction.objects.get(code=county.code)


def load_accounts(county: County) -> list[DemoAccount]:
    accounts = demo_accounts(county)
    for account in accounts:
        if User.objects.filter(username=account.username).exists():
            continue
        do_create_user(
            acting_user=None, username=account.username, password=DEMO_PASSWORD, role=account.role,
            jurisdiction=Jurisdiction.objects.get(code=account.place_code), full_name=account.full_name,
            department=Department.objects.get(code=account.department) if account.department else None,
        )
    return accounts


def load(households: int = 2000, seed: int = 430821, progress=print) -> list[DemoAccount]:
    from qingfeng.demo.households import load_households

    # The places of the generated bundle (its generator draws the county's villages from the
    # county code, whatever the seed): every village on the demo roll is then a known place.
    county = demo_county()
    load_geography(county)
    progress(f"{county.name}: {len(county.townships)} 乡镇/街道, {len(county.villages)} 村/社区, {len(county.areas)} 片区")
    n = load_households(households, seed, progress)
    progress(f"{n} 建档立卡户")
    accounts = load_accounts(county)
    from qingfeng.demo.clues import load_clues

    load_clues(seed, progress)
    from qingfeng.demo.crosscheck import load_crosscheck

    load_crosscheck(households, seed, progress)
    from qingfeng.demo.outcomes import load_outcomes

    load_outcomes(seed, progress)
    from qingfeng.demo.villages import load_village_disclosures

    load_village_disclosures(progress=progress)  # on the places above
    from qingfeng.demo.villages import load_village_meetings

    load_village_meetings(progress=progress)  # signing off entries of the books the cross-check imported
    from qingfeng.demo.bulletins import load_bulletin

    load_bulletin(progress=progress)  # an issued 一月一通报 for the 曝光台
    from qingfeng.demo.inspections import load_inspections

    load_inspections(seed, progress)  # 巡察整改 (the seed's 2018 figures), 举报箱, 赶集日举报点

    from qingfeng.demo.collaboration import load_collaboration

    load_collaboration(progress=progress)  # 片区协作 and the departments' monthly returns
    return accounts
