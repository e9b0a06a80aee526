"""One issued monthly bulletin in the demo: the latest past month with sanctions, drafted,
approved and issued by the demo leadership account (shuji) through the same actions as
the staff pages, so the 曝光台 has something to show. The first case is published with
its full name, the others masked. Idempotent: nothing happens once a bulletin is issued.
"""

from datetime import date

from django.utils import timezone

from qingfeng.accounts.models import Role, User
from qingfeng.bulletins import actions
from qingfeng.bulletins.models import Bulletin, NameShown
from qingfeng.cases.measures import SANCTION_KINDS
from qingfeng.cases.models import Measure


def load_bulletin(progress=print) -> Bulletin | None:
    if Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exists():
        return None
    leader = User.objects.filter(role=Role.LEADERSHIP, is_active=True).order_by("id").first()
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    latest = (Measure.objects.filter(kind__in=SANCTION_KINDS, decided_on__lt=first_of_month)
              .order_by("-decided_on").values_list("decided_on", flat=True).first())
    if leader is None or latest is None:
        return None
    bulletin = actions.do_draft_bulletin(latest.year, latest.month, acting_user=leader)
    bulletin = actions.do_approve_bulletin(bulletin.id, acting_user=leader, expected_version=bulletin.version)
    items = actions.included_items(bulletin)
    shown = {item.id: NameShown.FULL if n == 0 else NameShown.MASKED for n, item in enumerate(items)}
    following = date(latest.year + latest.month // 12, latest.month % 12 + 1, 5)
    bulletin = actions.do_issue_bulletin(bulletin.id, acting_user=leader, expected_version=bulletin.version,
                                         name_shown=shown, issued_on=min(following, today))
    progress(f"典型案例通报 {bulletin.document_no}（{latest.year}年{latest.month}月，{len(items)} 人）")
    return bulletin
