"""Two workers on separate processes share one Redis queue (issue 17, docs/deployment.md):
every task is done, each exactly once, and both workers took some. Real `manage.py qcluster`
processes with Redis as broker on the test database, stopped by the ids this test holds."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from controlhub.models import Subscriber
from portal.audit import Actor
from portal.models import Customer, CustomerStatus, Partner
from tests import demo
from tests.resilience.test_killed_worker import ADDRESS, ROOT, _worker_env
from wholesale.services import customers as provisioning

REDIS_URL = "redis://127.0.0.1:6379/8"  # a database of its own (CI's broker run uses 7)
N = 16


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    client.flushdb()
    return client


def redis_env() -> dict:
    return {**_worker_env(), "Q_REDIS_URL": REDIS_URL, "Q_WORKERS": "1"}


def start_worker(log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=redis_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_two_workers_share_one_redis_queue_and_do_each_task_once(live_demo, monkeypatch, tmp_path):
    client = redis_or_skip()
    monkeypatch.setattr(provisioning, "enqueue", lambda *a, **kw: None)  # queued below instead
    acme = Partner.objects.get(pk=demo.ACME)
    ids = [
        str(
            provisioning.customer_provision(
                partner=acme,
                actor=Actor.system(),
                provisioning_id="acme-smb-calling",
                packages=["webex_calling", "webex_meetings"],
                external_id=f"SHARED-{i:03d}",
                address=ADDRESS,
                name=f"Shared Queue Florist {i}",
                primary_email=f"owner{i}@shared-queue.example",
            ).pk
        )
        for i in range(N)
    ]
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    handles = [path.open("w") for path in logs]
    workers = [start_worker(handle) for handle in handles]
    try:
        time.sleep(3)  # both clusters up and waiting on the queue before the work arrives
        # The producer is another process with the Redis broker, as a web machine would be.
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "import os; from django_q.tasks import async_task\n"
                "for pk in os.environ['CUSTOMER_IDS'].split():\n"
                "    async_task('wholesale.tasks.provision_customer', pk)",
            ],
            cwd=ROOT,
            env={**redis_env(), "Q_SYNC": "0", "CUSTOMER_IDS": " ".join(ids)},
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = Customer.objects.filter(pk__in=ids, status=CustomerStatus.PROVISIONED).count()
            if done == N:
                break
            time.sleep(0.3)
    finally:
        for worker in workers:
            stop(worker)
        for handle in handles:
            handle.close()
    text = [path.read_text() for path in logs]
    statuses = list(Customer.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == [CustomerStatus.PROVISIONED] * N, text
    processed = [re.findall(r"Processed '(wholesale\.tasks\.provision_customer)'", t) for t in text]
    assert all(processed), f"one worker took nothing: {[len(p) for p in processed]}"
    assert sum(len(p) for p in processed) == N  # each task once, across both
    for i in range(N):
        assert Subscriber.objects.filter(email=f"owner{i}@shared-queue.example").count() == 1
    client.flushdb()


pytestmark = pytest.mark.django_db(transaction=True)
