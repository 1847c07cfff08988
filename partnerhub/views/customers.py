"""Customers list, customer detail tabs, launch, create and set-up wizards (PH-3/4/5/7)."""

import uuid

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseFormSet, formset_factory
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import TemplateView, View

from billing import selectors as billing_selectors
from billing.selectors import month_start
from billing.usage import today_utc
from controlhub.models import Location, MeetingSite, PhoneNumber
from partnerhub import wizard as steps
from partnerhub.filtersets import PartnerHubCustomerFilterSet, SubscriptionType
from partnerhub.forms import (
    BrandingForm,
    CustomerCreateForm,
    CustomerTermForm,
    SetupAssistRequestForm,
    SetupLocationForm,
    SetupUserForm,
)
from partnerhub.models import CustomerTag, Tag
from partnerhub.selectors import (
    ListStatus,
    admins_with_all_customers,
    assignable_partner_admins,
    assigned_partner_admins,
    customer_for_partner_hub,
    customer_list,
    customer_precheck_warnings,
    order_history,
    package_usage,
)
from partnerhub.services import admins as admin_services
from partnerhub.services import bulk as bulk_services
from partnerhub.services import customers as customer_services
from partnerhub.services.branding import (
    BRANDING_FIELDS,
    branding_for,
    branding_update,
    customer_branding_reset,
    effective_branding,
)
from partnerhub.services.tags import customer_tags_set
from partnerhub.views.base import PartnerCustomerMixin
from partnerhub.wizard import Wizard
from portal import csv as portal_csv
from portal.access import permissions as p
from portal.access.roles import Role
from portal.access.views import PartnerMixin
from portal.catalogues import packages, regions
from portal.errors import ApplicationError
from portal.models import CustomerStatus, OnboardingTemplate, User
from portal.pages import HtmxPartialMixin, posted_id, redirect_after_post
from wholesale import selectors as wholesale_selectors
from wholesale.services import lifecycle, setup_assist
from wholesale.services.customers import (
    customer_limit_set,
    customer_provision,
    customer_retry,
    email_precheck,
)
from wholesale.services.offer import bought_packages
from wholesale.services.setup import (
    NewLocation,
    NewUser,
    SetupRowError,
    customer_set_up,
)

PAGE_SIZE = 20
#: States a just-created customer moves out of on its own; the page polls while in them.
SETTLING = {CustomerStatus.PROVISIONING, CustomerStatus.UPDATING, CustomerStatus.DELETING}


#: The customer list's sortable columns (issue 16): ``?sort=<key>`` or ``-<key>``, in SQL.
CUSTOMER_SORTS = {
    "name": ("Customer", "name"),
    "status": ("Status", "list_status"),
    "owner": ("Managed by", "owner__name"),
    "created": ("Created", "created_at"),
}


class CustomerListMixin(PartnerMixin):
    """The filtered, sorted customer list the page shows and the CSV export writes."""

    permission_required = p.PARTNER_VIEW_CUSTOMERS
    filterset_class = PartnerHubCustomerFilterSet

    def sort(self) -> str:
        wanted = self.request.GET.get("sort", "name")
        return wanted if wanted.lstrip("-") in CUSTOMER_SORTS else "name"

    def customers(self):
        partner, user = self.organization, self.request.user
        self.filters = self.filterset_class(
            self.request.GET,
            queryset=customer_list(partner, user, include_sub_partners=True),
            partner=partner,
            user=user,
            tags=Tag.objects.for_org(partner).order_by("name"),
        )
        sort = self.sort()
        column = CUSTOMER_SORTS[sort.lstrip("-")][1]
        direction = "-" if sort.startswith("-") else ""
        return self.filters.qs.order_by(f"{direction}{column}", f"{direction}pk")

    def sort_headers(self):
        """(key, label, aria-sort, the URL that sorts by it next) for each sortable column."""
        sort = self.sort()
        query = self.request.GET.copy()
        query.pop("page", None)
        headers = {}
        for key, (label, _column) in CUSTOMER_SORTS.items():
            current = sort.lstrip("-") == key
            descending = sort.startswith("-")
            query["sort"] = f"-{key}" if current and not descending else key
            state = ("descending" if descending else "ascending") if current else "none"
            headers[key] = {"label": label, "aria": state, "url": f"?{query.urlencode()}"}
        return headers


