"""How outcome entries of the audit trail read in a clue's history: a label, who or what
they concern, and for changes and corrections the old value beside the new one."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.cases.models import Case, Measure
from qingfeng.clues.models import Clue

ACTION_LABELS = {
    "case.file": gettext_lazy("立案"),
    "case.advance": gettext_lazy("案件环节推进"),
    "case.investigated.add": gettext_lazy("添加被调查人"),
    "case.investigated.remove": gettext_lazy("移除被调查人"),
    "measure.add": gettext_lazy("录入处理人员"),
    "measure.change": gettext_lazy("修改处理人员"),
    "measure.remove": gettext_lazy("删除处理人员"),
    "refund.add": gettext_lazy("登记退还明细"),
    "refund.remove": gettext_lazy("删除退还明细"),
    "outcome.correct": gettext_lazy("更正处理结果"),
    "measure.ledger_import": gettext_lazy("台账导入处理人员"),
    "measure.ledger_update": gettext_lazy("台账导入更新处理人员"),
    "clue.ledger_counts": gettext_lazy("处理人数按处理人员更新"),
    "campaign.tag": gettext_lazy("调整专项治理主题"),
    "clue.counts": gettext_lazy("处理人数按处理人员更新"),  # the demo seeder's
    "clue.outcome": gettext_lazy("登记立案情况"),  # the demo seeder's
}
# Entries whose old values the history shows.
SHOWS_CHANGES = {"measure.change", "measure.ledger_update", "outcome.correct", "case.advance", "clue.ledger_counts",
                 "clue.counts", "clue.outcome"}


def _label(name: str) -> str:
    for model in (Clue, Measure, Case):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    return str(value)


def _flat(values: dict | None) -> dict:
    values = dict(values or {})
    values.update(values.pop("counts", {}) or {})
    return values


def changes(entry) -> list[tuple[str, str, str]]:
    """(field label, old, new) for each field an entry changed."""
    if entry.action not in SHOWS_CHANGES:
        return []
    before, after = _flat(entry.before), _flat(entry.after)
    return [(_label(name), _shown(before.get(name)), _shown(after[name]))
            for name in after if name in before and before.get(name) != after[name]]


def summary(entry) -> str:
    """Who or what the entry concerns, in a few words."""
    values = entry.after or {}
    if entry.action.endswith(".remove"):
        values = entry.before or {}
    if entry.action in {"measure.add", "measure.remove", "measure.ledger_import", "measure.ledger_update"}:
        return " · ".join(str(values[k]) for k in ("name", "kind", "measure") if values.get(k))
    if entry.action.startswith("refund."):
        return _("%(name)s：退还 %(payee)s %(amount)s 元") % {
            "name": values.get("name", ""), "payee": values.get("payee", ""), "amount": values.get("amount", "")}
    if entry.action.startswith("case.investigated."):
        return str(values.get("name", ""))
    if entry.action.startswith("case."):
        return str(values.get("case_no", ""))
    if entry.action == "measure.change":
        return str(values.get("name", ""))
    return ""
