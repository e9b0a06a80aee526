"""A cross-check hit as a village committee member may read it: no ID numbers, no full accounts.

The evidence of a village finance hit carries the registries' rows as imported — the
counterparty's ID number, the cadres' and relatives' ID numbers (R18), the full account of
a statement's counterparty (R14). The investigators' clue pages show them; a member of the
village's supervision committee does not need them to check the books and must not see
them (PIPL, portal.md §1). For the member: every ID field is dropped from the records, every
account field is shown as ``****`` and its last 4 characters, and any ID number or account
of the evidence written in the clue's subject or summary (hits_to_clues writes
"（证件号码 …）") is masked, as is any other valid ID number found in them.
"""

import re
from dataclasses import dataclass
from datetime import date

from qingfeng.crosscheck import evidence as hit_evidence
from qingfeng.engine.masking import mask_account
from qingfeng.engine.normalize import normalize_id
from qingfeng.engine.schema import REGISTRIES, Kind

ID_KINDS = {Kind.ID, Kind.PARTY}
ACCOUNT_NAMES = {"account", "counterparty_account"}
# Resident ID numbers standing alone: 18 (17 digits and a digit or X) or 15 digits.
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def is_id_field(registry: str, name: str) -> bool:
    spec = REGISTRIES.get(registry)
    column = next((c for c in spec.columns if c.name == name), None) if spec else None
    if column is not None and column.kind in ID_KINDS:
        return True
    return name.endswith("id_number") or name.endswith("_raw") or name == "counterparty_id"


def is_account_field(name: str) -> bool:
    return name in ACCOUNT_NAMES or name.endswith("_account")


def mask_id(value: str) -> str:
    return "*" * len(value)


def mask_ids_in(text: str, today: date) -> str:
    """`text` with every valid resident ID number in it masked."""

    def masked(found: re.Match) -> str:
        return mask_id(found.group()) if normalize_id(found.group(), today).value else found.group()

    return _ID_CANDIDATE.sub(masked, (text or "").translate(_FULL_WIDTH))


def _secrets(data: dict) -> dict[str, str]:
    """Every ID number and account written in the evidence → how the member sees it."""
    found = {}

    def add(registry, name, value):
        if not isinstance(value, str) or len(value.strip()) < 5:
            return
        if is_id_field(registry, name):
            found[value.strip()] = mask_id(value.strip())
        elif is_account_field(name):
            found[value.strip()] = mask_account(value)

    for name, value in data.items():
        add("", name, value)
    for record in data.get("records", []) or []:
        if isinstance(record, dict):
            for name, value in record.items():
                add(record.get("registry", ""), name, value)
    return found


def member_text(text: str, data: dict, today: date) -> str:
    """A clue's subject or summary without the evidence's ID numbers and full accounts."""
    text, secrets = text or "", _secrets(data)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, secrets[secret])
    return mask_ids_in(text, today)


def member_evidence(data: dict, today: date) -> dict:
    """The evidence without ID fields, with masked accounts, and masked IDs in its texts."""

    def value(name, v):
        if is_account_field(name):
            return mask_account(v) if isinstance(v, str) else v
        return mask_ids_in(v, today) if isinstance(v, str) else v

    records = []
    for record in data.get("records", []) or []:
        if not isinstance(record, dict):
            continue
        registry = record.get("registry", "")
        records.append({name: v if name in ("registry", "row") else value(name, v)
                        for name, v in record.items() if not is_id_field(registry, name)})
    facts = {}
    for name, v in data.items():
        if name == "records" or is_id_field("", name):
            continue
        if isinstance(v, dict):
            v = {k: value(k, x) for k, x in v.items() if not is_id_field("", k)}
        facts[name] = value(name, v)
    return {**facts, "records": records}


@dataclass
class HitView:
    subject: str
    summary: str
    records: list
    facts: list


def hit_view(clue, *, for_member: bool, today: date) -> HitView:
    data = clue.evidence or {}
    if not for_member:
        return HitView(clue.subject, clue.summary, hit_evidence.records(data), hit_evidence.facts(data))
    shown = member_evidence(data, today)
    return HitView(member_text(clue.subject, data, today), member_text(clue.summary, data, today),
                   hit_evidence.records(shown), hit_evidence.facts(shown))
