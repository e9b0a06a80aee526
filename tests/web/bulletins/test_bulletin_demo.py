"""The demo county comes with one issued bulletin on the 曝光台, and loading again adds none."""

from qingfeng.bulletins.models import Bulletin
from qingfeng.demo import loader


def test_the_demo_issues_one_bulletin_for_a_past_month(db, client):
    loader.load(households=60, seed=7, progress=lambda *_: None)
    bulletin = Bulletin.objects.get()
    assert bulletin.is_issued and bulletin.document_no.endswith("〔%d〕1号" % bulletin.issued_on.year)
    items = list(bulletin.items.filter(included=True))
    assert items and items[0].name_shown == "full" and all(i.name_shown == "masked" for i in items[1:])
    assert (bulletin.year, bulletin.month) < (bulletin.issued_on.year, bulletin.issued_on.month)  # a past month
    assert bulletin.document_no in client.get("/exposure/").content.decode()
    loader.load(households=60, seed=7, progress=lambda *_: None)
    assert Bulletin.objects.count() == 1
