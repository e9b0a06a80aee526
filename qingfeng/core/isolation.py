"""Running a function in a child process with a memory and a time limit.

Whatever reads an untrusted file — an uploaded ledger or places table, a
cross-check bundle — runs here, so that a file which makes a reader allocate
without end, crash or hang ends only that child. The caller gets `Crashed` with
a reason written for the user, or the child's own result or exception.

Children come from a forkserver: a clean process started once (with Django set
up, see isolation_boot) that forks each child. The threaded web server itself is
never forked, so a child shares none of its database connections; a child that
uses the database opens its own, to the database the caller uses (the test
database in tests). As with any non-fork start method, the function, its
arguments, result and exceptions must pickle, and the caller's main module must be
safe to import (the child imports it).
"""

import multiprocessing
import os
import resource
import signal
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["qingfeng.core.isolation_boot"])
ORPHAN_EXIT_CODE = 70  # the caller is gone: nobody wants the result


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    timeout_seconds: float
    niceness: int = 0  # added to the child's nice value: background work yields the CPU to requests


# A background job (a cross-check run rebuilding the public lookup, an import) must not slow the
# pages and the public lookup served beside it on the same cores.
JOB_NICENESS = 10


def job_limits() -> Limits:
    """For background jobs (QINGFENG_JOB_MEMORY_MB / QINGFENG_JOB_TIMEOUT_SECONDS)."""
    return Limits(settings.JOB_MEMORY_MB, settings.JOB_TIMEOUT_SECONDS, JOB_NICENESS)


def upload_limits() -> Limits:
    """For a file read while its uploader waits (QINGFENG_UPLOAD_MEMORY_MB / _TIMEOUT_SECONDS)."""
    return Limits(settings.UPLOAD_MEMORY_MB, settings.UPLOAD_TIMEOUT_SECONDS)


class Crashed(Exception):
    """The child ran out of memory or time, or died; the message says which, for the user."""


class Stopped(Exception):
    """The caller's `stop` event was set; the child was ended."""


def memory_reason(limits: Limits) -> str:
    return _("处理进程内存超限（上限 %(mb)s MB），已终止。文件可能过大或已损坏。") % {"mb": limits.memory_mb}


def timeout_reason(limits: Limits) -> str:
    return _("处理进程运行超过时限（%(seconds)s 秒），已终止。") % {"seconds": int(limits.timeout_seconds)}


