"""A worker killed mid-batch and restarted (issue 15, PV-1): nothing lost, nothing duplicated,
every customer settled. The worker is a real `manage.py qcluster` on the test database, started
in a session of its own and killed (SIGKILL, the whole group) by the id this test holds."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.tasks import async_task

from controlhub.models import Location, Subscriber
from portal.audit import Actor
from portal.models import Customer, CustomerStatus, Partner
from tests import demo
from wholesale.services import customers as provisioning

ROOT = Path(__file__).resolve().parents[2]
N = 24
ADDRESS = {
    "address_line1": "12 Orchard Lane",
    "city": "Portland",
    "state_or_province": "OR",
    "zip_or_postal_code": "97201",
    "country": "US",
}


def _worker_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # A killed worker's task comes back after `retry` seconds: short here to keep the test short.
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "Q_SYNC": "0",
        "Q_WORKERS": "2",
        "Q_TIMEOUT": "4",
        "Q_RETRY": "5",
    }


def _start(log):
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=_worker_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _kill(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _settled(ids) -> int:
    return Customer.objects.filter(pk__in=ids, status=CustomerStatus.PROVISIONED).count()


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.2)
    return predicate()


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(live_demo, monkeypatch, tmp_path):
    monkeypatch.setattr(provisioning, "enqueue", lambda *a, **kw: None)  # queued below instead
    acme = Partner.objects.get(pk=demo.ACME)
    ids = [
        provisioning.customer_provision(
            partner=acme,
            actor=Actor.system(),
            provisioning_id="acme-smb-calling",
            packages=["webex_calling", "webex_meetings"],
            external_id=f"KILL-{i:03d}",
            address=ADDRESS,
            name=f"Killed Worker Bakery {i}",
            primary_email=f"owner{i}@killed-worker.example",
        ).pk
        for i in range(N)
    ]
    for pk in ids:
        async_task("wholesale.tasks.provision_customer", str(pk), sync=False)

    log_path = tmp_path / "qcluster.log"
    with log_path.open("w") as log:
        first = _start(log)
        try:
            assert _wait(lambda: _settled(ids) >= 3, 30), log_path.read_text()
        finally:
            _kill(first)  # mid-batch: some done, some taken, the rest queued
        assert _settled(ids) < N, "the batch finished before the kill; make it longer"
        second = _start(log)
        try:
            _wait(lambda: _settled(ids) == N, 30)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=15)
            _kill(second)

    if "redis" in settings.Q_CLUSTER and _settled(ids) < N:
        # Redis does not hand a killed worker's task out again: the watchdog finds those
        # customers (past its bound) and Retry provisions them; in-process here.
        later = timezone.now() + settings.PROVISIONING_STUCK_AFTER + timedelta(minutes=1)
        provisioning.customers_settle_stuck(now=later)
        monkeypatch.undo()
        for customer in Customer.objects.filter(pk__in=ids, status=CustomerStatus.ERROR):
            provisioning.customer_retry(customer=customer, actor=Actor.system())

    statuses = list(Customer.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == [CustomerStatus.PROVISIONED] * N, log_path.read_text()
    for i, pk in enumerate(ids):
        email = f"owner{i}@killed-worker.example"
        assert Subscriber.objects.filter(email=email).count() == 1
        assert Location.objects.filter(customer_id=pk, is_headquarters=True).count() == 1


pytestmark = pytest.mark.django_db(transaction=True)
