"""`make bench` / `python -m bench`: build (or reuse) the scale database, measure, print the table.

Each page and API list is requested in-process through Django's test client, i.e. the full
middleware stack, URL resolution, the view, template rendering and serialization, without a
socket or WSGI server: "server time". Medians over BENCH_REPEAT requests after two warm-ups;
SQL queries are counted in one further request (counting switches on the debug cursor, so it is
kept out of the timed ones).
"""

import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bench.settings_env import ROOT, configure, size

ENV = configure()

import django  # noqa: E402
import requests  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from billing import usage  # noqa: E402
from controlhub.models import Subscriber  # noqa: E402
from portal.demo import demo_id  # noqa: E402
from portal.models import Customer, CustomerStatus, Partner, User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
PROVISION = int(os.environ.get("BENCH_PROVISION", "1000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))  # concurrent API clients provisioning
LOAD_CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "8"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
REPORT_RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "3"))
ADMIN_EMAIL = "admin@acme-telecom.example"
SUPERUSER_EMAIL = "bench-superuser@bench.example"
API_TOKEN = "demo-token-acme-admin"
PROVISION_PREFIX = "BENCH-PROV-"

results: list[tuple[str, str, bool | None]] = []  # (line, target, met)


def say(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def record(name: str, value, unit: str, target: str, met: bool | None) -> None:
    """One line of the table; `met` None is information, not a target."""
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    line = f"{name}: {text} {unit}".rstrip()
    line += f" (target: {target})" if target else ""
    if met is False:
        line += "  ← MISSED"
    results.append((line, target, met))
    print(line, flush=True)


# --- Building the database ----------------------------------------------------------------------


def build() -> None:
    customers, subscribers, days = size()
    say(f"database {connection.settings_dict['NAME']} ({connection.vendor})")
    call_command("migrate", interactive=False, verbosity=0)
    if not (ROOT / "bench" / ".data" / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    seeded = Customer.objects.filter(external_id__startswith="SCALE-").count()
    if seeded and seeded != customers:
        raise SystemExit(
            f"The bench database holds {seeded} scale customers, not {customers}: "
            "use another DATABASE_URL or delete it."
        )
    Customer.objects.filter(external_id__startswith=PROVISION_PREFIX).delete()  # a broken run's
    if not seeded:
        say(f"seeding {customers} customers, {subscribers} subscribers, {days} days (once)")
        started = time.perf_counter()
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command(
            "seed_scale", customers=customers, subscribers=subscribers, days=days, stdout=sys.stderr
        )
        record("build: load_demo + seed_scale", time.perf_counter() - started, "s", "", None)
    else:
        say("reusing the seeded database")
    User.objects.filter(email=SUPERUSER_EMAIL).exists() or User.objects.create_superuser(
        email=SUPERUSER_EMAIL, password="bench-not-a-secret"
    )


# --- Pages and API lists ------------------------------------------------------------------------


def timed(client: Client, url: str, **headers) -> tuple[float, int]:
    """(median milliseconds, queries) of GET url."""
    for _ in range(2):
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code} {response.content[:300]!r}")
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(times), len(queries)


def page(
    name: str,
    ours: Client,
    url: str,
    admin: Client,
    admin_url: str,
    baseline_url: str,
    baseline_name: str = "a 1-user organization",
):
    """A list page: its time and queries, the same for a small organization's (the count must
    not grow), and the Django admin changelist of the same model on the same data."""
    ms, queries = timed(ours, url)
    _, small_queries = timed(ours, baseline_url)
    admin_ms, admin_queries = timed(admin, admin_url)
    record(f"{name}: server time", ms, "ms", "≤ 100 ms median", ms <= 100)
    record(
        f"{name}: SQL queries",
        queries,
        "",
        f"≤ {small_queries}, as on {baseline_name}",
        queries <= small_queries,
    )
    record(
        f"{name}: vs Django admin changelist, time ours/admin",
        ms / admin_ms,
        f"× ({ms:.1f} / {admin_ms:.1f} ms)",
        "",
        None,
    )
    record(
        f"{name}: vs Django admin changelist, queries ours/admin",
        queries / admin_queries,
        f"× ({queries} / {admin_queries})",
        "",
        None,
    )


def api_list(name: str, client: Client, url: str, small_url: str):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {API_TOKEN}"}
    ms, queries = timed(client, url, **auth)
    _, small_queries = timed(client, small_url, **auth)
    record(f"{name}: server time", ms, "ms", "≤ 50 ms median", ms <= 50)
    record(
        f"{name}: SQL queries",
        queries,
        "",
        f"≤ {small_queries}, as with max=1",
        queries <= small_queries,
    )


def measure_lists() -> None:
    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    sizes = (
        Customer.objects.filter(owner=acme, external_id__startswith="SCALE-")
        .annotate(users=Count("subscribers"))
        .order_by("-users", "external_id")
    )
    largest = sizes.first()
    smallest = sizes.filter(users=1).first() or sizes.last()
    ours, admin = Client(), Client()
    ours.force_login(User.objects.get(email=ADMIN_EMAIL))
    admin.force_login(User.objects.get(email=SUPERUSER_EMAIL))
    say(f"largest customer {largest.name}: {largest.users} users")

    # Partner Hub customers list: pending issue 4 (see bench/README.md) until it lands.
    customers_url = _customers_list_url(acme)
    if customers_url is None:
        for which in ("first page", "filtered page", "search"):
            record(f"partner hub customers list, {which}", "pending", "", "issue 4", None)
    else:
        _measure_customers_list(ours, admin, acme, customers_url)

    page(
        f"control hub users list, largest customer ({largest.users} users)",
        ours,
        f"/org/{largest.pk}/users/",
        admin,
        f"/admin/controlhub/subscriber/?customer__id__exact={largest.pk}&removed_at__isnull=True",
        f"/org/{smallest.pk}/users/",
    )
    overview_page(ours, acme)
    api_list(
        "GET /v1/wholesale/customers?max=100",
        ours,
        "/v1/wholesale/customers?max=100",
        "/v1/wholesale/customers?max=1",
    )
    api_list(
        "GET /v1/wholesale/subscribers?max=100",
        ours,
        "/v1/wholesale/subscribers?max=100",
        "/v1/wholesale/subscribers?max=1",
    )


def overview_page(ours: Client, acme) -> None:
    """Partner Hub Overview (PH-9): KPIs, sections and tables, and the charts' JSON."""
    base = f"/partner/{acme.pk}/"
    for name, url in (
        ("partner hub overview (Calling)", base),
        ("partner hub overview (Meetings)", f"{base}?product=meetings"),
        ("partner hub overview charts JSON (Calling)", f"{base}overview/charts.json"),
    ):
        ms, queries = timed(ours, url)
        record(f"{name}: server time", ms, "ms", "≤ 300 ms median", ms <= 300)
        record(f"{name}: SQL queries", queries, "", "≤ 25, fixed", queries <= 25)


def _customers_list_url(acme) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("partnerhub:customers", kwargs={"partner_id": acme.pk})
    except NoReverseMatch:
        return None


def _measure_customers_list(ours, admin, acme, url) -> None:
    admin_url = f"/admin/portal/customer/?owner__id__exact={acme.pk}"
    one_row = f"{url}?q=Scale+Customer+00001"  # the query-count baseline: a 1-row page
    for name, query, admin_query in (
        ("first page", "", ""),
        ("filtered page (status=error)", "?status=error", "&status__exact=error"),
        ("search (Customer 004)", "?q=Customer+004", "&q=Customer+004"),
    ):
        page(
            f"partner hub customers list, {name}",
            ours,
            url + query,
            admin,
            admin_url + admin_query,
            one_row,
            baseline_name="a 1-customer page",
        )


# --- Billing report (subprocess) ----------------------------------------------------------------


def report_runs(start, end) -> list[dict]:
    runs = []
    for _ in range(REPORT_RUNS):
        out = subprocess.run(
            [sys.executable, "-m", "bench.report", start.isoformat(), end.isoformat()],
            cwd=ROOT,
            env={**os.environ, **ENV},
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode:
            raise SystemExit(f"bench.report failed:\n{out.stderr}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def measure_report() -> None:
    """The USER report of the last whole month (read from its monthly summary, the target) and
    of the 30 days ending yesterday (whole days, for information: no whole month in it)."""
    end = usage.last_finished_day()
    month = usage.month_start(usage.month_start(end) - timedelta(days=1))
    periods = [(month, usage.month_end(month), True), (end - timedelta(days=29), end, False)]
    usage.roll_up(min(start for start, _, _ in periods), end)  # what the daily task has done
    for start, last, target in periods:
        if target and not usage.summed_months(start, last):
            say(f"{start:%B %Y} is not fully in the seeded history: raise BENCH_DAYS")
            continue
        runs = report_runs(start, last)
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        days = (last - start).days + 1
        name = (
            f"USER billing report, {days} days {start}…{last} ({runs[0]['subscribers']} "
            f"subscribers, {'a whole month' if target else 'no whole month'})"
        )
        record(
            f"{name}: wall time",
            seconds,
            "s",
            "≤ 5 s" if target else "",
            (seconds <= 5) if target else None,
        )
        record(
            f"{name}: peak memory (process RSS)",
            peak,
            "MB",
            "≤ 200 MB" if target else "",
            peak <= 200 if target else None,
        )
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        record(f"{name}: CPU time (SQLite's queries included)", cpu, "s", "", None)
        before = statistics.median(r["before_mb"] for r in runs)
        record(f"{name}: process RSS before generating (Django loaded)", before, "MB", "", None)
        record(f"{name}: rows", runs[0]["rows"], "", "", None)


# --- Provisioning throughput (a real qcluster) ---------------------------------------------------


@contextlib.contextmanager
def served(workers: int = 2, threads: int = 4):
    """gunicorn serving the bench database on a free loopback port (production settings), for
    measurements through real HTTP; stopped with SIGTERM by the PID started here."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(ROOT / "bench" / ".data" / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass  # still starting
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start; see bench/.data/gunicorn.log")
            time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextlib.contextmanager
def qcluster(workers: int = 2):
    from django_q.models import OrmQ

    OrmQ.objects.all().delete()
    log = open(ROOT / "bench" / ".data" / "qcluster.log", "w")  # noqa: SIM115
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env={**os.environ, **ENV, "Q_WORKERS": str(workers), "DJANGO_LOG_LEVEL": "WARNING"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)  # let the cluster start its workers
        if cluster.poll() is not None:
            raise SystemExit("qcluster exited; see bench/.data/qcluster.log")
        say(f"qcluster pid {cluster.pid} ({workers} workers)")
        yield cluster
    finally:
        cluster.send_signal(signal.SIGTERM)
        try:
            cluster.wait(timeout=60)
        except subprocess.TimeoutExpired:
            cluster.kill()
            cluster.wait()
        log.close()


def measure_provisioning() -> None:
    """PROVISION customers POSTed to /v1/wholesale/customers by CLIENTS concurrent clients
    through gunicorn, provisioned by a qcluster of 2 workers: the time until none is
    provisioning any more."""
    auth = {"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"}
    run = time.strftime("%H%M%S")
    failures: list[str] = []

    def post(i: int, session: requests.Session) -> None:
        body = _customer_body(f"{PROVISION_PREFIX}{run}-{i:04d}", i)
        response = session.post(
            f"{base}/v1/wholesale/customers", data=json.dumps(body), headers=auth, timeout=60
        )
        if response.status_code != 202:
            failures.append(f"POST customer {i}: {response.status_code} {response.text[:200]}")

    def client(first: int) -> None:
        with requests.Session() as session:
            for i in range(first, PROVISION, CLIENTS):
                post(i, session)

    with served() as base, qcluster(2):
        say(f"posting {PROVISION} customers from {CLIENTS} clients through gunicorn")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        posted = time.perf_counter() - started
        ours = Customer.objects.filter(external_id__startswith=PROVISION_PREFIX)
        deadline = time.perf_counter() + 600
        while ours.filter(status=CustomerStatus.PROVISIONING).exists():
            if time.perf_counter() > deadline:
                break
            time.sleep(0.2)
        drained = time.perf_counter() - started
        left = ours.filter(status=CustomerStatus.PROVISIONING).count()
        done = ours.filter(status=CustomerStatus.PROVISIONED).count()
    name = f"provisioning {PROVISION} customers via the API, {CLIENTS} clients, 2 workers"
    record(f"{name}: posting (202s)", posted, "s", "", None)
    record(f"{name}: refused or failed POSTs", len(failures), "", "0", not failures)
    for failure in failures[:3]:
        say(failure)
    record(
        f"{name}: posted and drained",
        drained,
        "s",
        "≤ 60 s",
        drained <= 60 and left == 0,
    )
    record(f"{name}: provisioned / still provisioning", f"{done} / {left}", "", "", None)
    say("removing the provisioned customers")
    Customer.objects.filter(external_id__startswith=PROVISION_PREFIX).delete()


def measure_http_load() -> None:
    """LOAD_CLIENTS concurrent clients for LOAD_SECONDS over the main pages (signed in as the
    demo admin) and the API lists, through gunicorn: requests/s, p50/p95 and errors."""
    from django.contrib.sessions.backends.db import SessionStore

    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    largest = (
        Customer.objects.filter(owner=acme, external_id__startswith="SCALE-")
        .annotate(users=Count("subscribers"))
        .order_by("-users", "external_id")
        .first()
    )
    ours = Client()
    ours.force_login(User.objects.get(email=ADMIN_EMAIL))
    session_cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={ours.session.session_key}"}
    assert SessionStore(session_key=ours.session.session_key).exists(ours.session.session_key)
    api = {"Authorization": f"Bearer {API_TOKEN}"}
    urls = [
        (f"/partner/{acme.pk}/", session_cookie),
        (f"/partner/{acme.pk}/customers/", session_cookie),
        (f"/org/{largest.pk}/users/", session_cookie),
        ("/v1/wholesale/customers?max=100", api),
        ("/v1/wholesale/subscribers?max=100", api),
    ]
    latencies: list[float] = []
    errors: list[str] = []

    def client(n: int) -> None:
        stop_at = time.perf_counter() + LOAD_SECONDS
        with requests.Session() as session:
            k = n
            while time.perf_counter() < stop_at:
                path, headers = urls[k % len(urls)]
                k += 1
                started = time.perf_counter()
                try:
                    response = session.get(
                        f"{base}{path}", headers=headers, timeout=30, allow_redirects=False
                    )
                    ok = response.status_code == 200
                except requests.RequestException as error:
                    ok, response = False, error
                latencies.append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors.append(f"GET {path}: {getattr(response, 'status_code', response)}")

    with served() as base:
        for path, headers in urls:  # warm-up, and every URL answers before the load
            response = requests.get(f"{base}{path}", headers=headers, timeout=30)
            if response.status_code != 200:
                raise SystemExit(f"GET {path}: {response.status_code} {response.text[:300]}")
        say(f"{LOAD_CLIENTS} clients for {LOAD_SECONDS} s over {len(urls)} URLs")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=LOAD_CLIENTS) as pool:
            list(pool.map(client, range(LOAD_CLIENTS)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    name = f"HTTP load, {LOAD_CLIENTS} clients × {LOAD_SECONDS} s, gunicorn 2×4 threads"
    record(f"{name}: requests/s", len(latencies) / elapsed, "", "", None)
    record(f"{name}: p50", p50, "ms", "", None)
    record(f"{name}: p95", p95, "ms", "≤ 150 ms", p95 <= 150)
    record(f"{name}: errors", len(errors), f"of {len(latencies)}", "0", not errors)
    for error in errors[:3]:
        say(error)


def _customer_body(external_id: str, i: int) -> dict:
    return {
        "provisioningId": "acme-smb-calling",
        "packages": ["webex_calling", "webex_meetings"],
        "externalId": external_id,
        "address": {
            "addressLine1": f"{i} Bench Road",
            "city": "Milpitas",
            "stateOrProvince": "CA",
            "zipOrPostalCode": "95035",
            "country": "US",
        },
        "customerInfo": {
            "name": f"Bench Bakery {external_id}",
            "primaryEmail": f"owner@{external_id.lower()}.bench.example",
            "language": "en",
        },
        "provisioningParameters": {"packages": {"limits": {"webex_calling": 20}}},
    }


def main() -> None:
    customers, subscribers, days = size()
    started = time.perf_counter()
    build()
    print(
        f"scale: {customers} customers, {subscribers} subscribers, {days} days of history; "
        f"{connection.vendor}; medians of {REPEAT} requests",
        flush=True,
    )
    scale_subscribers = Subscriber.objects.filter(email__endswith=".scale.example").count()
    say(f"{scale_subscribers} scale subscribers in the database")
    measure_lists()
    measure_report()
    measure_provisioning()
    measure_http_load()
    targets = [met for _, target, met in results if met is not None]
    print(f"targets met: {sum(targets)}/{len(targets)}", flush=True)
    say(f"bench took {time.perf_counter() - started:.0f}s")
