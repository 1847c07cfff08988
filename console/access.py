"""The operator console's one access mixin (OP-1): deny by default, like every area.

Reads need operator.view, every other method operator.manage; anyone else signed in gets 403.
The Actor it sets marks each audit event as the operator's (portal.audit.Actor.operator).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.access import permissions as p
from portal.access.views import SAFE_METHODS
from portal.audit import Actor


class OperatorMixin:
    permission_required = p.OPERATOR_VIEW
    write_permission_required: str | None = p.OPERATOR_MANAGE

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        needed = (
            self.permission_required
            if request.method in SAFE_METHODS
            else self.write_permission_required
        )
        if not user.has_perm(p.OPERATOR_VIEW) or needed is None or not user.has_perm(needed):
            raise PermissionDenied
        self.actor = Actor(user=user, operator=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["console"] = True
        return context


class SetupAssistTeamMixin(OperatorMixin):
    """The Setup Assist queue (PH-11): the operator's Setup Assist team (and the operator)
    reads and works it; nobody else."""

    permission_required = p.SETUP_ASSIST_WORK
    write_permission_required = p.SETUP_ASSIST_WORK

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.has_perm(p.SETUP_ASSIST_WORK):
            raise PermissionDenied
        self.actor = Actor(user=user, operator=True)
        return super(OperatorMixin, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = "setup_assist"
        context["team_only"] = not self.request.user.has_perm(p.OPERATOR_VIEW)
        return context
