from portal.access import permissions as p
from portal.models import AuditEvent, Customer, Partner


def audit_events_for(organization, *, user):
    """An organization's audit log as its viewer may see it.

    A partner's log also holds the events of the customers it owns that the viewer may audit
    (a partner admin limited to assigned customers sees only theirs).
    """
    if isinstance(organization, Partner):
        customers = Customer.objects.visible_to(user, p.ORG_VIEW_AUDIT).filter(owner=organization)
        return AuditEvent.objects.for_partner_and_customers(organization, customers)
    return AuditEvent.objects.for_org(organization)
