"""Recording and verifying the audit trail (docs/audit.md says what each layer protects).

Every entry is sealed with HMAC-SHA256 under the key its `key_id` names (kept
outside the database, qingfeng.audit.keys); entries written before keying keep
key id 0 and their plain SHA-256, and `verify` reports them as legacy, unkeyed —
history is never re-signed. The head row is sealed too, so cutting the tail and
moving the head back needs the key. Anchors (`SEQ:HASH` copied off the machine)
protect history before them even against someone who holds the key.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from qingfeng.audit import keys
from qingfeng.audit.models import AuditEntry, AuditHead
from qingfeng.core import bulk
from qingfeng.core.versioning import save_changes

GENESIS = "0" * 64
ROTATION = "audit.key_rotated"
_new_entry = bulk.factory(AuditEntry)


def snapshot(obj, fields) -> dict:
    """The audited state of `obj`: the named fields, as JSON-safe values."""
    return json.loads(json.dumps({f: getattr(obj, f) for f in fields}, cls=DjangoJSONEncoder))


def _content(entry: AuditEntry) -> bytes:
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
    if entry.key_id:  # legacy entries keep exactly the content they were hashed with
        content["key_id"] = entry.key_id
    return json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def _digest(entry: AuditEntry, key: bytes | None) -> str:
    if not entry.key_id:
        return hashlib.sha256(_content(entry)).hexdigest()
    return hmac.digest(key, _content(entry), "sha256").hex()


def _head_mac(head: AuditHead, key: bytes) -> str:
    return hmac.digest(key, f"head|{head.last_seq}|{head.last_hash}|{head.key_id}".encode(), "sha256").hex()


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit.{name}() must be called inside transaction.atomic()")


def _lock_head() -> AuditHead:
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    return head


def _signing_key(head: AuditHead) -> bytes:
    """The key of the next entry: the head's, or (first keyed entry) the newest key."""
    if not head.key_id:
        head.key_id = keys.first_key(head.last_seq)
    return keys.load(head.key_id)


def _chain(head: AuditHead, key: bytes, actor, at, action, object_type, object_id, before, after) -> AuditEntry:
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
        key_id=head.key_id,
    )
    entry.hash = _digest(entry, key)
    head.last_seq, head.last_hash = entry.seq, entry.hash
    return entry


def _seal(head: AuditHead, key: bytes) -> None:
    head.mac = _head_mac(head, key)
    head.save(update_fields=["last_seq", "last_hash", "key_id", "mac"])


def record(actor, action: str, obj=None, *, before=None, after=None, object_type="", object_id="") -> AuditEntry:
    """Append one entry. Must run inside the transaction of the change it records."""
    _require_transaction("record")
    head = _lock_head()
    key = _signing_key(head)
    entry = _chain(
        head, key, actor, timezone.now(), action,
        object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id or (obj.pk if obj is not None else ""),
        before, after,
    )
    entry.save()
    _seal(head, key)
    return entry


def save_and_record(actor, action: str, obj, values: dict, fields=None, *, before_extra: dict | None = None,
                    after_extra: dict | None = None) -> dict:
    """The edit of one row, audited: of `values`, save those that differ from `obj`'s (fetched with
    select_for_update and its version checked by the caller) with the next version
    (core.versioning.save_changes), and append one entry whose before and after are `fields`
    (default: the changed ones) plus the extras (e.g. a many-to-many list). When nothing differs
    and the extras are equal, nothing is saved and no entry written. Returns the changes saved."""
    _require_transaction("save_and_record")
    changes = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if not changes and (before_extra or {}) == (after_extra or {}):
        return {}
    audited = tuple(fields) if fields is not None else tuple(changes)
    before = snapshot(obj, audited) | (before_extra or {})
    save_changes(obj, changes)
    record(actor, action, obj, before=before, after=snapshot(obj, audited) | (after_extra or {}))
    return changes


def record_many(actor, items) -> list[AuditEntry]:
    """Append one entry per (action, obj, before, after) of a bulk change (a ledger
    import): the same chain as `record`, with one head lock and one insert."""
    _require_transaction("record_many")
    items = list(items)
    if not items:
        return []
    head, now = _lock_head(), timezone.now()
    key = _signing_key(head)
    entries = [
        _chain(head, key, actor, now, action, obj._meta.label_lower, obj.pk, before, after)
        for action, obj, before, after in items
    ]
    bulk.insert(AuditEntry, entries)  # multi-row INSERT without the ORM's per-value overhead
    _seal(head, key)
    return entries


def rotate_key(actor) -> AuditEntry:
    """Start key N+1 with a rotation entry — the first entry it signs, so the chain
    itself records from where on the new key holds. Commits its own transaction:
    the key file is written first and removed again if the entry does not commit."""
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.rotate_key() commits its own transaction; call it outside transaction.atomic()")
    path = None
    try:
        with transaction.atomic():
            head = _lock_head()
            old, new = head.key_id, keys.newest_id() + 1
            path = keys.create(new, last_seq=head.last_seq)
            head.key_id = new
            key = keys.load(new)
            entry = _chain(head, key, actor, timezone.now(), ROTATION, "audit.key", new,
                           {"key_id": old}, {"key_id": new})
            entry.save()
            _seal(head, key)
    except BaseException:
        if path is not None:
            keys.discard(path)
        raise
    return entry


