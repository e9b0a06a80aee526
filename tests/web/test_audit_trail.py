"""The audit trail is append-only and `qingfeng audit verify` catches tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.trail import record, verify


@pytest.fixture
def chain(world):
    with transaction.atomic():
        for i in range(5):
            record(world.alice, "test.step", world.h1, before={"n": i}, after={"n": i + 1})
    return list(AuditEntry.objects.order_by("seq"))


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_intact_chain_verifies(chain):
    verdict = verify()
    assert verdict.ok and verdict.checked == 5


def test_the_command_reports_an_intact_chain(chain, capsys):
    call_command("audit", "verify")
    assert "5 entries verified" in capsys.readouterr().out


def test_an_edited_entry_is_reported_by_number(chain):
    _sql("UPDATE audit_auditentry SET after = %s WHERE seq = 3", '{"n": 99}')
    verdict = verify()
    assert not verdict.ok and verdict.seq == 3 and "altered" in verdict.problem
    with pytest.raises(CommandError, match="entry 3 altered"):
        call_command("audit", "verify")


def test_a_deleted_entry_is_reported(chain):
    _sql("DELETE FROM audit_auditentry WHERE seq = 2")
    verdict = verify()
    assert not verdict.ok and verdict.seq == 2 and "removed" in verdict.problem


def test_deleting_the_last_entry_is_reported(chain):
    _sql("DELETE FROM audit_auditentry WHERE seq = 5")
    verdict = verify()
    assert not verdict.ok and verdict.seq == 5 and "removed" in verdict.problem


def test_an_inserted_entry_is_reported(chain):
    # A forger renumbers the tail to make room and inserts a plausible entry.
    for seq in range(5, 2, -1):
        _sql("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", seq + 1, seq)
    third = chain[2]
    _sql(
        "INSERT INTO audit_auditentry (seq, at, actor_id, actor_name, action, object_type, object_id, before, after, prev_hash, hash, key_id)"
        " VALUES (3, %s, NULL, 'forger', 'test.step', 'x', '1', NULL, NULL, %s, %s, 1)",
        third.at, chain[1].hash, "f" * 64,
    )
    verdict = verify()
    assert not verdict.ok and verdict.seq == 3


def test_an_entry_appended_behind_the_head_is_reported(chain):
    last = chain[-1]
    _sql(
        "INSERT INTO audit_auditentry (seq, at, actor_id, actor_name, action, object_type, object_id, before, after, prev_hash, hash, key_id)"
        " VALUES (6, %s, NULL, 'forger', 'test.step', 'x', '1', NULL, NULL, %s, %s, 1)",
        last.at, last.hash, "e" * 64,
    )
    verdict = verify()
    assert not verdict.ok and verdict.seq == 6


def test_entries_cannot_be_changed_or_deleted_through_the_orm(chain):
    entry = chain[0]
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(seq=1).update(action="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused(world):
    with pytest.raises(RuntimeError):
        record(world.alice, "test.step", world.h1)
