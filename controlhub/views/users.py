"""Control Hub users and administrators (FEATURES CH-2, CH-7)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from controlhub import forms as f
from controlhub import selectors
from controlhub.filtersets import SubscriberFilterSet
from controlhub.models import Subscriber
from controlhub.services import admin_roles, csv_import
from controlhub.services import subscribers as subscriber_services
from controlhub.views.base import Page
from portal import csv as portal_csv
from portal.access import permissions as p
from portal.access.views import CustomerMixin
from portal.accounts.invitations import account_state, invitation_for
from portal.accounts.views import invitation_message
from portal.catalogues import packages
from portal.errors import ApplicationError
from portal.models import User
from portal.pages import ServiceFormMixin, redirect_after_post

# --- Users ---------------------------------------------------------------------------------


class UserListView(Page):
    permission_required = p.ORG_VIEW_USERS
    template_name = "controlhub/users/list.html"
    partial_template_name = "controlhub/partials/_user_table.html"
    paginate_by = 25
    filterset_class = SubscriberFilterSet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(
            self.request.GET,
            customer=self.organization,
            queryset=selectors.subscriber_list(self.organization),
        )
        context.update(self.filtered_page(filterset, self.paginate_by))
        page = context["page"]
        roles = selectors.admin_roles_by_email(self.organization, [s.email for s in page])
        context["rows"] = [(s, roles.get(s.email, [])) for s in page]
        return context


class UserAddView(Page):
    """Manage users → Manually Add Users: up to 25 at a time, all or none."""

    permission_required = p.ORG_MANAGE_USERS
    write_permission_required = p.ORG_MANAGE_USERS
    template_name = "controlhub/users/add.html"
    initial_rows = 3

    def formset(self, data=None, rows=None):
        kwargs = {"form_kwargs": {"customer": self.organization}, "prefix": "users"}
        if data is not None:
            return f.UserRowFormSet(data, **kwargs)
        formset = f.UserRowFormSet(**kwargs)
        formset.extra = rows or self.initial_rows  # empty rows: blank ones are skipped
        return formset

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        kwargs["max_users"] = f.MAX_MANUAL_USERS
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if "add_row" in request.POST:
            return self._with_another_row(formset)
        if not formset.is_valid():
            return self.invalid(formset=formset)
        filled = [(i, form) for i, form in enumerate(formset.forms) if form.has_changed()]
        if not filled:
            formset._non_form_errors = formset.error_class(["Enter at least one user."])
            return self.invalid(formset=formset)
        created, errors = subscriber_services.subscribers_add(
            customer=self.organization,
            actor=self.actor,
            rows=[form.service_kwargs() for _, form in filled],
        )
        if errors:
            for position, message in errors.items():
                filled[position][1].add_error(None, message)
            return self.invalid(formset=formset)
        messages.success(request, f"Added {len(created)} user{'s' if len(created) != 1 else ''}.")
        return redirect_after_post(request, self.url("users"))

    def _with_another_row(self, formset):
        """Re-render with one more empty row, keeping everything typed so far (no errors yet:
        nothing was submitted)."""
        data = formset.data.copy()
        total = int(data.get("users-TOTAL_FORMS", 0) or 0)
        data["users-TOTAL_FORMS"] = str(min(total + 1, f.MAX_MANUAL_USERS))
        return self.render_to_response(
            self.get_context_data(formset=self.formset(data), adding_row=True)
        )


class UserCsvView(Page):
    """Manage users → CSV add or modify: upload → preview; the preview posts to apply."""

    permission_required = p.ORG_MANAGE_USERS
    write_permission_required = p.ORG_MANAGE_USERS
    template_name = "controlhub/users/csv.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", f.CsvUploadForm())
        kwargs["headers"] = csv_import.HEADERS
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = f.CsvUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.invalid(form=form)
        upload = form.cleaned_data["file"]
        try:
            text = upload.read(csv_import.MAX_BYTES + 1).decode("utf-8-sig")
            rows = csv_import.preview(customer=self.organization, actor=self.actor, text=text)
        except UnicodeDecodeError:
            form.add_error("file", "Save the file as UTF-8 CSV.")
            return self.invalid(form=form)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
            return self.invalid(form=form)
        self.template_name = "controlhub/users/csv_preview.html"
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                text=text,
                filename=upload.name,
                bad=sum(not r.ok for r in rows),
                good=sum(r.ok for r in rows),
            )
        )


class UserCsvApplyView(Page):
    permission_required = p.ORG_MANAGE_USERS
    write_permission_required = p.ORG_MANAGE_USERS
    template_name = "controlhub/users/csv_result.html"

    def get(self, request, *args, **kwargs):
        return redirect(self.url("users_csv"))

    def post(self, request, *args, **kwargs):
        # The previewed file comes back as text and is validated again, row by row.
        try:
            rows = csv_import.apply(
                customer=self.organization, actor=self.actor, text=request.POST.get("csv", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(self.url("users_csv"))
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                applied=sum(r.applied for r in rows),
                bad=sum(not r.ok for r in rows),
            )
        )


class UserCsvTemplateView(CustomerMixin, TemplateView):
    permission_required = p.ORG_MANAGE_USERS

    def get(self, request, *args, **kwargs):
        response = HttpResponse(csv_import.template_csv(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="users-template.csv"'
        return response


class UserExportView(CustomerMixin, TemplateView):
    permission_required = p.ORG_VIEW_USERS

    def get(self, request, *args, **kwargs):
        rows = portal_csv.stream(csv_import.export_rows(self.organization))
        response = StreamingHttpResponse(rows, content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="users.csv"'
        return response


class UserMixin:
    """Pages about one user: looked up inside the organization only."""

    @property
    def subscriber(self) -> Subscriber:
        if not hasattr(self, "_subscriber"):
            self._subscriber = get_object_or_404(
                selectors.subscriber_list(self.organization), pk=self.kwargs["subscriber_id"]
            )
        return self._subscriber


class UserDetailView(UserMixin, Page):
    """The user page; POST edits first/last/display name and primary email."""

    permission_required = p.ORG_VIEW_USERS
    write_permission_required = p.ORG_EDIT_USER_DETAILS
    template_name = "controlhub/users/detail.html"

    def forms(self):
        s, org = self.subscriber, self.organization
        number = getattr(s, "phone_number", None)
        return {
            "details_form": f.UserDetailsForm(
                initial={
                    "first_name": s.first_name,
                    "last_name": s.last_name,
                    "display_name": s.display_name,
                    "email": s.email,
                },
                locked=self.reason(p.ORG_EDIT_USER_DETAILS),
            ),
            "number_form": f.PrimaryNumberForm(
                initial={"phone_number": number.pk if number else None, "extension": s.extension},
                customer=org,
                subscriber=s,
                locked=self.reason(p.ORG_EDIT_PRIMARY_WORK_NUMBER),
            ),
            "services_form": f.ServicesForm(
                initial={
                    "messaging": s.messaging_enabled,
                    "meetings": s.meetings_enabled,
                    "calling": s.calling_enabled,
                },
                locked=self.reason(p.ORG_EDIT_USER_SERVICES),
            ),
            "role_form": f.AdminRoleForm(locked=self.reason(p.ORG_MANAGE_USER_ROLES)),
        }

    def get_context_data(self, **kwargs):
        s = self.subscriber
        context = {**self.forms(), **kwargs}
        package = packages.Package(s.package)
        user = User.objects.filter(email=s.email).first()
        context.update(
            subscriber=s,
            package=package,
            admin_user=user,
            admin_roles=selectors.admin_roles_by_email(self.organization, [s.email]).get(
                s.email, []
            ),
            has_meetings=package in packages.MEETINGS_PACKAGES,
            has_calling=package in packages.CALLING_PACKAGES,
            history=s.package_assignments.order_by("-started_at")[:10],
            devices=s.devices.select_related("subscriber", "workspace").order_by(
                "-created_at", "id"
            ),
            owner_value=f"user:{s.pk}",
        )
        return super().get_context_data(**context)

    def post(self, request, *args, **kwargs):
        form = f.UserDetailsForm(request.POST)
        if not form.is_valid():
            return self.invalid(details_form=form)
        try:
            subscriber_services.subscriber_update_details(
                subscriber=self.subscriber, actor=self.actor, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error("email", exc.message)
            return self.invalid(details_form=form)
        messages.success(request, "Saved the user's details.")
        return redirect_after_post(request, self.url("user", subscriber_id=self.subscriber.pk))


class UserActionView(ServiceFormMixin, UserDetailView):
    """A form of the user page posted to its own URL (so each has its own permission). GET
    shows the user page."""

    form_name: str

    def get(self, request, *args, **kwargs):
        return redirect(self.url("user", subscriber_id=self.subscriber.pk))

    def get_success_url(self) -> str:
        return self.url("user", subscriber_id=self.subscriber.pk)


class UserNumberView(UserActionView):
    write_permission_required = p.ORG_EDIT_PRIMARY_WORK_NUMBER
    form_name = "number_form"
    success_message = "Saved the primary work number."

    def make_form(self):
        return f.PrimaryNumberForm(
            self.request.POST, customer=self.organization, subscriber=self.subscriber
        )

    def apply(self, form):
        subscriber_services.subscriber_set_primary_number(
            subscriber=self.subscriber,
            actor=self.actor,
            number=form.cleaned_data["phone_number"],
            extension=form.cleaned_data["extension"],
        )


class UserServicesView(UserActionView):
    write_permission_required = p.ORG_EDIT_USER_SERVICES
    form_name = "services_form"
    success_message = "Saved the user's subscriber_services."

    def make_form(self):
        return f.ServicesForm(self.request.POST)

    def apply(self, form):
        subscriber_services.subscriber_update_services(
            subscriber=self.subscriber, actor=self.actor, **form.cleaned_data
        )


class UserRoleAssignView(UserActionView):
    write_permission_required = p.ORG_MANAGE_USER_ROLES
    form_name = "role_form"
    success_message = "Assigned the administrator role."

    def make_form(self):
        return f.AdminRoleForm(self.request.POST)

    def apply(self, form):
        assignment = admin_roles.admin_role_assign(
            customer=self.organization,
            subscriber=self.subscriber,
            role=form.cleaned_data["role"],
            actor=self.actor,
        )
        invitation = invitation_for(self.organization, assignment.user_id)
        if invitation is not None and invitation.accepted_at is None:
            invitation_message(self.request, invitation)


class UserRoleRemoveView(UserActionView):
    write_permission_required = p.ORG_MANAGE_USER_ROLES
    form_name = "role_form"
    success_message = "Removed the administrator role."

    def make_form(self):
        return f.AdminRoleForm(self.request.POST)

    def apply(self, form):
        user = User.objects.filter(email=self.subscriber.email).first()
        if user is None:
            raise ApplicationError("This user holds no administrator role.")
        admin_roles.admin_role_remove(
            customer=self.organization, user=user, role=form.cleaned_data["role"], actor=self.actor
        )


class UserPackageView(UserMixin, Page):
    """Change User Package: choose the package; Webex Calling and Webex Suite ask for the
    calling number."""

    permission_required = p.ORG_CHANGE_PACKAGE
    write_permission_required = p.ORG_CHANGE_PACKAGE
    template_name = "controlhub/users/package.html"

    def get_context_data(self, **kwargs):
        s = self.subscriber
        number = getattr(s, "phone_number", None)
        kwargs.setdefault(
            "form",
            f.ChangePackageForm(
                initial={
                    "package": s.package,
                    "phone_number": number.pk if number else None,
                    "extension": s.extension,
                },
                customer=self.organization,
                subscriber=s,
            ),
        )
        kwargs.update(
            subscriber=s,
            asks_for_number=sorted(p.value for p in packages.ASKS_FOR_CALLING_NUMBER),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        s = self.subscriber
        form = f.ChangePackageForm(request.POST, customer=self.organization, subscriber=s)
        if not form.is_valid():
            return self.invalid(form=form)
        data = form.cleaned_data
        new = packages.Package(data["package"])
        current = getattr(s, "phone_number", None)
        number = data["phone_number"]
        asks = new in packages.ASKS_FOR_CALLING_NUMBER and new != s.package
        if asks and number is None and not data["extension"] and not s.extension:
            form.add_error(
                "phone_number",
                f"{new.label} needs the calling number information: a phone number, an "
                "extension, or both.",
            )
            return self.invalid(form=form)
        try:
            subscriber_services.subscriber_change_package(
                subscriber=s,
                package=new,
                actor=self.actor,
                primary_phone_number=number.number if number and number != current else "",
                extension=data["extension"] if data["extension"] != s.extension else "",
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.invalid(form=form)
        messages.success(request, f"Changed the package to {new.label}.")
        return redirect_after_post(request, self.url("user", subscriber_id=s.pk))


# --- Administrators ------------------------------------------------------------------------


class AdministratorsView(Page):
    permission_required = p.ORG_VIEW_USERS
    template_name = "controlhub/administrators.html"

    def get_context_data(self, **kwargs):
        assignments = list(selectors.administrators(self.organization))
        emails = {a.user.email for a in assignments}
        users = {
            s.email: s
            for s in selectors.subscriber_list(self.organization).current().filter(email__in=emails)
        }
        kwargs["rows"] = [(a, users.get(a.user.email), account_state(a.user)) for a in assignments]
        return super().get_context_data(**kwargs)


class AdministratorInvitationView(CustomerMixin, View):
    """Resend invitation (POST): to an administrator of this org who has no password yet.
    With invite emails suppressed, the page shows the one-time link instead (AC-1)."""

    permission_required = p.ORG_VIEW_USERS
    write_permission_required = p.ORG_MANAGE_USER_ROLES

    def post(self, request, *args, **kwargs):
        user = User.objects.filter(
            pk=kwargs["admin_id"],
            customer_roles__customer=self.organization,
        ).first()
        if user is None:
            raise Http404("No such administrator")
        try:
            invitation = admin_roles.customer_admin_resend_invitation(
                customer=self.organization, user=user, actor=self.actor
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            invitation_message(request, invitation)
        return redirect("controlhub:administrators", org_id=self.organization.pk)
