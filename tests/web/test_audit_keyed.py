"""The keyed audit chain (issue 13): what someone who can write the database — with or
without the key — can and cannot do unnoticed, with and without an external anchor.

The tamper cases below are the table quoted in docs/audit.md: every case is tried
by the attacker it names, and `expect_detected` says what verify must answer.
"""

import hashlib
import hmac
import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from qingfeng.audit import keys, trail
from qingfeng.audit.actions import do_rotate_key
from qingfeng.audit.models import AuditEntry, AuditHead


@pytest.fixture
def keydir(settings, tmp_path):
    settings.AUDIT_KEY_DIR = tmp_path / "keys"
    return settings.AUDIT_KEY_DIR


@pytest.fixture
def chain(world, keydir):
    with transaction.atomic():
        for i in range(5):
            trail.record(world.alice, "test.step", world.h1, before={"n": i}, after={"n": i + 1})
    return list(AuditEntry.objects.order_by("seq"))


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


# --- what an attacker computes ----------------------------------------------------

def _content(e: dict, with_key_id: bool) -> bytes:
    content = {k: e[k] for k in ("seq", "actor_name", "action", "object_type", "object_id", "before", "after",
                                 "prev_hash")}
    content["at"], content["actor"] = e["at"].isoformat(), e["actor_id"]
    if with_key_id:
        content["key_id"] = e["key_id"]
    return json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def sha256_as_legacy(e: dict) -> None:
    """No key: pass the entry off as written before keying (anyone can compute SHA-256)."""
    e["key_id"] = 0
    e["hash"] = hashlib.sha256(_content(e, False)).hexdigest()


def sha256_keeping_key_id(e: dict) -> None:
    """No key: keep the key id and hope a plain SHA-256 passes."""
    e["hash"] = hashlib.sha256(_content(e, True)).hexdigest()


def with_key(key_id: int):
    def sign(e: dict) -> None:
        e["key_id"] = key_id
        e["hash"] = hmac.new(keys.load(key_id), _content(e, True), "sha256").hexdigest()
    return sign


def _entries() -> list[dict]:
    return [dict(e) for e in AuditEntry.objects.order_by("seq").values()]


def _write(entries: list[dict], sign, from_seq: int, *, reseal: bool = False) -> None:
    """Re-chain `entries` from `from_seq` with `sign`, store them, and move the head to
    the new end (its seal recomputed only when the attacker holds the key)."""
    prev = trail.GENESIS
    for e in entries:
        if e["seq"] >= from_seq:
            e["prev_hash"] = prev
            sign(e)
        prev = e["hash"]
    _sql("DELETE FROM audit_auditentry WHERE seq >= %s", from_seq)
    for e in entries:
        if e["seq"] >= from_seq:
            _sql("INSERT INTO audit_auditentry (seq, at, actor_id, actor_name, action, object_type, object_id, before,"
                 " after, prev_hash, hash, key_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                 e["seq"], e["at"], e["actor_id"], e["actor_name"], e["action"], e["object_type"], e["object_id"],
                 json.dumps(e["before"]), json.dumps(e["after"]), e["prev_hash"], e["hash"], e["key_id"])
    _move_head(entries[-1]["seq"] if entries else 0, prev, reseal=reseal)


def _move_head(seq: int, digest: str, *, reseal: bool) -> None:
    head = AuditHead.objects.get(pk=1)
    mac = head.mac
    if reseal:
        head.last_seq, head.last_hash = seq, digest
        mac = trail._head_mac(head, keys.load(head.key_id))
    _sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s, mac = %s WHERE id = 1", seq, digest, mac)


def _forged(last: dict) -> dict:
    e = dict(last, seq=last["seq"] + 1, actor_name="forger", after={"n": 99})
    e["id"] = None
    return e


# --- the tamper cases --------------------------------------------------------------

def forged_entry_with_sha256_as_legacy():
    entries = _entries()
    _write(entries + [_forged(entries[-1])], sha256_as_legacy, len(entries) + 1)


def forged_entry_with_sha256_keeping_key_id():
    entries = _entries()
    _write(entries + [_forged(entries[-1])], sha256_keeping_key_id, len(entries) + 1)


