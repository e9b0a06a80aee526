"""Job functions by kind. Apps register theirs in AppConfig.ready().

A job function receives the job and `progress(text, percent)`; its return value
(JSON-ready) becomes the job's result. It must be idempotent: a job whose worker
died is run again from the start. The worker runs it in a child process with memory
and time limits (qingfeng.core.isolation), so it is a module-level function and its
result and exceptions pickle. It raises `JobError` for a failure whose message
is written for the user (a file, row and column that cannot be read…); the job page
shows any other exception as an internal error.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


class JobError(Exception):
    """The job cannot finish, for a reason its message explains to the user."""


@dataclass(frozen=True)
class JobKind:
    kind: str
    title: str
    function: Callable
    viewer_roles: frozenset = field(default_factory=frozenset)  # besides the starter and admins


_KINDS: dict[str, JobKind] = {}


def register(kind: str, title: str, viewer_roles=()):
    def decorate(function):
        _KINDS[kind] = JobKind(kind, title, function, frozenset(viewer_roles))
        return function

    return decorate


def get(kind: str) -> JobKind | None:
    return _KINDS.get(kind)


def kinds_viewable_by(role: str) -> list[str]:
    return [kind.kind for kind in _KINDS.values() if role in kind.viewer_roles]
