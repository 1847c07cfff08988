"""django-q2 tasks for billing. Thin: ids in, call a service; safe to run twice; a report always
ends COMPLETED or FAILED (portal.tasks.run_to_final_state)."""

from billing import services, usage
from portal.tasks import run_to_final_state

#: The daily roll-up schedule's name (created by migration billing 0002).
ROLL_UP_SCHEDULE = "billing: roll up daily usage"


def generate_billing_report(report_id: str, attempt: int = 1) -> None:
    run_to_final_state(
        "billing.tasks.generate_billing_report",
        report_id,
        attempt,
        work=lambda pk: services.billing_report_generate(report_id=pk),
        fail=services.billing_report_fail,
    )


def roll_up_daily_usage(max_days: int = 31) -> int:
    """Store every finished day's usage not stored yet, `max_days` per transaction."""
    total = 0
    while done := usage.roll_up_finished_days(max_days=max_days):
        total += done
    return total
