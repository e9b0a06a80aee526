"""Sign-offs (民主理财) of village finance entries at the committee's monthly meetings.

An entry signed off at a meeting counts as reviewed (`reviewed` 是) whatever the imported
books say. `signed_off_keys` gives them in the engine's key form (`village_code/voucher_no`,
crosscheck.md §5); `signoff_rows` gives them with the meeting's date, the engine's
`village_signoffs` relation that the application's runs pass to R15 and R17 (an entry then
counts as reviewed when the meeting was held on or after its booking date).
"""

from qingfeng.villages.models import ReviewedEntry


def signed_off_vouchers(village) -> dict[str, int]:
    """voucher_no -> the id of the meeting that signed the entry off, for one village."""
    return dict(ReviewedEntry.objects.filter(village=village).values_list("voucher_no", "meeting_id"))


def signed_off_keys(village_codes=None) -> set[str]:
    """`village_code/voucher_no` of every signed-off entry (of the given villages, or all)."""
    rows = ReviewedEntry.objects.all()
    if village_codes is not None:
        rows = rows.filter(village__code__in=list(village_codes))
    return {f"{code}/{voucher}" for code, voucher in rows.values_list("village__code", "voucher_no")}


def signoff_rows(village_codes=None) -> list[tuple[str, str, object]]:
    """(village_code, voucher_no, held_on) of every signed-off entry (of the given villages, or all)."""
    rows = ReviewedEntry.objects.all()
    if village_codes is not None:
        rows = rows.filter(village__code__in=list(village_codes))
    return list(rows.order_by("village__code", "voucher_no").values_list("village__code", "voucher_no",
                                                                          "meeting__held_on"))
