"""Outbound channels for the reminders: where `qingfeng inbox digest` hands each user's list.

A channel is any object with a `name` and `send(user, reminders) -> Delivery`. The platform
ships the in-app channel only (the inbox page and the header count already show everything);
a county that has an SMS or mail gateway writes a class like `InAppChannel` — say
`mycounty.sms.GatewayChannel` reading the user's phone number and posting `reminder.title`
lines to its gateway — and lists its dotted path in QINGFENG_INBOX_CHANNELS
(settings.INBOX_CHANNELS), e.g. `qingfeng.inbox.channels.InAppChannel,mycounty.sms.GatewayChannel`.

`send` must not raise for one user's failure: it returns Delivery(ok=False, detail=...) and the
digest goes on with the next user. Titles carry clue numbers and dates, never names.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from qingfeng.inbox.sources import Reminder

DEFAULT_CHANNELS = ("qingfeng.inbox.channels.InAppChannel",)


@dataclass(frozen=True)
class Delivery:
    ok: bool
    detail: str = ""  # what the gateway answered, or why it failed


class Channel(Protocol):
    name: str

    def send(self, user, reminders: list[Reminder]) -> Delivery: ...


class InAppChannel:
    """The inbox itself: nothing to transmit — the reminders are on the user's inbox page and header."""

    name = "in_app"

    def send(self, user, reminders: list[Reminder]) -> Delivery:
        return Delivery(True, f"{len(reminders)}")


def configured() -> list[Channel]:
    """The channels of settings.INBOX_CHANNELS (dotted paths of classes, each instantiated without arguments)."""
    return [import_string(path)() for path in getattr(settings, "INBOX_CHANNELS", DEFAULT_CHANNELS)]