def rewritten_middle_as_legacy():
    entries = _entries()
    entries[2]["after"] = {"n": 99}
    _write(entries, sha256_as_legacy, 3)


def rewritten_middle_keeping_key_id():
    entries = _entries()
    entries[2]["after"] = {"n": 99}
    _write(entries, sha256_keeping_key_id, 3)


def whole_chain_downgraded_to_legacy():
    _write(_entries(), sha256_as_legacy, 1)


def truncated_tail():
    entries = _entries()[:3]
    _sql("DELETE FROM audit_auditentry WHERE seq > 3")
    _move_head(3, entries[-1]["hash"], reseal=False)


def deleted_head_row():
    _sql("DELETE FROM audit_audithead")


def reordered_entries():
    _sql("UPDATE audit_auditentry SET seq = 100 WHERE seq = 2")
    _sql("UPDATE audit_auditentry SET seq = 2 WHERE seq = 3")
    _sql("UPDATE audit_auditentry SET seq = 3 WHERE seq = 100")


def truncated_tail_with_a_saved_old_head():
    """The attacker kept a copy of the head row from when the chain ended at 3 (an old
    database backup) and puts it back after cutting entries 4 and 5."""
    _sql("DELETE FROM audit_auditentry WHERE seq > 3")
    _sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s, mac = %s WHERE id = 1", *SAVED_HEAD)


def insider_rewrites_middle():
    entries = _entries()
    entries[2]["after"] = {"n": 99}
    _write(entries, with_key(1), 3, reseal=True)


def insider_truncates_tail():
    _write(_entries()[:3], with_key(1), 4, reseal=True)


def insider_rewrites_the_last_entry():
    entries = _entries()
    entries[4]["after"] = {"n": 99}
    _write(entries, with_key(1), 5, reseal=True)


SAVED_HEAD: list = []

# (case, attacker holds the key, anchor taken before the tampering at seq, detected?)
CASES = [
    (forged_entry_with_sha256_as_legacy, False, None, True),
    (forged_entry_with_sha256_keeping_key_id, False, None, True),
    (rewritten_middle_as_legacy, False, None, True),
    (rewritten_middle_keeping_key_id, False, None, True),
    (whole_chain_downgraded_to_legacy, False, None, True),
    (truncated_tail, False, None, True),
    (deleted_head_row, False, None, True),
    (reordered_entries, False, None, True),
    (truncated_tail_with_a_saved_old_head, False, None, False),  # the one gap without an anchor
    (insider_rewrites_middle, True, None, False),
    (insider_truncates_tail, True, None, False),
    (insider_rewrites_the_last_entry, True, None, False),
    # With an anchor of the chain's end (entry 5) copied off the machine:
    (forged_entry_with_sha256_as_legacy, False, 5, True),
    (rewritten_middle_as_legacy, False, 5, True),
    (truncated_tail, False, 5, True),
    (reordered_entries, False, 5, True),
    (truncated_tail_with_a_saved_old_head, False, 5, True),
    (insider_rewrites_middle, True, 5, True),
    (insider_truncates_tail, True, 5, True),
    # …but history after the last anchor stays the key holder's to rewrite:
    (insider_rewrites_the_last_entry, True, 3, False),
]


@pytest.mark.parametrize("case, insider, anchor_seq, expect_detected", CASES,
                         ids=[f"{c[0].__name__}-{'anchor' if c[2] else 'no-anchor'}" for c in CASES])
def test_tampering_is_detected_as_the_table_says(chain, case, insider, anchor_seq, expect_detected):
    if case is truncated_tail_with_a_saved_old_head:
        saved = AuditEntry.objects.get(seq=3)
        head = AuditHead.objects.get(pk=1)
        head.last_seq, head.last_hash = 3, saved.hash  # the head as it was when entry 3 was the last
        SAVED_HEAD[:] = [3, saved.hash, trail._head_mac(head, keys.load(1))]
    anchors = [(anchor_seq, AuditEntry.objects.get(seq=anchor_seq).hash)] if anchor_seq else []
    assert trail.verify(anchors).ok
    case()
    verdict = trail.verify(anchors)
    assert (not verdict.ok) == expect_detected, verdict.problem


