"""Screening reads (FEATURES PV-2): the compliance reviewers' queue."""

from screening.models import ScreeningCase, ScreeningCaseStatus


def screening_queue(status: str = ScreeningCaseStatus.OPEN):
    """Screening cases for compliance reviewers (a platform role: every partner's customers),
    oldest first."""
    return (
        ScreeningCase.objects.filter(status=status)
        .select_related("customer__owner", "decided_by")
        .order_by("opened_at", "id")
    )
