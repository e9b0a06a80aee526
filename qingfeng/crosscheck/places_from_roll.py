"""After a bundle import: the townships and villages its roll names join the places
(portal.md, Places), so that a county's first import sets them up."""

from django.utils.translation import gettext as _

from qingfeng.places.actions import do_add_places_from_roll


def roll_places(con, table: str) -> list[tuple]:
    """DISTINCT (village_code, township, village, rows) of a roll snapshot table."""
    return con.execute(
        f"SELECT village_code, township, village, count(*) FROM {table} "
        "WHERE village_code IS NOT NULL GROUP BY ALL"
    ).fetchall()


def add_places(con, bundle, *, acting_user, say=None):
    """Add the roll's unknown places; None when the bundle has no roll."""
    table = bundle.tables.get("roll")
    if table is None:
        return None
    source = bundle.reports["roll"].source if "roll" in bundle.reports else table
    result = do_add_places_from_roll(roll_places(con, table), acting_user=acting_user, source=str(source))
    if say is not None and (result.townships or result.villages):
        say(_("名册中的新辖区：%(townships)s 个乡镇、%(villages)s 个村") % {
            "townships": len(result.townships), "villages": len(result.villages)})
    return result
