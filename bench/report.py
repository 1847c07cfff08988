"""`python -m bench.report START END`: generate one USER billing report of Acme Telecom for the
days [START, END] in this (fresh) process and print {"seconds", "peak_mb", "rows"} as JSON.

Peak memory is the process's maximum resident set (VmHWM), Django and all included; the
report is deleted afterwards so the next run may create it again.
"""

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from bench.settings_env import configure

configure()

import django  # noqa: E402

django.setup()

from billing import services  # noqa: E402
from billing.models import BillingReport, ReportType  # noqa: E402
from controlhub.models import Subscriber  # noqa: E402
from portal.demo import demo_id  # noqa: E402
from portal.models import Partner  # noqa: E402


def peak_rss_kb() -> int:
    """This process's peak resident set in kilobytes. /proc's VmHWM belongs to this program's
    own memory map; getrusage's ru_maxrss survives exec on Linux and so reports the parent's peak
    when a big parent (a bench that just seeded its database) started this process."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def main(start: date, end: date) -> None:
    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    for old in BillingReport.objects.filter(partner=acme, type=ReportType.USER):
        old.file.delete(save=False)
        old.delete()
    report = BillingReport.objects.create(
        partner=acme, type=ReportType.USER, billing_start_date=start, billing_end_date=end
    )
    before_kb = peak_rss_kb()
    started, cpu_started = time.perf_counter(), time.process_time()
    services.billing_report_generate(report_id=report.pk)
    seconds = time.perf_counter() - started
    # CPU time of this process (with SQLite, the queries too): steadier than wall time on a
    # machine that is busy with something else.
    cpu_seconds = time.process_time() - cpu_started
    peak_kb = peak_rss_kb()
    # Not refresh_from_db(): loading the CSV back would add to the peak being measured.
    status, errors, row_count = BillingReport.objects.values_list(
        "status", "errors", "row_count"
    ).get(pk=report.pk)
    if status != "COMPLETED":
        raise SystemExit(f"report {status}: {errors}")
    subscribers = Subscriber.objects.filter(customer__owner__in=[acme, *acme.sub_partners.all()])
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak_kb / 1024,
        "before_mb": before_kb / 1024,
        "rows": row_count,
        "subscribers": subscribers.count(),
    }
    BillingReport.objects.get(pk=report.pk).file.delete(save=False)
    BillingReport.objects.filter(pk=report.pk).delete()
    print(json.dumps(result))


if __name__ == "__main__":
    main(date.fromisoformat(sys.argv[1]), date.fromisoformat(sys.argv[2]))
