"""`qingfeng serve` as a process: the request-size limit is the server's, not only the views'."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = os.environ | {"QINGFENG_HOME": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "qingfeng", "serve", "--no-worker", "--port", str(port),
                                "--max-request-mb", "1"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=30)


def post(port: int, size: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/api/public/reports", body=b"x" * size,
                           headers={"Content-Type": "application/json"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_body_over_the_limit_is_refused_by_the_server_and_one_under_it_reaches_the_platform(server):
    assert post(server, 1024 * 1024 + 1) == 413
    assert post(server, 1000) == 400  # not JSON: the platform's own answer, naming the problem
