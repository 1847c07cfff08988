"""`manage.py qcluster`: django-q2's cluster, stopping within a bound on SIGTERM or SIGINT (PF-2).

django-q2 stops gracefully only: its sentinel waits for the pusher (blocked while the local
queue is full), then for every worker to finish its current task and the tasks already handed
to it, so a stop during a batch took over 40 s and Ctrl-C on `make run` seemed ignored. This
command (it replaces django-q2's, as `portal` comes first in INSTALLED_APPS) asks for the same
graceful stop and, when settings.Q_STOP_GRACE seconds pass first, kills the cluster's processes.
That is safe by the house rules: a task runs in one transaction (a killed one rolls back), is
safe to run twice, and the broker hands an unacknowledged task out again after Q_CLUSTER's
`retry` seconds.
"""

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from django.conf import settings
from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as DjangoQCommand


def _children() -> dict[int, list[int]]:
    """parent pid → child pids, from /proc (Linux) or `ps` (elsewhere)."""
    tree: dict[int, list[int]] = {}
    proc = Path("/proc")
    if proc.is_dir():
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                # The command name may hold spaces and parentheses: the ppid follows the last ")".
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
        return tree
    listing = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True, check=False
    ).stdout
    for line in listing.splitlines():
        pid, ppid = (int(v) for v in line.split())
        tree.setdefault(ppid, []).append(pid)
    return tree


def _descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Command(DjangoQCommand):
    help = "Starts the django-q2 cluster; SIGTERM or SIGINT stops it within Q_STOP_GRACE seconds."

    def handle(self, *args, **options):
        settings.SECRET_KEY  # noqa: B018 — signing needs it; fail before starting, as django-q2
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        cluster = Cluster()
        grace = float(settings.Q_STOP_GRACE)
        stopping = []

        def stop(signum, frame):
            if stopping:
                return
            stopping.append(signum)
            sentinel = cluster.sentinel
            if sentinel is None:  # not started yet
                raise SystemExit(0)
            processes = set(_descendants(os.getpid()))
            # Setting the event takes a lock shared with the cluster's processes; one killed
            # while holding it (a whole process group signalled at once, as systemd does)
            # would block this handler for good, so it is set from a thread.
            threading.Thread(target=cluster.stop_event.set, daemon=True).start()
            deadline = time.monotonic() + grace
            while sentinel.is_alive() and time.monotonic() < deadline:
                sentinel.join(0.1)
            processes |= set(_descendants(os.getpid()))
            if sentinel.is_alive():
                self.stderr.write(
                    f"The cluster did not stop within {grace:g} s; stopping its processes "
                    "(unfinished tasks roll back and run again)."
                )
            for pid in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            sentinel.join(2)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            cluster.start()
        except RuntimeError:
            if not stopping:
                raise
            return  # stopped while starting
        if options.get("run_once", False):
            stop(signal.SIGTERM, None)
        while cluster.sentinel.is_alive():
            cluster.sentinel.join(0.2)
