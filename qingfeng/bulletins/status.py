"""Whether a month's bulletin has been issued (a stand-in; the bulletins helper keeps the real one)."""

from qingfeng.bulletins.models import Bulletin


def issued_for(year: int, month: int) -> bool:
    return Bulletin.objects.filter(year=year, month=month, status=Bulletin.Status.ISSUED).exists()
