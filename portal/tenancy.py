"""Scoped querysets: the only way views, API and tasks read tenant data (STYLE rule 3).

`for_org(org)` narrows to one organization; `visible_to(user, perm)` to the organizations where
the user holds `perm`. Both are plain SQL filters, so they compose with pagination.
"""

from typing import ClassVar

from django.db import models


class TenantQuerySet(models.QuerySet):
    #: Name of the non-null foreign key to the owning organization (Partner or Customer).
    org_field: ClassVar[str]

    def for_org(self, org):
        return self.filter(**{self.org_field: org})

    def visible_to(self, user, perm: str):
        from portal.access import scoping

        org_model = self.model._meta.get_field(self.org_field).related_model
        orgs = scoping.organizations_with_perm(org_model, user, perm)
        return self.filter(**{f"{self.org_field}__in": orgs})


class OrganizationQuerySet(models.QuerySet):
    """Partners and customers themselves: what a user may see."""

    def visible_to(self, user, perm: str | None = None):
        from portal.access import scoping

        return scoping.organizations_with_perm(self.model, user, perm, queryset=self)
