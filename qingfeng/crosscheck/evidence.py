"""Cross-check evidence as an investigator reads it: each record of each registry
with the registry's own Chinese column names, and how a fuzzy match was made."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from qingfeng.engine.schema import REGISTRIES

FACT_LABELS = {
    "match": _("匹配方式"), "chars": _("同音字"), "pinyin": _("拼音"), "matched_registry": _("匹配登记表"),
    "matched_row": _("匹配行"), "matched_name": _("匹配姓名"), "score": _("匹配度"),
}
EXTRA_LABELS = {"household_source": _("户的来源"), "period": _("资金所属期")}
HIDDEN = {"records", "rule", "title", "severity", "score", "key", "run", "id_number", "household_id", "payment_id", "account"}


@dataclass
class EvidenceRecord:
    registry: str
    row: int | None
    fields: list[tuple[str, object]] = field(default_factory=list)


def _label(registry: str, name: str) -> str:
    spec = REGISTRIES.get(registry)
    column = next((c for c in spec.columns if c.name == name), None) if spec else None
    return column.zh if column else str(EXTRA_LABELS.get(name, name))


def _value(value):
    """Registry keys as values (e.g. where a household came from) read as the registry's name."""
    return REGISTRIES[value].zh if isinstance(value, str) and value in REGISTRIES else value


def records(evidence: dict) -> list[EvidenceRecord]:
    out = []
    for rec in evidence.get("records", []):
        registry = rec.get("registry", "")
        spec = REGISTRIES.get(registry)
        fields = [
            (_label(registry, k), _value(v)) for k, v in rec.items() if k not in ("registry", "row") and v not in (None, "")
        ]
        out.append(EvidenceRecord(spec.zh if spec else registry, rec.get("row"), fields))
    return out


def facts(evidence: dict) -> list[tuple[str, object]]:
    """Facts beside the records, e.g. which characters made a homophone match."""
    return [(str(FACT_LABELS.get(k, k)), v) for k, v in evidence.items() if k not in HIDDEN and v not in (None, "", [])]
