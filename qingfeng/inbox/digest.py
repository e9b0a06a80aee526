"""The digest: every active staff member's inbox, handed to each configured channel."""

from dataclasses import dataclass, field
from datetime import date

from qingfeng.accounts.models import User
from qingfeng.inbox import channels, service


@dataclass
class DigestReport:
    users: int = 0  # staff members with at least one reminder
    reminders: int = 0
    sent: dict = field(default_factory=dict)  # channel name -> users delivered
    failed: dict = field(default_factory=dict)  # channel name -> [(username, detail)]


def staff_members():
    return (User.objects.filter(is_active=True, jurisdiction__isnull=False).exclude(role="")
            .select_related("jurisdiction", "department").order_by("username"))


def run_digest(today: date, chosen=None) -> DigestReport:
    chosen = channels.configured() if chosen is None else chosen
    report = DigestReport(sent={c.name: 0 for c in chosen}, failed={c.name: [] for c in chosen})
    for user in staff_members():
        inbox = service.inbox_for(user, today)
        if not inbox.total:
            continue
        report.users += 1
        report.reminders += inbox.total
        for channel in chosen:
            try:
                delivery = channel.send(user, inbox.reminders)
            except Exception as exc:  # one gateway error must not stop the digest for everyone else
                delivery = channels.Delivery(False, f"{type(exc).__name__}: {exc}")
            if delivery.ok:
                report.sent[channel.name] += 1
            else:
                report.failed[channel.name].append((user.username, delivery.detail))
    return report
