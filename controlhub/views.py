"""Control Hub pages (FEATURES CH-1 … CH-8, CH-11). Thin: parse, call a service or selector,
render. Access is decided once by CustomerMixin from `permission_required` (GET) and
`write_permission_required` (POST), i.e. by the access backend Restricted-by-Partner mode
feeds into; the templates ask the same backend to grey out what a POST would refuse."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from controlhub import (
    admin_roles,
    csv_import,
    domains,
    locations,
    selectors,
    services,
    settings_services,
)
from controlhub import forms as f
from controlhub.filtersets import NumberFilterSet, SubscriberFilterSet
from controlhub.models import Domain, Location, PstnOption, Subscriber
from controlhub.restrictions import denial_reason
from portal.access import permissions as p
from portal.access.views import CustomerMixin
from portal.catalogues import packages
from portal.errors import ApplicationError
from portal.models import User
from portal.selectors import audit_events_for
from portal.views import AuditLogView


def done(request, url: str):
    """A successful POST: HX-Redirect for htmx, a plain redirect otherwise."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class Page(CustomerMixin, TemplateView):
    """A Control Hub page; htmx requests get `partial_template_name` when there is one."""

    partial_template_name: str | None = None

    def get_template_names(self):
        if self.request.htmx and self.partial_template_name:
            return [self.partial_template_name]
        return [self.template_name]

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"controlhub:{name}", kwargs={"org_id": self.organization.pk, **kwargs})

    def reason(self, perm: str) -> str:
        return denial_reason(self.request.user, perm, self.organization)

    def invalid(self, **context):
        return self.render_to_response(self.get_context_data(**context), status=400)


class OrgOverviewView(Page):
    template_name = "controlhub/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        context.update(
            user_count=selectors.current_subscribers(org).count(),
            location_count=Location.objects.for_org(org).count(),
            free_number_count=selectors.free_numbers(org).count(),
        )
        return context


class OrgAuditLogView(CustomerMixin, AuditLogView):
    permission_required = p.ORG_VIEW_AUDIT

    def get_events(self):
        return audit_events_for(self.organization, user=self.request.user)


# --- Users ---------------------------------------------------------------------------------


class UserListView(Page):
    permission_required = p.ORG_VIEW_USERS
    template_name = "controlhub/users/list.html"
    partial_template_name = "controlhub/partials/_user_table.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = SubscriberFilterSet(
            self.request.GET,
            customer=self.organization,
            queryset=selectors.subscriber_list(self.organization),
        )
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        roles = selectors.admin_roles_by_email(self.organization, [s.email for s in page])
        context.update(
            filter_form=filterset.form,
            page=page,
            rows=[(s, roles.get(s.email, [])) for s in page],
        )
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
        created, errors = services.subscribers_add(
            customer=self.organization,
            actor=self.actor,
            rows=[form.service_kwargs() for _, form in filled],
        )
        if errors:
            for position, message in errors.items():
                filled[position][1].add_error(None, message)
            return self.invalid(formset=formset)
        messages.success(request, f"Added {len(created)} user{'s' if len(created) != 1 else ''}.")
        return done(request, self.url("users"))

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


class _Echo:
    def write(self, value):
        return value