class CustomersView(CustomerListMixin, HtmxPartialMixin, TemplateView):
    """Customers (FEATURES PH-3): search, filters, sortable columns, server-side pagination,
    htmx, shareable URLs, CSV export of what is filtered."""

    template_name = "partnerhub/customers.html"
    partial_template_name = "partnerhub/partials/_customer_table.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customers = self.customers()
        filters = self.filters
        page = Paginator(customers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        export = self.request.GET.copy()
        export.pop("page", None)
        export.pop("panel", None)
        here = self.request.GET.copy()
        here.pop("panel", None)
        context.update(
            panel_query=here.urlencode(),
            can_bulk=self.request.user.has_perm(p.PARTNER_MANAGE_TAGS, self.organization),
            bulk_admins=bulk_admins(self.organization),
            bulk_tags=Tag.objects.for_org(self.organization).order_by("name"),
            bulk_dialogs=BULK_DIALOGS,
            **self.panel_context(),
            sort_headers=self.sort_headers(),
            export_query=export.urlencode(),
            filters=filters,
            form=filters.form,
            page=page,
            customers=page.object_list,
            status_labels=ListStatus.LABELS,
            status_badges=ListStatus.BADGES,
            no_trials=SubscriptionType.NO_TRIALS,
        )
        return context

    def panel_context(self) -> dict:
        """``?panel=<id>``: the list opens with that customer's side panel (a shareable URL).
        A customer outside the user's reach (or not an id) is a 404, like its own pages."""
        wanted = self.request.GET.get("panel")
        if not wanted:
            return {}
        try:
            customer = customer_for_partner_hub(self.organization, self.request.user, wanted)
        except (ValueError, ValidationError):
            customer = None
        if customer is None:
            raise Http404("No such customer")
        return customer_panel_context(self.request.user, self.organization, customer)


def customer_panel_context(user, partner, customer) -> dict:
    """What the customer side panel shows (issue 16): status, packages with assigned/limit,
    the partner admins assigned to it and who reaches every customer, quick actions."""
    usage = list(package_usage(customer))
    for cp in usage:
        cp.percent = min(100, round(100 * cp.assigned / cp.limit)) if cp.limit else 0
    return {
        "panel_customer": customer,
        "panel_usage": usage,
        "panel_admins": list(assigned_partner_admins(customer)),
        "panel_all_admins": list(admins_with_all_customers(customer)),
        "panel_can_launch": user.has_perm(p.ORG_VIEW, customer),
    }


#: At most this many customers in one bulk action (a page of the list is 20).
BULK_MAX = 200


#: The bulk actions' confirmations: (action, title, consequence, confirm button).
BULK_DIALOGS = (
    (
        "tag",
        "Add the tag to the selected customers?",
        "Each selected customer gets this tag and keeps its other tags; a new name becomes a tag "
        "of your organization. Each change is recorded in the customer's audit log.",
        "Add tag",
    ),
    (
        "admin",
        "Assign the administrator to the selected customers?",
        "The partner administrator can then open and manage each selected customer. Each "
        "assignment is recorded in the customer's audit log.",
        "Assign administrator",
    ),
)


def bulk_admins(partner):
    """The partner administrators (limited to assigned customers) a bulk action can assign."""
    return (
        User.objects.filter(partner_roles__partner=partner, partner_roles__role=Role.PARTNER_ADMIN)
        .distinct()
        .order_by("email")
    )


class CustomerBulkView(PartnerMixin, View):
    """Bulk actions on the selected rows of the Customers list (issue 16, PH-3): add a tag,
    assign a partner administrator. Every posted id must be a customer the user sees in this
    partner (else 404, nothing changed); one transaction; each change audited by its service."""

    permission_required = p.PARTNER_VIEW_CUSTOMERS
    write_permission_required = p.PARTNER_MANAGE_TAGS  # full and partner admins

    def selected(self, request) -> list:
        raw = request.POST.getlist("customers")
        if len(raw) > BULK_MAX:
            raise ApplicationError(f"Choose at most {BULK_MAX} customers at once.")
        try:
            ids = {uuid.UUID(value) for value in raw}
        except (ValueError, AttributeError):
            raise Http404("No such customer") from None
        customers = list(
            customer_list(self.organization, request.user, include_sub_partners=True).filter(
                pk__in=ids
            )
        )
        if len(customers) != len(ids):
            raise Http404("No such customer")
        return customers

    def post(self, request, *args, **kwargs):
        query = QueryDict(request.POST.get("query", "")).copy()
        query.pop("panel", None)
        back = reverse("partnerhub:customers", kwargs={"partner_id": self.organization.pk})
        back += f"?{query.urlencode()}" if query else ""
        action = request.POST.get("action", "")
        try:
            customers = self.selected(request)
            if not customers:
                raise ApplicationError("Select at least one customer first.")
            if action == "tag":
                changed = bulk_services.customers_tag_add(
                    customers=customers, name=request.POST.get("tag", ""), actor=self.actor
                )
                tag = " ".join(request.POST.get("tag", "").split())
                messages.success(request, _bulk_result(f"Tag “{tag}” added to", changed))
            elif action == "admin":
                if not all(request.user.has_perm(p.ORG_MANAGE_USER_ROLES, c) for c in customers):
                    raise PermissionDenied
                admin = bulk_admins(self.organization).filter(pk=posted_id(request, "admin"))
                admin = admin.first()
                if admin is None:
                    raise ApplicationError("Choose a partner administrator from the list.")
                changed = bulk_services.customers_partner_admin_assign(
                    customers=customers, user=admin, actor=self.actor
                )
                messages.success(request, _bulk_result(f"{admin.email} now manages", changed))
            else:
                raise ApplicationError("Choose what to do with the selected customers.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect_after_post(request, back)


def _bulk_result(done: str, changed: list) -> str:
    if not changed:
        return "Nothing to change: every selected customer had it already."
    names = ", ".join(c.name for c in changed[:3])
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return f"{done} {names}{more}."


class CustomerPanelView(PartnerMixin, PartnerCustomerMixin, TemplateView):
    """The customer side panel on the Customers list, fetched by htmx (issue 16, PH-3)."""

    template_name = "partnerhub/partials/_customer_panel.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(customer_panel_context(self.request.user, self.organization, self.customer))
        return context


class CustomerExportView(CustomerListMixin, View):
    """The customers the list shows with its filters and order, as CSV (issue 16)."""

    def get(self, request, *args, **kwargs):
        def rows():
            yield ["Customer", "External ID", "Status", "Packages", "Tags", "Managed by"]
            for c in self.customers().iterator(chunk_size=500):
                yield [
                    c.name,
                    c.external_id,
                    ListStatus.LABELS.get(c.list_status, c.list_status),
                    ", ".join(cp.get_package_display() for cp in c.packages.all()),
                    ", ".join(link.tag.name for link in c.tag_links.all()),
                    c.owner.name,
                ]

        response = StreamingHttpResponse(portal_csv.stream(rows()), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="customers.csv"'
        return response


class CustomerLaunchView(PartnerMixin, PartnerCustomerMixin, View):
    """Launch: into the customer's Control Hub, audited (the banner is shown there)."""

    write_permission_required = p.PARTNER_VIEW_CUSTOMERS
    customer_write_permission = p.ORG_VIEW

    def post(self, request, *args, **kwargs):
        customer_services.customer_launch(customer=self.customer, actor=self.actor)
        return redirect("controlhub:overview", org_id=self.customer.pk)


class CustomerRetryView(PartnerMixin, PartnerCustomerMixin, View):
    """Retry a customer whose background work failed (PV-1): the interrupted provisioning,
    update or removal starts again. A refusal (not retryable, suspended) is the error page."""

    write_permission_required = p.PARTNER_CREATE_CUSTOMERS
    customer_write_permission = p.ORG_MANAGE_USERS

    def post(self, request, *args, **kwargs):
        customer_retry(customer=self.customer, actor=self.actor)
        messages.success(request, f"Retrying {self.customer.name}; the status updates by itself.")
        return redirect_after_post(
            request,
            reverse(
                "partnerhub:customer_detail",
                kwargs={"partner_id": self.organization.pk, "org_id": self.customer.pk},
            ),
        )


def _may_retry(user, partner, customer) -> bool:
    return (
        customer.can_retry
        and user.has_perm(p.PARTNER_CREATE_CUSTOMERS, partner)
        and user.has_perm(p.ORG_MANAGE_USERS, customer)
    )


class CustomerTabMixin(PartnerMixin, PartnerCustomerMixin):
    tab = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, customer = self.request.user, self.customer
        context.update(
            tab=self.tab,
            status_label=ListStatus.LABELS.get(customer.list_status, customer.list_status),
            status_badge=ListStatus.BADGES.get(customer.list_status, "secondary"),
            settling=customer.status in SETTLING,
            can_retry=_may_retry(user, self.organization, customer),
            can_manage_admins=user.has_perm(p.ORG_MANAGE_USER_ROLES, customer),
            can_toggle_restricted=user.has_perm(p.ORG_MANAGE_RESTRICTED_MODE, customer),
            can_brand=user.has_perm(p.ORG_MANAGE_BRANDING_OVERRIDE, customer),
            can_set_up=(
                customer.status
                in {CustomerStatus.PROVISIONED, CustomerStatus.PROVISIONED_WITH_ERRORS}
                and user.has_perm(p.PARTNER_CREATE_CUSTOMERS, self.organization)
                and user.has_perm(p.ORG_MANAGE_USERS, customer)
            ),
        )
        return context


class CustomerDetailView(CustomerTabMixin, TemplateView):
    template_name = "partnerhub/customer_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usage"] = package_usage(self.customer)
        context["tags"] = [
            link.tag for link in CustomerTag.objects.for_org(self.customer).select_related("tag")
        ]
        context["all_tags"] = Tag.objects.for_org(self.customer.owner)
        context["meeting_site"] = MeetingSite.objects.for_org(self.customer).first()  # CH-13
        context["country_name"] = (
            regions.name(self.customer.country) if regions.is_known(self.customer.country) else ""
        )
        return context


class CustomerStatusView(CustomerTabMixin, TemplateView):
    """The live provisioning status, polled by htmx until it settles."""

    template_name = "partnerhub/partials/_customer_status.html"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not context["settling"]:
            response["HX-Trigger"] = "customer-settled"
        return response


class CustomerSubscriptionsView(CustomerTabMixin, TemplateView):
    """The "Subscriptions" tab (seed 004, OP-1): the service term and its renewal, ordered
    (limit) vs assigned per package, the order history, the invoice month; and the partner's
    lifecycle actions: set the term, suspend / resume, change a package's limit."""

    tab = "subscriptions"
    template_name = "partnerhub/customer_subscriptions.html"
    write_permission_required = p.PARTNER_CREATE_CUSTOMERS
    customer_write_permission = p.ORG_MANAGE_USERS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customer = self.customer
        subscription = getattr(customer, "subscription", None)
        context.setdefault("term_form", CustomerTermForm(initial=lifecycle.term_initial(customer)))
        context.update(
            usage=package_usage(customer),
            no_trials=SubscriptionType.NO_TRIALS,
            subscription=subscription,
            term_end=lifecycle.term_end_day(subscription) if subscription else None,
            order_history=order_history(customer),
            invoice_month=month_start(today_utc()),
            can_view_invoices=self.request.user.has_perm(
                p.PARTNER_VIEW_INVOICES, self.organization
            ),
            can_manage=self.request.user.has_perm(p.PARTNER_CREATE_CUSTOMERS, self.organization)
            and self.request.user.has_perm(p.ORG_MANAGE_USERS, customer),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        customer = self.customer
        try:
            if action == "term":
                form = CustomerTermForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(term_form=form), status=400
                    )
                lifecycle.customer_term_set(
                    customer=customer, actor=self.actor, **form.cleaned_data
                )
                messages.success(request, f"The service term of {customer.name} is saved.")
            elif action == "suspend":
                lifecycle.customer_suspend(customer=customer, actor=self.actor)
                messages.warning(
                    request,
                    f"{customer.name} is suspended: no new users or package changes; its "
                    "users keep working.",
                )
            elif action == "resume":
                lifecycle.customer_resume(customer=customer, actor=self.actor)
                messages.success(request, f"{customer.name} is resumed.")
            elif action == "limit":
                customer = customer_limit_set(
                    customer=customer,
                    package=request.POST.get("package", ""),
                    limit=request.POST.get("limit", ""),
                    actor=self.actor,
                )
                for warning in getattr(customer, "overage_warnings", []):
                    messages.warning(request, warning)
                messages.success(request, "The new limit is being provisioned.")
            else:
                return self.render_to_response(
                    self.get_context_data(action_error="Unknown action."), status=400
                )
        except ApplicationError as exc:
            return self.render_to_response(
                self.get_context_data(action_error=exc.message), status=exc.status
            )
        return redirect_after_post(
            request,
            reverse(
                "partnerhub:customer_subscriptions",
                kwargs={"partner_id": self.organization.pk, "org_id": self.customer.pk},
            ),
        )


class CustomerPartnerAdminsView(CustomerTabMixin, TemplateView):
    """ "Partner admins": admins assigned to this customer; full and partner admins change it."""

    tab = "partner_admins"
    template_name = "partnerhub/customer_partner_admins.html"
    write_permission_required = p.PARTNER_VIEW_CUSTOMERS
    customer_write_permission = p.ORG_MANAGE_USER_ROLES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assigned"] = assigned_partner_admins(self.customer)
        context["assignable"] = assignable_partner_admins(self.customer)
        context["all_customer_admins"] = admins_with_all_customers(self.customer)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        pool = (
            assignable_partner_admins(self.customer)
            if action == "add"
            else assigned_partner_admins(self.customer)
        )
        user = pool.filter(pk=posted_id(request, "user")).first()
        try:
            if user is None:
                raise ApplicationError("Choose a partner administrator from the list.")
            if action == "add":
                admin_services.customer_partner_admin_assign(
                    customer=self.customer, user=user, actor=self.actor
                )
                messages.success(request, f"{user.email} can now manage {self.customer.name}.")
            elif action == "remove":
                admin_services.customer_partner_admin_unassign(
                    customer=self.customer, user=user, actor=self.actor
                )
                messages.success(request, f"{user.email} no longer manages {self.customer.name}.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)


class CustomerSettingsView(CustomerTabMixin, TemplateView):
    """Settings: Restricted by Partner Mode (partner admins only) and the branding override."""

    tab = "settings"
    template_name = "partnerhub/customer_settings.html"
    write_permission_required = p.PARTNER_VIEW_CUSTOMERS
    # Each action checks its own permission below; this one is the least of them.
    customer_write_permission = p.ORG_VIEW

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        override = branding_for(self.customer)
        context["override"] = override
        context["effective"] = effective_branding(self.customer)
        context["branding_form"] = form or BrandingForm(
            initial=(
                {f: getattr(override or context["effective"], f) for f in BRANDING_FIELDS}
                if (override or context["effective"])
                else {
                    "light_primary_color": "#0d6efd",
                    "light_accent_color": "#6f42c1",
                    "dark_primary_color": "#6ea8fe",
                    "dark_accent_color": "#a98eda",
                }
            )
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        user = request.user
        if action == "restricted_mode":
            if not user.has_perm(p.ORG_MANAGE_RESTRICTED_MODE, self.customer):
                return HttpResponse(status=403)
            enabled = request.POST.get("enabled") == "on"
            reason = request.POST.get("reason", "").strip()
            if not reason:
                messages.error(request, "Give the reason for changing Restricted by Partner Mode.")
                return redirect(request.path)
            customer = customer_services.customer_set_restricted_mode(
                customer=self.customer, enabled=enabled, actor=self.actor, reason=reason
            )
            self.customer.restricted_by_partner = customer.restricted_by_partner
            messages.success(
                request,
                f"Restricted by Partner Mode is {'on' if enabled else 'off'} "
                f"for {self.customer.name}.",
            )
            if request.htmx:
                return render(
                    request,
                    "partnerhub/partials/_restricted_mode.html",
                    self.get_context_data(),
                )
            return redirect(request.path)
        if action in {"branding", "branding_reset"}:
            if not user.has_perm(p.ORG_MANAGE_BRANDING_OVERRIDE, self.customer):
                return HttpResponse(status=403)
            if action == "branding_reset":
                customer_branding_reset(customer=self.customer, actor=self.actor)
                messages.success(request, "The customer now uses the partner's branding.")
                return redirect(request.path)
            form = BrandingForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    branding_update(
                        organization=self.customer,
                        actor=self.actor,
                        logos={k: form.cleaned_data.get(k) for k in ("logo_light", "logo_dark")},
                        **{k: form.cleaned_data[k] for k in BRANDING_FIELDS},
                    )
                    messages.success(request, "Branding override saved.")
                    return redirect(request.path)
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return HttpResponse("Unknown action", status=400)


class CustomerTagsView(CustomerTabMixin, TemplateView):
    """Assign tags to a customer; everyone sees them, full and partner admins change them."""

    template_name = "partnerhub/partials/_customer_tags.html"
    write_permission_required = p.PARTNER_MANAGE_TAGS
    customer_write_permission = p.ORG_VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tags"] = [
            link.tag for link in CustomerTag.objects.for_org(self.customer).select_related("tag")
        ]
        context["all_tags"] = Tag.objects.for_org(self.customer.owner)
        context["meeting_site"] = MeetingSite.objects.for_org(self.customer).first()  # CH-13
        return context

    def post(self, request, *args, **kwargs):
        names = [n for n in request.POST.getlist("tags") if n.strip()]
        new = request.POST.get("new_tag", "").strip()
        if new:
            names.append(new)
        error = None
        try:
            customer_tags_set(customer=self.customer, names=names, actor=self.actor)
        except ApplicationError as exc:
            error = exc.message
        context = self.get_context_data()
        context["tag_error"] = error
        context["typed_tag"] = new if error else ""
        return self.render_to_response(context, status=400 if error and not request.htmx else 200)


# --- Create customer wizard (PH-4) ---------------------------------------------------------------


def _templates(partner):
    return OnboardingTemplate.objects.for_org(partner).order_by("name")


class CustomerCreateView(PartnerMixin, TemplateView):
    """ "Create customer": Customer information → Packages → Headquarters location → review."""

    permission_required = p.PARTNER_CREATE_CUSTOMERS
    write_permission_required = p.PARTNER_CREATE_CUSTOMERS
    template_name = "partnerhub/customer_create.html"

    def _render(self, wizard, error=None, status=200):
        context = self.get_context_data(
            wizard=wizard,
            form=wizard.form,
            error=error,
            countries=regions.CHOICES,
            no_templates=not _templates(self.organization).exists(),
        )
        if self.request.htmx and not steps.restoring(self.request):
            # htmx swaps only 2xx answers: errors come back as 200 with the messages inline.
            response = render(self.request, "partnerhub/partials/_customer_create.html", context)
        else:
            response = self.render_to_response(context, status=status)
        return steps.with_step_url(self.request, response, wizard.index)

    def make_form(self, data=None):
        partner = self.organization

        def email_problems(email: str) -> list[str]:
            # Refused at step 1, not at the end: the provisioning precheck's own rule (PV-7).
            return [problem.description for problem in email_precheck(email)]

        return CustomerCreateForm(
            data,
            templates=_templates(partner),
            offered=bought_packages(partner),
            email_problems=email_problems,
        )

    def get(self, request, *args, **kwargs):
        # ?step=N reopens that step with what was typed (Back, refresh); no step starts afresh.
        data = steps.recall(request) if "step" in request.GET else None
        if data is None:
            steps.forget(request)
            form = self.make_form()
            return self._render(Wizard(form, form.STEPS))
        form = self.make_form(data)
        wizard = Wizard(form, form.STEPS, data)
        wizard.resume(steps.requested_step(request))
        return self._render(wizard)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        wizard = Wizard(form, form.STEPS, request.POST)
        steps.remember(request, request.POST)
        if not wizard.advance():
            return self._render(wizard, status=400 if wizard.blocked else 200)
        data = form.cleaned_data
        try:
            customer = customer_provision(
                partner=self.organization,
                actor=self.actor,
                provisioning_id=data["template"].provisioning_id,
                packages=list(form.chosen_packages()),
                package_limits=form.chosen_packages(),
                external_id=data["external_id"],
                address=form.address(),
                name=data["name"],
                primary_email=data["primary_email"],
            )
        except ApplicationError as exc:
            problems = exc.descriptions
            return self._render(wizard, error=" ".join(problems), status=400)
        steps.forget(request)
        url = reverse(
            "partnerhub:customer_detail",
            kwargs={"partner_id": self.organization.pk, "org_id": customer.pk},
        )
        messages.success(request, f"{customer.name} was created; provisioning has started.")
        return redirect_after_post(request, url)


class CustomerPrecheckView(PartnerMixin, View):
    """Inline precheck while typing: duplicate administrator email, unknown country."""

    permission_required = p.PARTNER_CREATE_CUSTOMERS

    def get(self, request, *args, **kwargs):
        warnings = customer_precheck_warnings(
            self.organization,
            primary_email=request.GET.get("primary_email", ""),
            country=request.GET.get("country", ""),
        )
        return render(request, "partnerhub/partials/_precheck.html", {"warnings": warnings})


# --- Set up customer wizard (PH-5) ---------------------------------------------------------------

# Bounded, so a tampered TOTAL_FORMS cannot make the page build thousands of rows (Django's own
# cap is 1,000 above max_num); more users than this go through CSV import (CH-2).
SETUP_MAX_LOCATIONS, SETUP_MAX_USERS = 25, 100
LocationFormSet = formset_factory(
    SetupLocationForm,
    extra=1,
    min_num=0,
    max_num=SETUP_MAX_LOCATIONS,
    absolute_max=SETUP_MAX_LOCATIONS,
    validate_max=True,
)


class BaseUserFormSet(BaseFormSet):
    # Django's "Please submit at least 1 form." is not for people.
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_few_forms": "Add at least one user.",
        "too_many_forms": "Add at most %(num)d users here; import more from a CSV file.",
    }


UserFormSet = formset_factory(
    SetupUserForm,
    formset=BaseUserFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=SETUP_MAX_USERS,
    absolute_max=SETUP_MAX_USERS,
    validate_max=True,
)
SETUP_STEPS = ["Add and confirm locations", "Add users", "Assign phone numbers", "Review"]


class CustomerSetupView(PartnerMixin, PartnerCustomerMixin, TemplateView):
    """ "Set up customer": locations → users → phone numbers → review → "Create users"."""

    permission_required = p.PARTNER_CREATE_CUSTOMERS
    write_permission_required = p.PARTNER_CREATE_CUSTOMERS
    customer_write_permission = p.ORG_MANAGE_USERS
    template_name = "partnerhub/customer_setup.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm(p.ORG_MANAGE_USERS, self.customer):
            return HttpResponse(status=403)
        # ?step=N reopens that step with what was typed (Back, refresh); no step starts afresh.
        data = steps.recall(request) if "step" in request.GET else None
        if data is None:
            steps.forget(request)
            return self._render(0, self._location_formset(None), self._user_formset(None, []))
        loc_fs = self._location_formset(data)
        usr_fs = self._user_formset(data, loc_fs.forms)
        step = min(steps.requested_step(request), len(SETUP_STEPS) - 1)
        if step >= 1 and not loc_fs.is_valid():
            step = 0
        elif step >= 2 and not usr_fs.is_valid():
            step = 1
        return self._render(step, loc_fs, usr_fs, quiet=True)

    # -- building blocks
    def _existing_locations(self):
        return list(Location.objects.for_org(self.customer))

    def _location_formset(self, data, extra_row=False):
        if data is None:
            return LocationFormSet(prefix="loc")
        formset = LocationFormSet(data, prefix="loc")
        if extra_row:
            formset = _grow(LocationFormSet, data, "loc")
        return formset

    def _location_choices(self, location_forms):
        choices = [(str(loc.pk), loc.name) for loc in self._existing_locations()]
        for i, form in enumerate(location_forms):
            name = (form["name"].value() or "").strip()
            if name:
                choices.append((f"new:{i}", f"{name} (new)"))
        return choices

    def _package_choices(self):
        held = package_usage(self.customer)
        return [
            (cp.package, packages.Package(cp.package).label)
            for cp in held
            if packages.Package(cp.package) in packages.SUBSCRIBER_PACKAGES
        ]

    def _user_formset(self, data, location_forms, extra_row=False):
        kwargs = {
            "package_choices": self._package_choices(),
            "location_choices": self._location_choices(location_forms),
        }
        if data is None or "usr-TOTAL_FORMS" not in data:
            return UserFormSet(prefix="usr", form_kwargs=kwargs)
        if extra_row:
            return _grow(UserFormSet, data, "usr", form_kwargs=kwargs)
        return UserFormSet(data, prefix="usr", form_kwargs=kwargs)

    def _render(self, step, loc_fs, usr_fs, error=None, status=200, quiet=False):
        free_numbers = list(
            PhoneNumber.objects.for_org(self.customer)
            .filter(subscriber__isnull=True, workspace__isnull=True)
            .values_list("number", flat=True)[:50]
        )
        context = self.get_context_data(
            step=step,
            steps=SETUP_STEPS,
            loc_fs=loc_fs,
            usr_fs=usr_fs,
            existing_locations=self._existing_locations(),
            free_numbers=free_numbers,
            error=error,
            quiet=quiet,
            calling=[
                packages.needs_calling_number(f["package"].value() or "") for f in usr_fs.forms
            ],
        )
        if self.request.htmx and not steps.restoring(self.request):  # htmx swaps only 2xx
            response = render(self.request, "partnerhub/partials/_customer_setup.html", context)
        else:
            response = render(self.request, self.template_name, context, status=status)
        return steps.with_step_url(self.request, response, step)

    def post(self, request, *args, **kwargs):
        data = request.POST
        steps.remember(request, data)
        try:
            step = max(0, min(int(data.get("_step", 0)), 3))
        except ValueError:
            step = 0
        action = data.get("_action", "next")
        loc_fs = self._location_formset(data, extra_row=action == "add_location")
        loc_valid = loc_fs.is_valid()
        usr_fs = self._user_formset(data, loc_fs.forms, extra_row=action == "add_user")
        if action in {"add_location", "add_user"}:
            return self._render(step, loc_fs, usr_fs, quiet=True)
        if action == "back":
            return self._render(max(0, step - 1), loc_fs, usr_fs, quiet=True)
        if action.startswith("goto:"):
            target = min(step, int(action[5:]) if action[5:].isdigit() else step)
            return self._render(target, loc_fs, usr_fs, quiet=True)
        if not loc_valid:
            return self._render(0, loc_fs, usr_fs, status=400)
        if step >= 1 and not usr_fs.is_valid():
            return self._render(1, loc_fs, usr_fs, status=400)
        if step == 2:
            missing = [
                i
                for i, f in enumerate(usr_fs.forms)
                if f.cleaned_data
                and packages.needs_calling_number(f.cleaned_data["package"])
                and not (f.cleaned_data["phone_number"] or f.cleaned_data["extension"])
            ]
            if missing:
                for i in missing:
                    usr_fs.forms[i].add_error(
                        "phone_number", "A calling package needs a phone number or an extension."
                    )
                return self._render(2, loc_fs, usr_fs, status=400)
        if action != "submit":
            return self._render(step + 1, loc_fs, usr_fs, quiet=step == 0)
        # Rows left empty are skipped; "new:<row>" location references follow the rows kept.
        loc_rows = [i for i, f in enumerate(loc_fs.forms) if f.cleaned_data]
        renumber = {f"new:{row}": f"new:{n}" for n, row in enumerate(loc_rows)}
        usr_rows = [i for i, f in enumerate(usr_fs.forms) if f.cleaned_data]
        users = []
        for i in usr_rows:
            fields = dict(usr_fs.forms[i].cleaned_data)
            fields["location"] = renumber.get(fields["location"], fields["location"])
            users.append(NewUser(**fields))
        try:
            result = customer_set_up(
                customer=self.customer,
                actor=self.actor,
                locations=[NewLocation(**loc_fs.forms[i].cleaned_data) for i in loc_rows],
                users=users,
            )
        except SetupRowError as exc:
            if exc.rows == "locations":
                loc_fs.forms[loc_rows[exc.index]].add_error(None, exc.message)
                return self._render(0, loc_fs, usr_fs, status=400)
            usr_fs.forms[usr_rows[exc.index]].add_error(None, exc.message)
            return self._render(1, loc_fs, usr_fs, status=400)
        except ApplicationError as exc:
            return self._render(3, loc_fs, usr_fs, error=exc.message, status=400)
        messages.success(
            request,
            f"Created {len(result['locations'])} location(s) and {len(result['subscribers'])} "
            f"user(s) in {self.customer.name}.",
        )
        steps.forget(request)
        url = reverse(
            "partnerhub:customer_detail",
            kwargs={"partner_id": self.organization.pk, "org_id": self.customer.pk},
        )
        return redirect_after_post(request, url)


def _grow(formset_class, data, prefix, form_kwargs=None):
    """The same formset with one more empty row (the "Add" buttons), typed rows kept.

    The new row is empty, so it is skipped rather than refused if it is left empty."""
    formset = formset_class(data, prefix=prefix, form_kwargs=form_kwargs or {})
    if not formset.management_form.is_valid():
        return formset  # tampered with: its non-form error says so, and nothing grows
    data = data.copy()
    total = formset.management_form.cleaned_data["TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    return formset_class(data, prefix=prefix, form_kwargs=form_kwargs or {})


class CustomerSetupAssistView(CustomerTabMixin, TemplateView):
    """The "Setup Assist" tab (PH-11): request assisted onboarding of a location (SKU from the
    seat count, six business days ahead, the prerequisites confirmed), each request's progress
    through its phases, and cancel an open one."""

    tab = "setup_assist"
    template_name = "partnerhub/customer_setup_assist.html"
    write_permission_required = p.PARTNER_CREATE_CUSTOMERS
    customer_write_permission = p.ORG_MANAGE_USERS

    def make_form(self, data=None):
        return SetupAssistRequestForm(
            data,
            locations=Location.objects.for_org(self.customer).order_by("name"),
            prerequisites=setup_assist.PREREQUISITES.items(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        requests = list(wholesale_selectors.setup_assist_requests().filter(customer=self.customer))
        for item in requests:
            item.phases = setup_assist.phases_of(item.item)
            item.current = setup_assist.current_phase(item)
        subscription = billing_selectors.subscription_for(self.organization)
        price_list = subscription.price_list if subscription else None
        context.setdefault("form", self.make_form())
        context.update(
            requests=requests,
            enabled=bool(price_list and price_list.setup_assist_enabled_at),
            can_request=self.request.user.has_perm(p.PARTNER_CREATE_CUSTOMERS, self.organization)
            and self.request.user.has_perm(p.ORG_MANAGE_USERS, self.customer),
            lead_days=django_settings.SETUP_ASSIST_LEAD_BUSINESS_DAYS,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        back = reverse(
            "partnerhub:customer_setup_assist",
            kwargs={"partner_id": self.organization.pk, "org_id": self.customer.pk},
        )
        if action == "cancel":
            item = (
                wholesale_selectors.setup_assist_requests()
                .filter(customer=self.customer, pk=posted_id(request, "request"))
                .first()
            )
            if item is None:
                raise Http404("No such request")
            try:
                setup_assist.setup_assist_cancel(request=item, actor=self.actor)
            except ApplicationError as exc:
                return self.render_to_response(
                    self.get_context_data(action_error=exc.message), status=exc.status
                )
            messages.success(request, f"The Setup Assist request for {item.location} is cancelled.")
            return redirect_after_post(request, back)
        if action != "request":
            return self.render_to_response(
                self.get_context_data(action_error="Unknown action."), status=400
            )
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            created = setup_assist.setup_assist_request_create(
                partner=self.organization,
                customer=self.customer,
                location_id=data["location"],
                seats=data["seats"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                target_date=data["target_date"],
                prerequisites=data["prerequisites"],
                actor=self.actor,
            )
        except ApplicationError as exc:
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        messages.success(
            request,
            f"{created.get_item_display()} requested for {created.location.name} "
            f"({created.seats} seats, target {created.target_date.isoformat()}).",
        )
        return redirect_after_post(request, back)