def head() -> tuple[int, str]:
    """(seq, hash) of the chain's last entry: what a bulletin prints and an anchor keeps."""
    found = AuditHead.objects.filter(pk=1).first()
    return (found.last_seq, found.last_hash) if found else (0, GENESIS)


@dataclass
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None
    legacy: int = 0  # unkeyed entries (1..legacy), SHA-256 only
    keys_used: list = field(default_factory=list)
    anchors: int = 0  # anchors found in the chain with their hash


def parse_anchor(text: str) -> tuple[int, str]:
    """``SEQ:HASH`` (or an anchor-file line ``DATE SEQ HASH``) -> (seq, hash)."""
    parts = text.replace(":", " ").split()
    if len(parts) == 3:
        parts = parts[1:]
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise ValueError(f"not an anchor (SEQ:HASH): {text!r}")
    return int(parts[0]), parts[1].lower()


class _Broken(Exception):
    def __init__(self, seq, problem):
        super().__init__(problem)
        self.seq, self.problem = seq, problem


class _Walk:
    """The state of one verification pass over the chain."""

    def __init__(self, anchors):
        self.anchors: dict[int, set] = {}
        for seq, digest in anchors:
            self.anchors.setdefault(seq, set()).add(digest)
        self.prev_hash, self.expected, self.checked = GENESIS, 1, 0
        self.key_id, self.legacy, self.keys_used, self.anchored = 0, 0, [], 0
        self.legacy_until = keys.legacy_until()

    def start(self) -> None:
        """An anchor of the empty chain (seq 0) names the genesis hash."""
        if 0 in self.anchors:
            if self.anchors[0] != {GENESIS}:
                raise _Broken(0, "anchor 0 is not the empty chain's hash")
            self.anchored += 1

    def step(self, entry: AuditEntry) -> None:
        seq = entry.seq
        if seq != self.expected:
            kind = "removed" if seq > self.expected else "inserted"
            raise _Broken(self.expected, f"entry {self.expected} {kind}")
        if entry.prev_hash != self.prev_hash:
            raise _Broken(seq, f"entry {seq} inserted or chain broken before it")
        key = self._key_of(entry)
        if _digest(entry, key) != entry.hash:
            raise _Broken(seq, f"entry {seq} altered")
        if seq in self.anchors and self.anchors[seq] != {entry.hash}:
            raise _Broken(seq, f"entry {seq} differs from its anchor: history rewritten")
        self.anchored += seq in self.anchors
        self.prev_hash, self.expected, self.checked = entry.hash, seq + 1, self.checked + 1

    def _key_of(self, entry: AuditEntry) -> bytes | None:
        seq, key_id = entry.seq, entry.key_id
        if not key_id:
            if self.key_id:
                raise _Broken(seq, f"entry {seq} unkeyed after keyed entries: forged")
            if self.legacy_until is not None and seq > self.legacy_until:
                raise _Broken(seq, f"entry {seq} unkeyed, but the chain is keyed after entry {self.legacy_until}: forged")
            self.legacy += 1
            return None
        if self.key_id and key_id != self.key_id:
            rotation = entry.action == ROTATION and (entry.after or {}).get("key_id") == key_id
            if key_id < self.key_id or not rotation:
                raise _Broken(seq, f"entry {seq} changes key {self.key_id} → {key_id} without a rotation record")
        if key_id != self.key_id:
            self.keys_used.append(key_id)
        self.key_id = key_id
        try:
            return keys.load(key_id)
        except keys.KeyMissing as exc:
            raise _Broken(seq, f"entry {seq}: {exc}") from None

    def finish(self, head: AuditHead | None) -> None:
        end = self.checked
        if head is None:
            if end:
                raise _Broken(end, "the head row is missing")
            return
        if head.last_seq > end:
            raise _Broken(end + 1, f"entry {end + 1} removed (chain ends early)")
        if head.last_seq < end or head.last_hash != self.prev_hash:
            raise _Broken(head.last_seq + 1, f"entry {head.last_seq + 1} inserted after the recorded end")
        if self.legacy_until is not None and end < self.legacy_until:
            raise _Broken(end + 1, f"entry {end + 1} removed: {self.legacy_until} entries existed when the chain was keyed")
        if self.key_id:
            if head.key_id != self.key_id or not hmac.compare_digest(head.mac, _head_mac(head, keys.load(head.key_id))):
                raise _Broken(end, "the head's seal does not match: the end of the chain was moved")
            newest = keys.newest_id()
            if newest > self.key_id:
                raise _Broken(end, f"key {newest} exists but the chain never rotated to it: "
                                   f"entries after its rotation were removed or re-signed with an older key")
        missing = sorted(seq for seq in self.anchors if seq > end)
        if missing:
            raise _Broken(missing[0], f"anchored entry {missing[0]} is gone: the chain was cut before it")


def verify(anchors=()) -> Verdict:
    """Walk the chain; report the first altered, removed, inserted or re-signed entry,
    and any anchor ((seq, hash) pairs) the chain no longer holds."""
    walk = _Walk(anchors)
    try:
        walk.start()
        for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
            walk.step(entry)
        walk.finish(AuditHead.objects.filter(pk=1).first())
    except _Broken as broken:
        return Verdict(False, walk.checked, broken.problem, broken.seq, walk.legacy, walk.keys_used, walk.anchored)
    return Verdict(True, walk.checked, "", None, walk.legacy, walk.keys_used, walk.anchored)
