"""Whether a month's bulletin is out (the leadership dashboard warns when last month's is not)."""

from qingfeng.bulletins.models import Bulletin


def issued_for(year: int, month: int) -> bool:
    return Bulletin.objects.filter(year=year, month=month, status=Bulletin.Status.ISSUED).exists()
