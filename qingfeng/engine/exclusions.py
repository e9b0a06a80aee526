"""Exceptions to rules (核查 found a hit untrue): which hits of a run they leave out.

Plain data in, plain data out, so the web app (HitException rows), the command line and
the tests feed it alike. An exception covers one subject for one rule up to and including
its `until` day; the subject is one of the hit's identifying fields, compared normalised
as the importer normalises it (an ID number typed in lower case still matches).
"""

from dataclasses import dataclass
from datetime import date

from qingfeng.engine.normalize import clean_code, clean_id

# Kinds read off the hit's own fields, and kinds naming one record of its evidence (a
# vehicle, a property): a hit is left out when every record of that kind in it is excepted,
# so a person with a second, unexcepted vehicle is still flagged.
HIT_KINDS = ("id_number", "household_id", "account", "payment_id", "record")
RECORD_KINDS = {"plate": "vehicles", "cert_no": "properties"}  # kind (a record field) -> registry
SUBJECT_KINDS = HIT_KINDS + tuple(RECORD_KINDS)


@dataclass(frozen=True)
class Exclusion:
    rule: str
    kind: str  # one of SUBJECT_KINDS: the Hit attribute compared
    value: str
    until: date
    ref: object = None  # the caller's handle (a HitException id), handed back with each excluded hit


def normalised(kind: str, value) -> str | None:
    """The form both sides are compared in: ID numbers as clean_id, other codes as clean_code."""
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"unknown subject kind {kind!r}")
    return clean_id(value) if kind == "id_number" else clean_code(value)


def split(hits, exclusions, as_of: date) -> tuple[list, list[tuple[object, Exclusion]]]:
    """(kept hits, [(excluded hit, the exclusion that matched)]), order kept; exclusions
    whose `until` is before `as_of` are ignored (expired)."""
    active: dict[tuple[str, str, str], Exclusion] = {}
    for exclusion in exclusions or ():
        value = normalised(exclusion.kind, exclusion.value)
        if value and exclusion.until >= as_of:
            active.setdefault((exclusion.rule.upper(), exclusion.kind, value), exclusion)
    if not active:
        return list(hits), []
    kept, excluded = [], []
    for hit in hits:
        match = _hit_match(hit, active) or _records_match(hit, active)
        if match is None:
            kept.append(hit)
        else:
            excluded.append((hit, match))
    return kept, excluded


def record_values(evidence: dict, kind: str) -> list[str]:
    """The values of a record kind (plates, certificate numbers) in a hit's evidence."""
    registry = RECORD_KINDS[kind]
    return [str(r[kind]) for r in (evidence or {}).get("records", [])
            if isinstance(r, dict) and r.get("registry") == registry and r.get(kind)]


def _hit_match(hit, active: dict) -> Exclusion | None:
    for kind in HIT_KINDS:
        value = getattr(hit, kind, None)
        if value and (match := active.get((hit.rule, kind, normalised(kind, value)))) is not None:
            return match
    return None


def _records_match(hit, active: dict) -> Exclusion | None:
    for kind in RECORD_KINDS:
        matches = [active.get((hit.rule, kind, normalised(kind, v))) for v in record_values(hit.evidence, kind)]
        if matches and all(m is not None for m in matches):
            return matches[0]
    return None