def test_the_tamper_table_counts(capsys):
    """The numbers quoted in docs/audit.md."""
    without = [c for c in CASES if c[2] is None]
    with_anchor = [c for c in CASES if c[2] is not None]
    assert (len(without), sum(not c[3] for c in without)) == (12, 4)
    assert (len([c for c in without if not c[1]]), sum(not c[3] for c in without if not c[1])) == (9, 1)
    assert (len(with_anchor), sum(not c[3] for c in with_anchor)) == (8, 1)


# --- keys, legacy entries, rotation -----------------------------------------------

ROTATES = pytest.mark.django_db(transaction=True)  # rotation commits its own transaction

def test_the_first_entry_makes_a_private_key_outside_the_database(chain, keydir):
    assert keys.key_dir() == keydir and keys.ids() == [1]
    assert stat.S_IMODE(os.stat(keydir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(keydir / "audit-key-0001.json").st_mode) == 0o600
    assert {e.key_id for e in chain} == {1}
    key = keys.load(1).hex()
    assert key not in json.dumps(list(AuditEntry.objects.values("hash", "prev_hash"))) + str(AuditHead.objects.get().mac)


def test_a_plain_sha256_chain_no_longer_verifies(chain):
    """What `audit verify` accepted before: every entry re-hashed with SHA-256, head moved."""
    _write(_entries(), sha256_keeping_key_id, 1)
    verdict = trail.verify()
    assert not verdict.ok and verdict.seq == 1 and "altered" in verdict.problem


def _legacy_chain(world, n: int) -> None:
    """Entries as the unkeyed code wrote them (key id 0, plain SHA-256), before any key."""
    prev, entries = trail.GENESIS, []
    for seq in range(1, n + 1):
        e = dict(seq=seq, at=world.alice.date_joined, actor_id=world.alice.pk, actor_name="alice", action="old.step",
                 object_type="x", object_id=str(seq), before=None, after={"n": seq}, prev_hash=prev, key_id=0)
        sha256_as_legacy(e)
        prev = e["hash"]
        entries.append(e)
    for e in entries:
        _sql("INSERT INTO audit_auditentry (seq, at, actor_id, actor_name, action, object_type, object_id, before,"
             " after, prev_hash, hash, key_id) VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s, %s, %s, 0)",
             e["seq"], e["at"], e["actor_id"], e["actor_name"], e["action"], e["object_type"], e["object_id"],
             json.dumps(e["after"]), e["prev_hash"], e["hash"])
    AuditHead.objects.create(pk=1, last_seq=n, last_hash=prev)


def test_entries_from_before_keying_verify_as_legacy_unkeyed_and_are_never_re_signed(world, keydir, capsys):
    _legacy_chain(world, 3)
    before = list(AuditEntry.objects.values_list("seq", "hash"))
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    assert list(AuditEntry.objects.filter(seq__lte=3).values_list("seq", "hash")) == before
    assert keys.legacy_until() == 3
    verdict = trail.verify()
    assert verdict.ok and (verdict.checked, verdict.legacy, verdict.keys_used) == (4, 3, [1])
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "4 entries verified" in out and "3 legacy, unkeyed (entries 1–3" in out and "1 keyed" in out


def test_an_unkeyed_entry_after_the_keyed_point_is_a_forgery(world, keydir):
    _legacy_chain(world, 3)
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    entries = _entries()[:3]  # drop the keyed entry, pass a forged one off as legacy
    _write(entries + [_forged(entries[-1])], sha256_as_legacy, 4)
    verdict = trail.verify()
    assert not verdict.ok and verdict.seq == 4 and "forged" in verdict.problem


def test_cutting_unkeyed_history_recorded_by_the_key_is_detected(world, keydir):
    _legacy_chain(world, 3)
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    # Without the key: empty the chain and reset the head to "nothing written yet".
    _sql("DELETE FROM audit_auditentry")
    _sql("UPDATE audit_audithead SET last_seq = 0, last_hash = %s, key_id = 0, mac = '' WHERE id = 1", trail.GENESIS)
    verdict = trail.verify()
    assert not verdict.ok and "3 entries existed when the chain was keyed" in verdict.problem


@ROTATES
def test_rotation_starts_a_new_key_recorded_in_the_chain_and_keeps_the_old(chain, world, capsys):
    call_command("audit", "rotate-key")
    assert "key 2 signs from entry 6" in capsys.readouterr().out
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    rotation, after = AuditEntry.objects.get(seq=6), AuditEntry.objects.get(seq=7)
    assert (rotation.action, rotation.key_id, rotation.after, after.key_id) == ("audit.key_rotated", 2, {"key_id": 2}, 2)
    assert keys.ids() == [1, 2]
    verdict = trail.verify()
    assert verdict.ok and verdict.keys_used == [1, 2] and verdict.checked == 7


@ROTATES
def test_a_leaked_old_key_cannot_rewrite_what_follows_the_rotation(chain, world):
    do_rotate_key(acting_user=None)
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    entries = _entries()
    # Holder of key 1 only: drop the rotation, re-sign the tail with key 1, reseal the head with key 1.
    _write(entries[:5] + [dict(entries[6], seq=6)], with_key(1), 6)
    head = AuditHead.objects.get(pk=1)
    head.key_id = 1
    _sql("UPDATE audit_audithead SET key_id = 1, mac = %s WHERE id = 1", trail._head_mac(head, keys.load(1)))
    verdict = trail.verify()
    assert not verdict.ok and "key 2 exists but the chain never rotated to it" in verdict.problem


@ROTATES
def test_an_entry_switching_key_without_a_rotation_record_is_refused(chain, world):
    do_rotate_key(acting_user=None)
    entries = _entries()
    entries[5]["action"] = "test.step"  # the rotation entry, disguised
    _write(entries, with_key(2), 6, reseal=True)
    verdict = trail.verify()
    assert not verdict.ok and "without a rotation record" in verdict.problem


@ROTATES
def test_a_rotation_that_does_not_commit_leaves_no_key_behind(chain, monkeypatch):
    def fail(*args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(trail, "_seal", fail)
    with pytest.raises(RuntimeError):
        do_rotate_key(acting_user=None)
    assert keys.ids() == [1] and trail.verify().ok


def test_a_missing_key_is_reported_not_ignored(chain, keydir):
    (keydir / "audit-key-0001.json").unlink()
    keys._cache.clear()
    verdict = trail.verify()
    assert not verdict.ok and "audit key 1 is missing" in verdict.problem


# --- head and anchors -------------------------------------------------------------

def test_head_prints_the_last_sequence_number_and_hash(chain, capsys):
    call_command("audit", "head")
    assert capsys.readouterr().out.strip() == f"5 {chain[-1].hash}"


def test_verify_passes_with_a_matching_anchor_and_fails_with_a_wrong_one(chain, capsys):
    call_command("audit", "verify", "--anchor", f"3:{chain[2].hash}", "--anchor", f"5:{chain[4].hash}")
    assert "2 of 2 anchors matched" in capsys.readouterr().out
    with pytest.raises(CommandError, match="entry 3 differs from its anchor"):
        call_command("audit", "verify", "--anchor", f"3:{'a' * 64}")


def test_verify_fails_when_an_anchored_entry_is_gone(chain):
    with pytest.raises(CommandError, match="anchored entry 9 is gone"):
        call_command("audit", "verify", "--anchor", f"9:{'a' * 64}")


def test_a_malformed_anchor_is_a_clear_error(chain):
    with pytest.raises(CommandError, match="not an anchor"):
        call_command("audit", "verify", "--anchor", "5")


def test_daily_anchors_append_to_a_file_that_verify_reads_back(chain, world, tmp_path, capsys):
    out = tmp_path / "anchors.txt"
    call_command("audit", "anchor", "--out", str(out))
    with transaction.atomic():
        trail.record(world.alice, "test.step", world.h1)
    call_command("audit", "anchor", "--out", str(out))
    lines = out.read_text().splitlines()
    assert [line.split()[1:] for line in lines] == [["5", chain[-1].hash], ["6", AuditEntry.objects.get(seq=6).hash]]
    capsys.readouterr()
    call_command("audit", "verify", "--anchor-file", str(out))
    assert "2 of 2 anchors matched" in capsys.readouterr().out
    insider_truncates_tail()
    with pytest.raises(CommandError, match="anchored entry 5 is gone"):
        call_command("audit", "verify", "--anchor-file", str(out))
