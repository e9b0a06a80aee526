"""`qingfeng serve` runs `qingfeng worker` as a process of its own and restarts it when
it dies, so that nothing a job does can stop the web server, nor the web server the
jobs for long."""

import logging
import os
import subprocess
import sys
import threading
import time

log = logging.getLogger(__name__)
FIRST_DELAY, MAX_DELAY = 1.0, 60.0  # restart back-off after a crash, doubling
HEALTHY_AFTER = 60.0  # a worker that ran this long starts the back-off afresh
STOP_SECONDS = 10.0  # SIGTERM, then SIGKILL


def worker_command() -> list[str]:
    return [sys.executable, "-m", "qingfeng", "worker", "--parent", str(os.getpid())]


class WorkerProcess:
    def __init__(self, command: list[str] | None = None):
        self.command = command or worker_command()
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="qingfeng-worker-supervisor", daemon=True)

    def start(self) -> "WorkerProcess":
        self._thread.start()
        return self

    def _supervise(self) -> None:
        # Its own session: Ctrl-C in the terminal reaches only the server, which stops it.
        delay = FIRST_DELAY
        while True:
            with self._lock:
                if self._stop.is_set():
                    return
                self.process, self.starts = subprocess.Popen(self.command, start_new_session=True), self.starts + 1
            began = time.monotonic()
            code = self.process.wait()
            if self._stop.is_set():
                return
            delay = FIRST_DELAY if time.monotonic() - began > HEALTHY_AFTER else delay
            log.error("jobs: the worker process exited with %s; restarting it in %.0f s", code, delay)
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, MAX_DELAY)

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """End the worker (its running job goes back to the queue) and stop restarting it."""
        with self._lock:
            self._stop.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