class UserExportView(CustomerMixin, TemplateView):
    permission_required = p.ORG_VIEW_USERS

    def get(self, request, *args, **kwargs):
        writer = csv.writer(_Echo())
        rows = (writer.writerow(row) for row in csv_import.export_rows(self.organization))
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
        )
        return super().get_context_data(**context)

    def post(self, request, *args, **kwargs):
        form = f.UserDetailsForm(request.POST)
        if not form.is_valid():
            return self.invalid(details_form=form)
        try:
            services.subscriber_update_details(
                subscriber=self.subscriber, actor=self.actor, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error("email", exc.message)
            return self.invalid(details_form=form)
        messages.success(request, "Saved the user's details.")
        return done(request, self.url("user", subscriber_id=self.subscriber.pk))


class UserActionView(UserDetailView):
    """A form of the user page posted to its own URL (so each has its own permission). GET
    shows the user page."""

    form_name: str

    def get(self, request, *args, **kwargs):
        return redirect(self.url("user", subscriber_id=self.subscriber.pk))

    def make_form(self):
        raise NotImplementedError

    def apply(self, form):
        raise NotImplementedError

    success_message = "Saved."

    def post(self, request, *args, **kwargs):
        form = self.make_form()
        if not form.is_valid():
            return self.invalid(**{self.form_name: form})
        try:
            self.apply(form)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.invalid(**{self.form_name: form})
        messages.success(request, self.success_message)
        return done(request, self.url("user", subscriber_id=self.subscriber.pk))


class UserNumberView(UserActionView):
    write_permission_required = p.ORG_EDIT_PRIMARY_WORK_NUMBER
    form_name = "number_form"
    success_message = "Saved the primary work number."

    def make_form(self):
        return f.PrimaryNumberForm(
            self.request.POST, customer=self.organization, subscriber=self.subscriber
        )

    def apply(self, form):
        services.subscriber_set_primary_number(
            subscriber=self.subscriber,
            actor=self.actor,
            number=form.cleaned_data["phone_number"],
            extension=form.cleaned_data["extension"],
        )


class UserServicesView(UserActionView):
    write_permission_required = p.ORG_EDIT_USER_SERVICES
    form_name = "services_form"
    success_message = "Saved the user's services."

    def make_form(self):
        return f.ServicesForm(self.request.POST)

    def apply(self, form):
        services.subscriber_update_services(
            subscriber=self.subscriber, actor=self.actor, **form.cleaned_data
        )


class UserRoleAssignView(UserActionView):
    write_permission_required = p.ORG_MANAGE_USER_ROLES
    form_name = "role_form"
    success_message = "Assigned the administrator role."

    def make_form(self):
        return f.AdminRoleForm(self.request.POST)

    def apply(self, form):
        admin_roles.admin_role_assign(
            customer=self.organization,
            subscriber=self.subscriber,
            role=form.cleaned_data["role"],
            actor=self.actor,
        )


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
            services.subscriber_change_package(
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
        return done(request, self.url("user", subscriber_id=s.pk))


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
        kwargs["rows"] = [(a, users.get(a.user.email)) for a in assignments]
        return super().get_context_data(**kwargs)


# --- Locations and numbers -----------------------------------------------------------------


def pstn_options(user, organization) -> set[str]:
    hidden = {
        PstnOption.LOCAL_GATEWAY: p.ORG_USE_LOCAL_GATEWAY,
        PstnOption.CISCO_PSTN: p.ORG_USE_CISCO_PSTN,
    }
    return {
        value
        for value, _ in PstnOption.choices
        if value not in hidden or user.has_perm(hidden[value], organization)
    }


class LocationListView(Page):
    permission_required = p.ORG_VIEW_LOCATIONS
    template_name = "controlhub/locations/list.html"

    def get_context_data(self, **kwargs):
        kwargs["locations"] = selectors.location_list(self.organization)
        return super().get_context_data(**kwargs)


class LocationFormView(Page):
    """Create (no location_id) or edit a location. A PSTN option the admin may not use is hidden
    from the form, and choosing it anyway is refused with 403."""

    permission_required = p.ORG_VIEW_LOCATIONS
    write_permission_required = p.ORG_MANAGE_LOCATIONS
    template_name = "controlhub/locations/form.html"

    @property
    def location(self) -> Location | None:
        if "location_id" not in self.kwargs:
            return None
        return get_object_or_404(
            Location.objects.for_org(self.organization), pk=self.kwargs["location_id"]
        )

    def dispatch(self, request, *args, **kwargs):
        if "location_id" not in kwargs:
            self.permission_required = p.ORG_MANAGE_LOCATIONS
        return super().dispatch(request, *args, **kwargs)

    def allowed_pstn(self, location):
        allowed = pstn_options(self.request.user, self.organization)
        if location is not None:
            allowed.add(location.pstn_option)  # keep showing what is set now
        return allowed

    def make_form(self, data=None):
        location = self.location
        initial = {}
        if location is not None:
            initial = {name: getattr(location, name) for name in locations.LOCATION_FIELDS}
        else:
            initial = {
                "country": self.organization.country or "US",
                "language": self.organization.language or "en_US",
            }
        return f.LocationForm(
            data,
            initial=initial,
            pstn_options=self.allowed_pstn(location),
            locked=self.reason(p.ORG_MANAGE_LOCATIONS),
        )

    def get_context_data(self, **kwargs):
        location = self.location
        kwargs.setdefault("form", self.make_form())
        kwargs["location"] = location
        if location is not None:
            numbers = selectors.number_list(self.organization).filter(location=location)
            kwargs["numbers"] = numbers[:12]
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        location = self.location
        chosen = request.POST.get("pstn_option", "")
        current = location.pstn_option if location else ""
        if chosen != current and chosen not in pstn_options(request.user, self.organization):
            raise PermissionDenied("That PSTN option is not available to you.")
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.invalid(form=form)
        fields = {k: v for k, v in form.cleaned_data.items() if k != "is_headquarters"}
        try:
            if location is None:
                location = locations.location_create(
                    customer=self.organization, actor=self.actor, **fields
                )
            else:
                locations.location_update(location=location, actor=self.actor, **fields)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.invalid(form=form)
        messages.success(request, f"Saved {location.name}.")
        return done(request, self.url("locations"))


class NumberListView(Page):
    permission_required = p.ORG_VIEW_NUMBERS
    template_name = "controlhub/numbers/list.html"
    partial_template_name = "controlhub/partials/_number_table.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = NumberFilterSet(
            self.request.GET,
            customer=self.organization,
            queryset=selectors.number_list(self.organization),
        )
        context.update(
            filter_form=filterset.form,
            page=Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page")),
        )
        return context


class NumberAddView(Page):
    permission_required = p.ORG_MANAGE_NUMBERS
    write_permission_required = p.ORG_MANAGE_NUMBERS
    template_name = "controlhub/numbers/add.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            f.NumberRangeForm(
                initial={"location": self.request.GET.get("location")}, customer=self.organization
            ),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = f.NumberRangeForm(request.POST, customer=self.organization)
        if not form.is_valid():
            return self.invalid(form=form)
        try:
            added = locations.numbers_add(actor=self.actor, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("first", exc.message)
            return self.invalid(form=form)
        messages.success(request, f"Added {len(added)} numbers to {form.cleaned_data['location']}.")
        return done(request, self.url("numbers") + f"?location={form.cleaned_data['location'].pk}")


# --- Account, organization settings, calling -----------------------------------------------


class AccountView(Page):
    permission_required = p.ORG_VIEW_ACCOUNT
    write_permission_required = p.ORG_EDIT_COMPANY_NAME
    template_name = "controlhub/account.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            f.CompanyNameForm(
                initial={"name": self.organization.name},
                locked=self.reason(p.ORG_EDIT_COMPANY_NAME),
            ),
        )
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = f.CompanyNameForm(request.POST)
        if not form.is_valid():
            return self.invalid(form=form)
        try:
            settings_services.company_name_update(
                customer=self.organization, actor=self.actor, name=form.cleaned_data["name"]
            )
        except ApplicationError as exc:
            form.add_error("name", exc.message)
            return self.invalid(form=form)
        messages.success(request, "Saved the company name.")
        return done(request, self.url("account"))


