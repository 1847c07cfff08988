"""django-q2 tasks inside a customer org. Thin: ids in, re-fetch, call a service."""

from controlhub.services.subscribers import subscriber_complete_provisioning


def provision_subscriber(subscriber_id: str) -> None:
    subscriber_complete_provisioning(subscriber_id)
