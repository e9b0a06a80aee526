"""Recording and verifying the audit trail."""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from qingfeng.audit.models import AuditEntry, AuditHead
from qingfeng.core import bulk

GENESIS = "0" * 64
_new_entry = bulk.factory(AuditEntry)


def snapshot(obj, fields) -> dict:
    """The audited state of `obj`: the named fields, as JSON-safe values."""
    return json.loads(json.dumps({f: getattr(obj, f) for f in fields}, cls=DjangoJSONEncoder))


def _digest(entry: AuditEntry) -> str:
    content = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit.{name}() must be called inside transaction.atomic()")


def _lock_head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    return head


def _chain(head: AuditHead, actor, at, action, object_type, object_id, before, after) -> AuditEntry:
    """The next entry of the chain (not yet saved); advances `head` past it."""
    entry = _new_entry(  # a ledger import appends 100,000 of these: no Model.__init__ each
        seq=head.last_seq + 1,
        at=at,
        actor_id=getattr(actor, "pk", None),
        actor_name=str(getattr(actor, "username", "") or actor or "system"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        prev_hash=head.last_hash,
    )
    entry.hash = _digest(entry)
    head.last_seq, head.last_hash = entry.seq, entry.hash
    return entry


def record(actor, action: str, obj=None, *, before=None, after=None, object_type="", object_id="") -> AuditEntry:
    """Append one entry. Must run inside the transaction of the change it records."""
    _require_transaction("record")
    head = _lock_head()
    entry = _chain(
        head, actor, timezone.now(), action,
        object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id or (obj.pk if obj is not None else ""),
        before, after,
    )
    entry.save()
    head.save(update_fields=["last_seq", "last_hash"])
    return entry


def record_many(actor, items) -> list[AuditEntry]:
    """Append one entry per (action, obj, before, after) of a bulk change (a ledger
    import): the same chain as `record`, with one head lock and one insert."""
    _require_transaction("record_many")
    items = list(items)
    if not items:
        return []
    head, now = _lock_head(), timezone.now()
    entries = [
        _chain(head, actor, now, action, obj._meta.label_lower, obj.pk, before, after)
        for action, obj, before, after in items
    ]
    bulk.insert(AuditEntry, entries)  # multi-row INSERT without the ORM's per-value overhead
    head.save(update_fields=["last_seq", "last_hash"])
    return entries


@dataclass
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def verify() -> Verdict:
    """Walk the chain; report the first altered, removed or inserted entry."""
    head = AuditHead.objects.filter(pk=1).first()
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            kind = "removed" if entry.seq > expected_seq else "inserted"
            return Verdict(False, checked, f"entry {expected_seq} {kind}", expected_seq)
        if entry.prev_hash != prev_hash:
            return Verdict(False, checked, f"entry {entry.seq} inserted or chain broken before it", entry.seq)
        if _digest(entry) != entry.hash:
            return Verdict(False, checked, f"entry {entry.seq} altered", entry.seq)
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    last_seq = head.last_seq if head else 0
    if last_seq != checked or (head and head.last_hash != prev_hash):
        if last_seq > checked:
            return Verdict(False, checked, f"entry {checked + 1} removed (chain ends early)", checked + 1)
        return Verdict(False, checked, f"entry {last_seq + 1} inserted after the recorded end", last_seq + 1)
    return Verdict(True, checked)