class SettingsView(Page):
    """Organization settings: domains, email, authentication. Each form posts to its own URL."""

    permission_required = p.ORG_VIEW_SETTINGS
    template_name = "controlhub/settings.html"
    form_name: str | None = None

    def get_context_data(self, **kwargs):
        org = self.organization
        settings = selectors.organization_settings(org)
        kwargs.setdefault("domain_form", f.DomainForm(locked=self.reason(p.ORG_MANAGE_DOMAINS)))
        kwargs.setdefault(
            "email_form",
            f.EmailSettingsForm(
                initial={
                    "suppress_admin_invite_emails": settings.suppress_admin_invite_emails,
                    "email_locale": settings.email_locale,
                },
                locked=self.reason(p.ORG_MANAGE_EMAIL_SETTINGS),
            ),
        )
        kwargs.setdefault(
            "auth_form",
            f.AuthenticationForm(
                initial={
                    "sign_in_method": settings.sign_in_method,
                    "idp_entity_id": settings.idp_entity_id,
                },
                locked=self.reason(p.ORG_MANAGE_AUTHENTICATION),
            ),
        )
        kwargs.update(
            settings=settings,
            domains=[(d, domains.txt_record(d)) for d in selectors.domain_list(org)],
        )
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if self.form_name:
            return redirect(self.url("settings"))
        return super().get(request, *args, **kwargs)


