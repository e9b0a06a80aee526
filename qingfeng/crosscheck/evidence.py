"""Cross-check evidence as an investigator reads it: each record of each registry
with the registry's own Chinese column names, and how a fuzzy match was made."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qingfeng.engine.schema import REGISTRIES

FACT_LABELS = {
    "match": _("匹配方式"), "chars": _("同音字"), "pinyin": _("拼音"), "matched_registry": _("匹配登记表"),
    "matched_row": _("匹配行"), "matched_name": _("匹配姓名"), "score": _("匹配度"),
    # village finance (R14–R18)
    "window_days": _("前后比对天数"), "large_amount": _("民主理财审核标准（元）"), "cash_limit": _("现金支付限额（元）"),
    "chain": _("关联方式"), "month": _("月份"), "expenses": _("笔数"), "total": _("合计金额（元）"),
    "counterparty": _("收付对象"), "village_code": _("行政区划代码"), "this_entry_row": _("本笔所在行"),
    "group": _("同月同一对象的支出"), "signed_off": _("已在月例会审核、不计入的支出"),
}
EXTRA_LABELS = {"household_source": _("户的来源"), "period": _("资金所属期"), "days_apart": _("相差天数"),
                "nearest": _("接近程度排序"), "signed_off_early": _("月例会审核日期（早于记账日期，不算审核）")}
CHAIN_VALUES = {"person": _("本人或亲属"), "business": _("本人或亲属任法定代表人、股东的企业")}
HIDDEN = {"records", "rule", "title", "severity", "score", "key", "run", "id_number", "household_id", "payment_id",
          "account", "record"}


@dataclass
class EvidenceRecord:
    registry: str
    row: int | None
    fields: list[tuple[str, object]] = field(default_factory=list)


def _label(registry: str, name: str) -> str:
    spec = REGISTRIES.get(registry)
    column = next((c for c in spec.columns if c.name == name), None) if spec else None
    # Column and registry names are marked for translation in engine_text.MARKED.
    return gettext(column.zh) if column else str(EXTRA_LABELS.get(name, name))


def _value(value):
    """Registry keys as values (e.g. where a household came from) read as the registry's name."""
    return gettext(REGISTRIES[value].zh) if isinstance(value, str) and value in REGISTRIES else value


def records(evidence: dict) -> list[EvidenceRecord]:
    out = []
    for rec in evidence.get("records", []):
        registry = rec.get("registry", "")
        spec = REGISTRIES.get(registry)
        fields = [
            (_label(registry, k), _value(v)) for k, v in rec.items() if k not in ("registry", "row") and v not in (None, "")
        ]
        out.append(EvidenceRecord(gettext(spec.zh) if spec else registry, rec.get("row"), fields))
    return out


def _yuan(amount) -> str:
    try:
        return f"{Decimal(str(amount)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(amount)


def _signed_off(entries: list) -> str:
    """R17's expenses signed off at monthly meetings: voucher, amount and meeting date."""
    return "；".join(_("%(voucher)s，%(amount)s 元，%(date)s 月例会审核") % {
        "voucher": e.get("voucher_no"), "amount": _yuan(e.get("amount")), "date": e.get("meeting_on")}
        for e in entries if isinstance(e, dict))


def _group_facts(group: dict) -> list[tuple[str, object]]:
    out = []
    for name, value in group.items():
        if value in (None, "", []):
            continue
        if name == "signed_off" and isinstance(value, list):
            value = _signed_off(value)
        out.append((str(FACT_LABELS.get(name, name)), value))
    return out


def facts(evidence: dict) -> list[tuple[str, object]]:
    """Facts beside the records, e.g. which characters made a homophone match."""
    out = []
    for k, v in evidence.items():
        if k in HIDDEN or v in (None, "", []):
            continue
        if isinstance(v, dict) and "expenses" in v:  # R17's group: its facts one by one
            out += _group_facts(v)
        elif k == "chain" and isinstance(v, list):
            out.append((str(FACT_LABELS[k]), "、".join(str(CHAIN_VALUES.get(c, c)) for c in v)))
        else:
            out.append((str(FACT_LABELS.get(k, k)), v))
    return out
