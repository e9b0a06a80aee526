"""What a reporter may see of their clue (portal.md §2): its public state, the feedback, the messages.

Nothing else of the clue leaves here: not its number, owner, handler or stage.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.clues.models import State
from qingfeng.portal.models import PublicMessage, PublicReport

# The published answer's values are fixed Chinese words, whatever the reader's language.
PUBLIC_STATE = {State.PENDING: "已受理", State.IN_PROGRESS: "办理中", State.CLOSED: "已办结"}
SENDER = {PublicMessage.Sender.STAFF: "工作人员", PublicMessage.Sender.REPORTER: "举报人"}
# The same, for the HTML page in the reader's language.
STATE_LABEL = {"已受理": _("已受理"), "办理中": _("办理中"), "已办结": _("已办结")}


def public_status(report: PublicReport) -> dict:
    clue = report.clue
    messages = clue.public_messages.order_by("at", "id")
    return {
        "state": PUBLIC_STATE[State(clue.state)],
        "received_on": clue.received_on.isoformat(),
        "messages": [
            {"from": SENDER[m.sender], "at": timezone.localtime(m.at).isoformat(timespec="seconds"), "text": m.text}
            for m in messages],
        "result": report.feedback or None,
    }
