"""django-q2 tasks inside a customer org. Thin: ids in, re-fetch, call a service; each ends in a
final state (portal.tasks.run_to_final_state)."""

from controlhub.services.subscribers import (
    subscriber_complete_provisioning,
    subscriber_fail_provisioning,
)
from portal.tasks import run_to_final_state


def provision_subscriber(subscriber_id: str, attempt: int = 1) -> None:
    run_to_final_state(
        "controlhub.tasks.provision_subscriber",
        subscriber_id,
        attempt,
        work=subscriber_complete_provisioning,
        fail=subscriber_fail_provisioning,
    )