class SettingsFormView(SettingsView):
    form_class: type
    success_message = "Saved."

    def apply(self, data):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.invalid(**{self.form_name: form})
        try:
            self.apply(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.invalid(**{self.form_name: form})
        messages.success(request, self.success_message)
        return done(request, self.url(self.success_url_name))

    success_url_name = "settings"


class DomainAddView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_DOMAINS
    form_class = f.DomainForm
    form_name = "domain_form"
    success_message = "Added the domain. Add the TXT record to its DNS, then verify it."

    def apply(self, data):
        from django.core.exceptions import ValidationError

        try:
            domains.domain_add(customer=self.organization, actor=self.actor, name=data["name"])
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from None


class DomainActionView(SettingsView):
    """Verify, claim or remove one of the organization's domains."""

    write_permission_required = p.ORG_MANAGE_DOMAINS
    form_name = "domain_form"
    ACTIONS = {
        "verify": (domains.domain_verify, "Verified {}."),
        "claim": (domains.domain_claim, "Claimed {}."),
        "remove": (domains.domain_remove, "Removed {}."),
    }

    def post(self, request, *args, **kwargs):
        domain_id = request.POST.get("domain", "")
        domain = get_object_or_404(
            Domain.objects.for_org(self.organization), pk=domain_id if domain_id.isdigit() else 0
        )
        action = self.ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "Unknown action.")
            return done(request, self.url("settings"))
        service, message = action
        try:
            service(domain=domain, actor=self.actor)
            messages.success(request, message.format(domain.name))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return done(request, self.url("settings"))


class EmailSettingsView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_EMAIL_SETTINGS
    form_class = f.EmailSettingsForm
    form_name = "email_form"
    success_message = "Saved the email settings."

    def apply(self, data):
        settings_services.email_settings_update(
            customer=self.organization, actor=self.actor, **data
        )


class AuthenticationView(SettingsFormView):
    write_permission_required = p.ORG_MANAGE_AUTHENTICATION
    form_class = f.AuthenticationForm
    form_name = "auth_form"
    success_message = "Saved the authentication settings."

    def apply(self, data):
        settings_services.authentication_update(
            customer=self.organization, actor=self.actor, **data
        )


class CallingView(SettingsView):
    permission_required = p.ORG_VIEW_CALLING
    template_name = "controlhub/calling.html"

    def get_context_data(self, **kwargs):
        settings = selectors.organization_settings(self.organization)
        kwargs.setdefault(
            "priority_form",
            f.CallPriorityForm(
                initial={"call_priority": settings.call_priority},
                locked=self.reason(p.ORG_MANAGE_CALL_PRIORITY),
            ),
        )
        kwargs.setdefault(
            "behavior_form",
            f.CallingBehaviorForm(
                initial={"calling_behavior": settings.calling_behavior},
                locked=self.reason(p.ORG_MANAGE_CALLING_BEHAVIOR),
            ),
        )
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if self.form_name:
            return redirect(self.url("calling"))
        return super().get(request, *args, **kwargs)


class CallPriorityView(CallingView, SettingsFormView):
    write_permission_required = p.ORG_MANAGE_CALL_PRIORITY
    form_class = f.CallPriorityForm
    form_name = "priority_form"
    success_message = "Saved the app options call priority."
    success_url_name = "calling"

    def apply(self, data):
        settings_services.call_priority_update(customer=self.organization, actor=self.actor, **data)


class CallingBehaviorView(CallingView, SettingsFormView):
    write_permission_required = p.ORG_MANAGE_CALLING_BEHAVIOR
    form_class = f.CallingBehaviorForm
    form_name = "behavior_form"
    success_message = "Saved the calling behavior."
    success_url_name = "calling"

    def apply(self, data):
        settings_services.calling_behavior_update(
            customer=self.organization, actor=self.actor, **data
        )


class ServicesView(Page):
    """SERVICES: Migrations and Connected UC, suppressed in Restricted-by-Partner mode."""

    permission_required = p.ORG_VIEW
    template_name = "controlhub/services.html"
