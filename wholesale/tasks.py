"""django-q2 tasks of the wholesale provisioning engine. Thin: ids in, call the service; every
one is safe to run twice and ends in a final state (portal.tasks.run_to_final_state): transient
failures (the database busy or briefly unreachable) are retried with a growing delay, anything
else, or the last attempt, leaves the customer in `error` with a code and the reason, which an
administrator can retry (`customer_retry`). The watchdog settles work no task will finish."""

from portal.tasks import MAX_ATTEMPTS, run_to_final_state
from wholesale.services import customers as provisioning

__all__ = [
    "MAX_ATTEMPTS",
    "provision_customer",
    "remove_customer",
    "renew_terms",
    "settle_stuck_work",
]

#: The watchdog schedule's name (created by migration wholesale 0002).
WATCHDOG_SCHEDULE = "wholesale: settle work stuck in the background"


def provision_customer(customer_id: str, attempt: int = 1) -> None:
    run_to_final_state(
        "wholesale.tasks.provision_customer",
        customer_id,
        attempt,
        work=provisioning.customer_complete_provisioning,
        fail=provisioning.customer_fail_provisioning,
    )


def remove_customer(customer_id: str, attempt: int = 1) -> None:
    run_to_final_state(
        "wholesale.tasks.remove_customer",
        customer_id,
        attempt,
        work=provisioning.customer_complete_removal,
        fail=provisioning.customer_fail_provisioning,
    )


def settle_stuck_work() -> int:
    """Scheduled every 5 minutes: customers busy past settings.PROVISIONING_STUCK_AFTER with no
    task left to finish them go to `error` (PV-1); returns how many."""
    return provisioning.customers_settle_stuck()


#: The daily renewal schedule's name (created by migration wholesale 0004).
RENEW_SCHEDULE = "wholesale: renew auto-renewing service terms"


def renew_terms() -> int:
    """Scheduled daily (00:30 UTC): auto-renewing customer service terms that ended start a new
    term (OP-1); returns how many."""
    from wholesale.services.lifecycle import terms_renew

    return terms_renew()
