"""audit.trail.save_and_record: only changed values are saved (next version) and audited; nothing
changed, nothing written; the extras (a many-to-many list) count as a change."""

import pytest
from django.db import transaction

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.trail import save_and_record
from qingfeng.places.models import Household


@pytest.fixture
def household(world):
    return Household.objects.create(household_no="H001", village=world.v1, head_name="覃某", note="初始")


def test_only_the_changed_values_are_saved_and_recorded(world, household):
    with transaction.atomic():
        changes = save_and_record(world.admin, "test.change", household, {"head_name": "覃某", "note": "更正"})
    household.refresh_from_db()
    assert (changes, household.note, household.version) == ({"note": "更正"}, "更正", 2)
    entry = AuditEntry.objects.get(action="test.change")
    assert (entry.before, entry.after, entry.object_id) == ({"note": "初始"}, {"note": "更正"}, str(household.pk))


def test_nothing_changed_writes_nothing(world, household):
    with transaction.atomic():
        assert save_and_record(world.admin, "test.change", household, {"note": "初始"}) == {}
    household.refresh_from_db()
    assert household.version == 1 and not AuditEntry.objects.filter(action="test.change").exists()


def test_named_fields_and_extras_are_audited_and_a_changed_extra_alone_saves(world, household):
    with transaction.atomic():
        save_and_record(world.admin, "test.change", household, {"note": "初始"}, ("head_name", "note"),
                        before_extra={"members": ["甲"]}, after_extra={"members": ["甲", "乙"]})
    household.refresh_from_db()
    entry = AuditEntry.objects.get(action="test.change")
    assert entry.before == {"head_name": "覃某", "note": "初始", "members": ["甲"]}
    assert entry.after == {"head_name": "覃某", "note": "初始", "members": ["甲", "乙"]}
    assert household.version == 2

