"""Control Hub locations and numbers (FEATURES CH-3, CH-4)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from controlhub import forms as f
from controlhub import selectors
from controlhub.filtersets import NumberFilterSet
from controlhub.models import Location, PstnOption
from controlhub.services import locations
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.errors import ApplicationError
from portal.pages import redirect_after_post

# --- Locations and numbers -----------------------------------------------------------------


def pstn_options(user, organization) -> set[str]:
    """The PSTN options `user` may choose for a location (the current one is kept on top)."""
    if not user.has_perm(p.ORG_MANAGE_PSTN, organization):
        return set()  # greyed for customer admins whatever the mode (seed 001, CH-14)
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
            pstn_locked=self.reason(p.ORG_MANAGE_PSTN),
            recording_locked=self.reason(p.ORG_MANAGE_CALL_RECORDING),
        )

    def get_context_data(self, **kwargs):
        location = self.location
        kwargs.setdefault("form", self.make_form())
        kwargs["location"] = location
        if location is not None:
            numbers = selectors.number_list(self.organization).filter(location=location)
            kwargs["numbers"] = numbers[:12]
        return super().get_context_data(**kwargs)

    def refuse_partner_managed_changes(self, request, location) -> None:
        """403 for a change to a control the admin sees greyed or hidden. A field left out of
        the POST (a disabled control is not sent) keeps its value."""
        current = location.pstn_option if location else ""
        chosen = request.POST.get("pstn_option", current)
        if chosen != current and chosen not in pstn_options(request.user, self.organization):
            raise PermissionDenied("That PSTN option is not available to you.")
        user, org = request.user, self.organization
        vendor = location.pstn_vendor if location else ""
        if request.POST.get("pstn_vendor", vendor) != vendor and not user.has_perm(
            p.ORG_MANAGE_PSTN, org
        ):
            raise PermissionDenied("Only your partner's administrators manage the PSTN.")
        recording = bool(location and location.call_recording_enabled)
        if (
            request.POST.get("call_recording_enabled")
            and not recording
            and not user.has_perm(p.ORG_MANAGE_CALL_RECORDING, org)
        ):
            raise PermissionDenied("Only your partner's administrators manage call recording.")

    def post(self, request, *args, **kwargs):
        location = self.location
        self.refuse_partner_managed_changes(request, location)
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
        return redirect_after_post(request, self.url("locations"))


class NumberListView(Page):
    permission_required = p.ORG_VIEW_NUMBERS
    template_name = "controlhub/numbers/list.html"
    partial_template_name = "controlhub/partials/_number_table.html"
    paginate_by = 50
    filterset_class = NumberFilterSet

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(
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
        return redirect_after_post(
            request, self.url("numbers") + f"?location={form.cleaned_data['location'].pk}"
        )
