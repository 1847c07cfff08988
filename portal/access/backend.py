from django.contrib.auth.backends import ModelBackend

from portal.access.entitlements import entitlements


class OrganizationRoleBackend(ModelBackend):
    """Signs people in by email and answers ``user.has_perm(codename, organization)``.

    With an organization the answer comes from portal.access.entitlements; without one, from
    the platform roles (compliance review) and Django's model permissions (the admin site).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        if email:
            email = email.strip().lower()
        return super().authenticate(request, username=email, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active:
            return set()
        if obj is None:
            return set(super().get_all_permissions(user_obj)) | set(entitlements(user_obj))
        return set(entitlements(user_obj, obj))

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        if obj is None:
            return perm in entitlements(user_obj) or super().has_perm(user_obj, perm)
        return perm in entitlements(user_obj, obj)
