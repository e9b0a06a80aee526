"""The clue's own time limit on the working-day calendar (qingfeng.core.workdays)."""

from datetime import date

from qingfeng.core import workdays

ACK_WORKING_DAYS = 15  # a named reporter is told of receipt within 15 working days


def ack_due(received_on: date) -> date:
    return workdays.add_working_days(received_on, ACK_WORKING_DAYS)
