"""The default N list (portal.md §4), required in every month. Created by migration 0002;
`ensure_default_items` again where a database may have been flushed since (the demo, tests)."""

from datetime import date

DEFAULTS = (("finance", "财务收支"), ("benefits", "惠民资金发放"), ("projects", "项目建设"),
            ("monthly_meeting", "村务监督委员会月例会"))
SINCE = date(2000, 1, 1)


def ensure_default_items(model=None) -> None:
    """Add the default items that are missing (by key); never renames or revives an item."""
    if model is None:
        from qingfeng.villages.models import RequiredItem as model
    for position, (key, title) in enumerate(DEFAULTS, start=1):
        model.objects.get_or_create(key=key, defaults={"title": title, "position": position, "since": SINCE})
