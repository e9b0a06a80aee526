"""Audited changes of the area work (片区协作) and the departments' returns (联动联办), one module
per part: team (the standing team), meetings (area and joint meetings, their follow-ups),
problems (the N problems), reviews (quarterly reviews), returns (departments' monthly returns).

Each `do_*` runs in one transaction, checks role and scope through
qingfeng.collaboration.access, locks the row it changes and checks the version the user
saw (a stale one raises Conflict), and appends one audit entry.
"""

from qingfeng.collaboration.actions.meetings import (
    do_add_follow_up,
    do_record_meeting,
    do_set_follow_up_done,
    do_update_meeting,
)
from qingfeng.collaboration.actions.problems import do_add_problem, do_update_problem
from qingfeng.collaboration.actions.returns import do_submit_return
from qingfeng.collaboration.actions.reviews import (
    do_issue_review,
    do_save_review,
    do_start_review,
)
from qingfeng.collaboration.actions.team import (
    do_add_team_member,
    do_change_team_member,
    do_remove_team_member,
)
from qingfeng.core.versioning import Conflict

__all__ = [
    "Conflict", "do_add_team_member", "do_change_team_member", "do_remove_team_member", "do_record_meeting",
    "do_update_meeting", "do_add_follow_up", "do_set_follow_up_done", "do_add_problem", "do_update_problem",
    "do_start_review", "do_save_review", "do_issue_review", "do_submit_return",
]
