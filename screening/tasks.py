"""django-q2 tasks of screening. Thin: call the service; safe to run twice."""

from screening import services

#: The expiry schedule's name (created by migration screening 0002).
EXPIRY_SCHEDULE = "screening: stop onboarding after 72 hours without review"


def expire_screening_cases() -> int:
    """Scheduled every 15 minutes: cases open for 72 hours stop onboarding (PV-2)."""
    return services.screening_expire_overdue()