def exit_reason(exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = str(number)
        if number == signal.SIGKILL:
            return _("处理进程被系统强制终止（%(signal)s），通常是服务器内存不足。") % {"signal": name}
        return _("处理进程异常退出（%(signal)s），通常是所需内存超过上限（%(mb)s MB）或文件已损坏。") % {
            "signal": name, "mb": limits.memory_mb}
    return _("处理进程异常退出（退出码 %(code)s）。") % {"code": exitcode}


def run(function, *args, limits: Limits, progress=None, idle=None, idle_seconds: float = 15.0, stop=None):
    """`function(*args)` — or `function(*args, progress)` when `progress` is given — in a child.

    Returns its result or raises its exception (both must pickle). `progress(text,
    percent)` and `idle()` (at least every `idle_seconds`) are called here, in the
    caller's process. Raises Crashed when the child exceeds `limits` or dies,
    Stopped when `stop` (a threading.Event) is set meanwhile.
    """
    receiver, sender = _context.Pipe(duplex=True)
    child = _context.Process(
        target=_child_main, name=f"qingfeng-isolated-{getattr(function, '__name__', 'call')}", daemon=True,
        args=(sender, function, args, progress is not None, limits.memory_mb, limits.niceness, _databases(),
              translation.get_language()),
    )
    child.start()
    sender.close()  # ours: the child's end closing (its exit) must reach us as end-of-file
    killed = True
    try:
        deadline = monotonic() + limits.timeout_seconds
        next_idle = monotonic() + idle_seconds
        while True:
            now = monotonic()
            if stop is not None and stop.is_set():
                raise Stopped
            if now >= deadline:
                raise Crashed(timeout_reason(limits))
            if idle is not None and now >= next_idle:
                idle()
                next_idle = now + idle_seconds
            wait = min(deadline, next_idle if idle is not None else deadline) - now
            if stop is not None:
                wait = min(wait, 0.5)
            if not receiver.poll(max(wait, 0)):
                continue
            try:
                message = receiver.recv()
            except EOFError:  # died without a word: a signal, an abort, os._exit
                child.join(5)
                raise Crashed(exit_reason(child.exitcode, limits)) from None
            what = message[0]
            if what == "progress":
                progress(*message[1:])
                continue
            killed = False
            if what == "result":
                return message[1]
            if what == "memory":
                raise Crashed(memory_reason(limits))
            error, child_traceback = message[1], message[2]
            error.add_note("in the isolated child:\n" + child_traceback)
            raise error
    finally:
        if killed:
            child.kill()
        child.join(5)  # a child that answered closes its own databases and exits
        receiver.close()  # else its orphan watchdog ends it on this
        if child.exitcode is None:
            child.kill()
            child.join()
        child.close()


def _databases() -> dict:
    from django.db import connections

    return {alias: dict(connections[alias].settings_dict) for alias in connections}


# In the child -----------------------------------------------------------------------------------------

def _child_main(conn, function, args, with_progress, memory_mb, niceness, databases, language):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    _limit_memory(memory_mb)
    if niceness:
        os.nice(niceness)
    threading.Thread(target=_exit_when_orphaned, args=(conn,), daemon=True).start()
    try:
        _prepare_django(databases, language)
        extra = (_progress_sender(conn),) if with_progress else ()
        message = ("result", function(*args, *extra))
    except MemoryError:
        message = ("memory",)
    except BaseException as exc:  # noqa: BLE001 — every ending goes back to the caller
        if type(exc).__name__ == "OutOfMemoryException":  # DuckDB's failed allocation
            message = ("memory",)
        else:
            message = ("error", exc, traceback.format_exc())
    _send(conn, message)
    _close_databases()


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _exit_when_orphaned(conn) -> None:
    """The caller never writes to us: the pipe turns readable only when its end closes."""
    try:
        conn.poll(None)
    finally:
        os._exit(ORPHAN_EXIT_CODE)


def _prepare_django(databases: dict, language: str | None) -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.db import connections

    for alias, settings_dict in databases.items():
        connections[alias].settings_dict.update(settings_dict)
    if language:
        translation.activate(language)


def _progress_sender(conn):
    def progress(text, percent=None):
        conn.send(("progress", str(text), percent))

    return progress


def _send(conn, message) -> None:
    try:
        conn.send(message)
    except MemoryError:
        conn.send(("memory",))
    except Exception as exc:  # the result or the exception does not pickle
        error = RuntimeError(f"{type(message[1]).__name__}: {message[1]}"[:2000])
        conn.send(("error", error, f"{type(exc).__name__} while sending: {exc}"))


def _close_databases() -> None:
    from django.db import connections

    connections.close_all()  # the child's own connections only


# Reading an uploaded table ----------------------------------------------------------------------------

def read_rows_in_child(source, name: str, error, bound=None, sheets=()):
    """What the child runs for `read_book`: core.tables.read_book on a path or on bytes,
    under the caller's import bounds (the child's settings are the server's defaults)."""
    import io

    from qingfeng.core.tables import read_book as read

    return read(io.BytesIO(source) if isinstance(source, bytes) else source, name, error=error, bound=bound,
                sheets=sheets)


def read_book(source, name: str, *, error, limits: Limits | None, sheets: tuple[str, ...] = ()):
    """core.tables.read_book (the first sheet and the sheets named `sheets`), in a child
    under `limits` when they are given (None: here).

    A child that crashes becomes `error(reason)`, so the caller's page shows it like
    any other file problem."""
    if limits is None:
        return read_rows_in_child(source, name, error, None, tuple(sheets))
    payload = source if isinstance(source, (str, Path)) else source.read()
    try:
        from qingfeng.core.tables import limits as import_limits

        return run(read_rows_in_child, payload, name, error, import_limits(), tuple(sheets), limits=limits)
    except Crashed as crash:
        raise error(_("%(file)s：%(reason)s") % {"file": Path(name or str(source)).name, "reason": crash}) from None
