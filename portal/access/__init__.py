"""The access layer: roles, entitlements, the permission backend and the view mixins.

One question is asked everywhere: ``user.has_perm(codename, org)``. Its answer comes from
the roles a user holds in an organization, the partner hierarchy, per-customer assignments
(django-guardian) and, for customer administrators, Restricted-by-Partner mode.
"""
