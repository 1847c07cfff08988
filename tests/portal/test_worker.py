"""The worker stops promptly (issue 15, PF-2): `manage.py qcluster` exits within 10 s of SIGTERM
even with a task running and more queued (it ignored SIGTERM for over 40 s), and Ctrl-C on
`make run` (scripts/serve) stops web and worker. Each test starts its processes in a session of
their own on a throwaway SQLite file, with the broker the suite runs with (the ORM, or Redis
when Q_REDIS_URL is set: CI runs these again so), and stops them by that process group only."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROC = Path("/proc")
pytestmark = [
    pytest.mark.skipif(not PROC.is_dir(), reason="reads process states from /proc (Linux)"),
]
BOUND = 10


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("worker") / "worker.sqlite3"


@pytest.fixture(scope="module")
def worker_env(database):
    path = database
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "Q_SYNC": "0",
        "PY": sys.executable,
    }
    manage(env, "migrate", "--noinput", "-v0")
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120, **kwargs
    )


def enqueue_sleepers(env, count=3, seconds=60):
    manage(
        env,
        "shell",
        "-c",
        "from django_q.brokers import get_broker; from django_q.tasks import async_task; "
        "get_broker().purge_queue(); "
        f"[async_task('time.sleep', {seconds}) for _ in range({count})]",
        capture_output=True,
    )


def alive_in_group(pgid: int) -> list[int]:
    """Processes of the group that are not zombies (an orphan may wait for init to reap it)."""
    alive = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def started(args, env, log):
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_group(process):
    """Kill what is left of the group this test started (by its id, never by name)."""
    if alive_in_group(process.pid):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)


def _time_to_stop(process, send) -> float:
    began = time.monotonic()
    send()
    try:
        process.wait(timeout=BOUND + 5)
    except subprocess.TimeoutExpired:
        return float("inf")
    wait_for(lambda: not alive_in_group(process.pid), 3, "the group to end")
    return time.monotonic() - began


@pytest.mark.parametrize("to", ["the worker", "its whole process group"])
def test_the_worker_stops_within_10_seconds_of_sigterm_while_busy(worker_env, tmp_path, to):
    enqueue_sleepers(worker_env)
    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        process = started([sys.executable, "manage.py", "qcluster"], worker_env, log)
    try:
        wait_for(lambda: "processing" in log_path.read_text(), 30, "a task to start")
        if to == "the worker":
            took = _time_to_stop(process, lambda: process.send_signal(signal.SIGTERM))
        else:  # systemd's default: every process of the unit at once
            took = _time_to_stop(process, lambda: os.killpg(process.pid, signal.SIGTERM))
        assert took < BOUND, log_path.read_text()
    finally:
        stop_group(process)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ctrl_c_on_make_run_stops_web_and_worker(worker_env, tmp_path):
    enqueue_sleepers(worker_env)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = started(["scripts/serve"], {**worker_env, "PORT": str(port)}, log)
    try:

        def serving():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        wait_for(serving, 30, "runserver to answer")
        wait_for(lambda: "processing" in log_path.read_text(), 30, "the worker to take a task")
        took = _time_to_stop(process, lambda: os.killpg(process.pid, signal.SIGINT))  # Ctrl-C
        assert took < BOUND, log_path.read_text()
        assert not serving()
    finally:
        stop_group(process)


def test_the_cluster_runs_a_task_through_the_configured_broker(worker_env, database, tmp_path):
    """Q_REDIS_URL used to crash the worker: the Redis client was not installed."""
    broker = manage(
        worker_env,
        "shell",
        "-c",
        "from django_q.brokers import get_broker; print(type(get_broker()).__name__)",
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    assert broker == ("Redis" if os.environ.get("Q_REDIS_URL") else "ORM")
    manage(
        worker_env,
        "shell",
        "-c",
        "from django_q.brokers import get_broker; from django_q.tasks import async_task; "
        "get_broker().purge_queue(); async_task('math.floor', 2.5, task_name='broker-probe')",
        capture_output=True,
    )
    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        process = started([sys.executable, "manage.py", "qcluster"], worker_env, log)
    try:

        def done():
            with sqlite3.connect(database) as db:
                row = db.execute(
                    "SELECT success FROM django_q_task WHERE name = 'broker-probe'"
                ).fetchone()
            return row is not None and row[0]

        wait_for(done, 30, "the probe task to succeed")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=BOUND)
        stop_group(process)
