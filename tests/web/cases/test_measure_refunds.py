"""Money returned to the people names the households it went back to, and never exceeds the measure's 退还群众金额."""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases import actions
from qingfeng.cases.models import Refund
from qingfeng.places.models import Household


@pytest.fixture
def measure(world, case_clue):
    clue = case_clue(village=world.v1)
    return actions.do_add_measure(clue.id, acting_user=world.dave, expected_version=clue.version, name="王某",
                                  kind="党纪处分", measure="警告", decided_on=date(2024, 3, 10), party_member="中共党员",
                                  returned="1000")


def _refund(client, measure, **fields):
    measure.refresh_from_db()
    return client.post(f"/staff/cases/measures/{measure.id}/refunds/",
                       {"version": measure.version, "household": "", "payee": "", "amount": "0", **fields})


def test_a_refund_to_a_roll_household_of_the_clues_village_names_its_head(world, login, measure):
    client = login(world.dave)
    assert _refund(client, measure, household=world.h1.id, amount="600").status_code == 302
    refund = Refund.objects.get()
    assert (refund.household, refund.payee, refund.amount) == (world.h1, "张三", Decimal("600.00"))
    page = client.get(f"/staff/clues/{measure.clue_id}/").content.decode()
    assert "张三（H-T1-001） 600.00" in page


def test_the_refund_form_offers_only_households_of_the_clues_village(world, login, measure):
    other_village = Household.objects.create(household_no="H-T1-002", village=world.v1b, head_name="赵六")
    page = login(world.dave).get(f"/staff/cases/measures/{measure.id}/").content.decode()
    assert "H-T1-001" in page and other_village.household_no not in page and "H-T2-001" not in page


def test_a_household_of_another_township_is_refused(world, login, measure):
    _refund(login(world.frank), measure, household=world.h2.id, amount="100")
    assert not Refund.objects.exists()
    with pytest.raises(Exception, match="请选择线索所属村（乡镇）的建档立卡户"):
        measure.refresh_from_db()
        actions.do_add_refund(measure.id, acting_user=world.frank, expected_version=measure.version, amount="100",
                              household_id=world.h2.id)


def test_a_payee_off_the_roll_can_be_typed_in(world, login, measure):
    _refund(login(world.dave), measure, payee="刘某（非建档立卡户）", amount="150.5")
    assert Refund.objects.get().payee == "刘某（非建档立卡户）" and Refund.objects.get().household is None


def test_refunds_never_exceed_the_money_returned(world, login, measure):
    client = login(world.dave)
    _refund(client, measure, household=world.h1.id, amount="600")
    response = _refund(client, measure, payee="刘某", amount="400.01")
    assert Refund.objects.count() == 1
    assert "退还明细合计 1000.01 元，不能超过该处理人员的退还群众金额 1000.00 元" in client.get(response.url).content.decode()
    _refund(client, measure, payee="刘某", amount="400")
    assert Refund.objects.count() == 2


def test_the_money_returned_cannot_drop_below_its_refunds(world, measure):
    measure.refresh_from_db()
    actions.do_add_refund(measure.id, acting_user=world.dave, expected_version=measure.version, amount="600",
                          household_id=world.h1.id)
    measure.refresh_from_db()
    with pytest.raises(Exception, match="已登记退还明细 600.00 元"):
        actions.do_change_measure(measure.id, acting_user=world.dave, expected_version=measure.version,
                                  values={"returned": Decimal("500")})


def test_a_refund_without_a_payee_is_refused(world, login, measure):
    _refund(login(world.dave), measure, amount="100")
    assert not Refund.objects.exists()


def test_refunds_are_added_and_removed_with_one_audit_entry_each(world, login, measure):
    client = login(world.dave)
    before = AuditEntry.objects.count()
    _refund(client, measure, household=world.h1.id, amount="600")
    refund = Refund.objects.get()
    measure.refresh_from_db()
    client.post(f"/staff/cases/refunds/{refund.id}/remove/", {"version": measure.version})
    assert not Refund.objects.exists()
    assert list(AuditEntry.objects.filter(seq__gt=0).order_by("-seq").values_list("action", flat=True)[:2]) == [
        "refund.remove", "refund.add"]
    assert AuditEntry.objects.count() == before + 2


def test_another_township_cannot_touch_a_refund(world, login, measure):
    measure.refresh_from_db()
    refund = actions.do_add_refund(measure.id, acting_user=world.dave, expected_version=measure.version,
                                   amount="600", household_id=world.h1.id)
    measure.refresh_from_db()
    assert login(world.bob).post(f"/staff/cases/refunds/{refund.id}/remove/",
                                 {"version": measure.version}).status_code == 404
    assert Refund.objects.exists()
