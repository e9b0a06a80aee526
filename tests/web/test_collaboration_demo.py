"""The demo county's 片区协作 and departments' returns: a team, meetings, an issued review, a list,
a nil return and missing departments; loading again adds nothing."""

from qingfeng.accounts.models import User
from qingfeng.collaboration.models import Meeting, MonthlyReturn, Review, TeamMember
from qingfeng.demo.clues import load_clues
from qingfeng.demo.collaboration import load_collaboration
from qingfeng.demo.loader import load_accounts, load_geography
from qingfeng.engine.generator.county import demo_county


def test_the_demo_county_has_area_work_and_department_returns(db, client):
    county = demo_county(7)
    load_geography(county)
    load_accounts(county)
    load_clues(7, progress=lambda *_: None)
    assert load_collaboration(progress=lambda *_: None) == 2
    assert load_collaboration(progress=lambda *_: None) == 0 and Meeting.objects.count() == 3
    leader = User.objects.get(username="pianzhang")
    assert TeamMember.objects.filter(area=leader.jurisdiction).count() == 4
    assert Review.objects.get().status == "issued"
    assert sorted(MonthlyReturn.objects.values_list("department__code", "kind")) == [("cz", "nil"), ("mz", "list")]
    client.force_login(leader)
    page = client.get(f"/staff/collaboration/areas/{leader.jurisdiction.code}/").content.decode()
    assert "片区月例会（上月）" in page and "村级财务凭证调阅难" in page
    client.force_login(User.objects.get(username="shuji"))
    summary = client.get("/staff/collaboration/transfers/").content.decode()
    assert 'id="dept-mz" data-status="list"' in summary and 'id="dept-cz" data-status="nil"' in summary
    assert 'id="dept-fp" data-status="missing"' in summary or 'id="dept-fp" data-status="waiting"' in summary
