"""Control Hub workspaces (FEATURES CH-12): Calling → Workspaces."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from controlhub import forms as f
from controlhub import selectors
from controlhub.filtersets import WorkspaceFilterSet
from controlhub.models import Workspace
from controlhub.services import workspaces as workspace_services
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.catalogues import packages
from portal.errors import ApplicationError
from portal.pages import ServiceFormMixin, redirect_after_post


class WorkspaceListView(Page):
    permission_required = p.ORG_VIEW_WORKSPACES
    template_name = "controlhub/workspaces/list.html"
    partial_template_name = "controlhub/partials/_workspace_table.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        filterset = WorkspaceFilterSet(
            self.request.GET,
            customer=self.organization,
            queryset=selectors.workspace_list(self.organization),
        )
        kwargs.update(self.filtered_page(filterset, self.paginate_by))
        return super().get_context_data(**kwargs)


class WorkspaceAddView(ServiceFormMixin, Page):
    permission_required = p.ORG_MANAGE_WORKSPACES
    write_permission_required = p.ORG_MANAGE_WORKSPACES
    template_name = "controlhub/workspaces/add.html"
    success_message = "Added the workspace."

    def make_form(self):
        return f.WorkspaceForm(self.request.POST, customer=self.organization)

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            f.WorkspaceForm(
                initial={"package": [packages.Package.COMMON_AREA_CALLING.value]},
                customer=self.organization,
            ),
        )
        kwargs["free_numbers"] = selectors.free_numbers(self.organization)[:100]
        return super().get_context_data(**kwargs)

    def apply(self, form):
        data = form.cleaned_data
        self.workspace = workspace_services.workspace_create(
            customer=self.organization,
            actor=self.actor,
            name=data["name"],
            location=data["location"],
            package=workspace_services.one_package(data["package"]),
            phone_number=data["phone_number"],
            extension=data["extension"],
        )

    def get_success_url(self):
        return self.url("workspace", workspace_id=self.workspace.pk)


class WorkspaceMixin:
    @property
    def workspace(self) -> Workspace:
        if not hasattr(self, "_workspace"):
            self._workspace = get_object_or_404(
                selectors.workspace_list(self.organization), pk=self.kwargs["workspace_id"]
            )
        return self._workspace


class WorkspaceDetailView(WorkspaceMixin, ServiceFormMixin, Page):
    """The workspace page; POST edits name, location, number and extension."""

    permission_required = p.ORG_VIEW_WORKSPACES
    write_permission_required = p.ORG_MANAGE_WORKSPACES
    template_name = "controlhub/workspaces/detail.html"
    form_name = "form"
    success_message = "Saved the workspace."

    def make_form(self):
        return f.WorkspaceEditForm(self.request.POST, customer=self.organization)

    def get_context_data(self, **kwargs):
        w = self.workspace
        number = getattr(w, "phone_number", None)
        locked = self.reason(p.ORG_MANAGE_WORKSPACES)
        kwargs.setdefault(
            "form",
            f.WorkspaceEditForm(
                initial={
                    "name": w.name,
                    "location": w.location_id,
                    "phone_number": number.number if number else "",
                    "extension": w.extension,
                },
                customer=self.organization,
                locked=locked,
            ),
        )
        kwargs.setdefault(
            "package_form",
            f.WorkspacePackageForm(
                initial={"package": [w.package]}, customer=self.organization, locked=locked
            ),
        )
        kwargs.update(
            workspace=w,
            package=packages.Package(w.package),
            number=number,
            free_numbers=selectors.free_numbers(self.organization)[:100],
            history=w.package_assignments.order_by("-started_at")[:10],
            devices=self.devices(),
            workspace_id_str=str(w.pk),
        )
        return super().get_context_data(**kwargs)

    def devices(self):
        return self.workspace.devices.select_related("subscriber", "workspace").order_by(
            "-created_at", "id"
        )

    def apply(self, form):
        data = form.cleaned_data
        workspace_services.workspace_update(
            workspace=self.workspace,
            actor=self.actor,
            name=data["name"],
            location=data["location"],
            phone_number=data["phone_number"],
            extension=data["extension"],
        )

    def get_success_url(self):
        return self.url("workspace", workspace_id=self.workspace.pk)


class WorkspacePackageView(WorkspaceDetailView):
    """The workspace's one package: change it (billing switches now); a second is refused."""

    form_name = "package_form"
    success_message = "Changed the workspace's package."

    def get(self, request, *args, **kwargs):
        return redirect(self.get_success_url())

    def make_form(self):
        return f.WorkspacePackageForm(self.request.POST, customer=self.organization)

    def apply(self, form):
        workspace_services.workspace_change_package(
            workspace=self.workspace,
            actor=self.actor,
            package=workspace_services.one_package(form.cleaned_data["package"]),
        )


class WorkspaceRemoveView(WorkspaceMixin, Page):
    permission_required = p.ORG_MANAGE_WORKSPACES
    write_permission_required = p.ORG_MANAGE_WORKSPACES

    def get(self, request, *args, **kwargs):
        return redirect(self.url("workspace", workspace_id=self.workspace.pk))

    def post(self, request, *args, **kwargs):
        name = self.workspace.name
        try:
            workspace_services.workspace_remove(workspace=self.workspace, actor=self.actor)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(self.url("workspace", workspace_id=self.workspace.pk))
        messages.success(request, f"Removed the workspace {name}.")
        return redirect_after_post(request, self.url("workspaces"))
