"""Recording and changing 问责 decisions (ledger.md §5): the measure fits the target type,
是否主要负责人 is for 领导干部 only, a township or a county department, a linked clue the user
can see; who may record; one audit entry per action."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.accountability.actions import do_create_accountability
from qingfeng.cases.models import Accountability

from .campaign_support import clue

NEW = "/staff/accountability/new/"
LEADER = {"decided_on": "2018-11-05", "target_type": "领导干部", "target": "李某", "post": "广福桥镇党委书记",
          "principal": "on", "responsibility": "主体责任", "measure": "组织调整或者组织处理",
          "reason": "落实主体责任不力"}
ORGANISATION = {"decided_on": "2018-11-05", "target_type": "党组织", "target": "青山村党支部",
                "responsibility": "主体责任", "measure": "通报", "reason": "危房改造把关不严"}


def test_leadership_records_a_principal_leaders_accountability_and_it_is_audited(world, login):
    response = login(world.frank).post(NEW, LEADER | {"township": world.t1.code})

    item = Accountability.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/accountability/{item.id}/"
    assert item.no == "WZ20180001" and item.decided_on == date(2018, 11, 5)
    assert item.principal and item.township == world.t1 and item.owner == world.t1 and item.department is None
    entry = AuditEntry.objects.get(action="accountability.create")
    assert entry.actor == world.frank and entry.after["no"] == "WZ20180001" and entry.after["principal"] is True


def test_a_county_department_decision_is_owned_by_the_county(world, login):
    login(world.frank).post(NEW, ORGANISATION | {"target": "县民政局党组", "department": world.mz.code})
    item = Accountability.objects.get()
    assert item.department == world.mz and item.township is None and item.owner == world.county


@pytest.mark.parametrize(("values", "field", "message"), [
    (ORGANISATION | {"measure": "诫勉"}, "measure", "问责方式与问责对象类型不符：党组织可用 检查、通报、改组。"),
    (LEADER | {"measure": "改组"}, "measure", "领导干部可用 通报、诫勉、组织调整或者组织处理、纪律处分"),
    (ORGANISATION | {"principal": "on"}, "principal", "只有领导干部才能标为主要负责人。"),
    (LEADER | {"department": "mz"}, "township", "请选择所属乡镇；县直部门的不选乡镇，选择所属部门。"),
    (LEADER | {"township": ""}, "township", "请选择所属乡镇；县直部门的不选乡镇，选择所属部门。"),
    (LEADER | {"clue_no": "XS-NONE"}, "clue_no", "找不到线索 XS-NONE（或无权查看）。"),
])
def test_a_decision_that_breaks_a_rule_is_refused_on_its_field(world, login, values, field, message):
    values = {"township": world.t1.code} | values
    response = login(world.frank).post(NEW, values)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert not Accountability.objects.exists() and not AuditEntry.objects.filter(action__startswith="acc").exists()


def test_the_action_itself_refuses_a_measure_of_the_other_target_type(world):
    with pytest.raises(ValidationError) as refused:
        do_create_accountability(acting_user=world.frank, decided_on=date(2018, 11, 5), target_type="党组织",
                                 target="青山村党支部", township=world.t1, responsibility="主体责任",
                                 measure="纪律处分")
    assert set(refused.value.message_dict) == {"measure"}


def test_a_linked_clue_is_found_by_its_number(world, login):
    linked = clue(world, world.t1, date(2018, 10, 1))
    login(world.frank).post(NEW, LEADER | {"township": world.t1.code, "clue_no": linked.clue_no})
    assert Accountability.objects.get().clue == linked


def test_an_area_leader_cannot_link_a_clue_outside_their_area(world, login):
    elsewhere = clue(world, world.t3, date(2018, 10, 1))
    html = login(world.carol).post(NEW, LEADER | {"township": world.t1.code, "clue_no": elsewhere.clue_no}
                                   ).content.decode()
    assert f"找不到线索 {elsewhere.clue_no}（或无权查看）" in html and not Accountability.objects.exists()


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_area_leaders_and_case_handlers_record_within_their_area_only(world, login, who):
    client = login(getattr(world, who))
    assert client.post(NEW, LEADER | {"township": world.t2.code}).status_code == 302

    refused = client.post(NEW, LEADER | {"township": world.t3.code})  # 江垭镇 is 第二片区's
    assert refused.status_code == 200 and refused.context["form"].errors["township"]
    assert list(Accountability.objects.values_list("township__code", flat=True)) == [world.t2.code]
    assert 'name="department"' not in client.get(NEW).content.decode()


def test_an_area_leader_may_not_record_a_county_department_decision(world):
    with pytest.raises(ValidationError) as refused:
        do_create_accountability(acting_user=world.carol, decided_on=date(2018, 11, 5), target_type="党组织",
                                 target="县民政局党组", department=world.mz, responsibility="主体责任", measure="检查")
    assert refused.value.message_dict["township"] == ["县直部门的问责由县纪委领导录入。"]


@pytest.mark.parametrize("who", ["alice", "erin", "gina", "hank", "admin"])
def test_others_may_not_record_a_decision(world, login, who):
    client = login(getattr(world, who))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, LEADER | {"township": world.t1.code}).status_code == 403
    assert not Accountability.objects.exists()


def _recorded(world, township=None, **values):
    fields = dict(decided_on=date(2018, 11, 5), target_type="领导干部", target="李某", responsibility="主体责任",
                  measure="诫勉", township=township or world.t1) | values
    return do_create_accountability(acting_user=world.frank, **fields)


def test_changing_a_decision_records_what_changed(world, login):
    item = _recorded(world)
    response = login(world.carol).post(f"/staff/accountability/{item.id}/", LEADER | {
        "township": world.t1.code, "measure": "通报", "principal": "", "version": item.version})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.measure == "通报" and item.version == 2 and item.no == "WZ20180001"
    entry = AuditEntry.objects.get(action="accountability.change")
    assert entry.actor == world.carol
    assert entry.before["measure"] == "诫勉" and entry.after["measure"] == "通报"
    assert "township_id" not in entry.after  # unchanged fields are not repeated


def test_a_stale_change_is_refused(world, login):
    item = _recorded(world)
    client = login(world.frank)
    client.post(f"/staff/accountability/{item.id}/", LEADER | {"township": world.t1.code, "version": 1})
    html = client.post(f"/staff/accountability/{item.id}/", LEADER | {
        "township": world.t1.code, "measure": "通报", "version": 1}, follow=True).content.decode()
    assert "已被他人修改" in html
    assert Accountability.objects.get(id=item.id).measure == "组织调整或者组织处理"


def test_a_township_officer_reads_their_townships_decisions_but_cannot_change_them(world, login):
    item = _recorded(world)
    client = login(world.alice)
    html = client.get(f"/staff/accountability/{item.id}/").content.decode()
    assert "李某" in html and 'id="accountability-form"' not in html
    assert client.post(f"/staff/accountability/{item.id}/", LEADER | {
        "township": world.t1.code, "version": 1}).status_code == 403
    assert Accountability.objects.get(id=item.id).version == 1


def test_a_decision_outside_the_users_scope_is_not_found(world, login):
    item = _recorded(world)
    assert login(world.bob).get(f"/staff/accountability/{item.id}/").status_code == 404
    assert login(world.ivan).post(f"/staff/accountability/{item.id}/", LEADER | {
        "township": world.t3.code, "version": 1}).status_code == 404
    assert Accountability.objects.get(id=item.id).township == world.t1
