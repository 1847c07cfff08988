"""Control Hub devices (FEATURES CH-10): Devices list, add, one device's page.

A generic SIP device's password is shown once: the service returns it, the view keeps it in the
session until the device's page has been shown once (with the configuration file to download,
built from it), and only its hash is stored."""

import base64

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from controlhub import forms as f
from controlhub import selectors
from controlhub.filtersets import DeviceFilterSet
from controlhub.models import Device
from controlhub.services import devices as device_services
from controlhub.views.base import Page
from portal.access import permissions as p
from portal.errors import ApplicationError
from portal.pages import ServiceFormMixin, redirect_after_post

_SECRETS = "device_secrets"


def keep_secret(request, device: Device, password: str) -> None:
    secrets = request.session.get(_SECRETS, {})
    secrets[str(device.pk)] = password
    request.session[_SECRETS] = secrets


def take_secret(request, device: Device) -> str | None:
    secrets = request.session.get(_SECRETS, {})
    password = secrets.pop(str(device.pk), None)
    if password is not None:
        request.session[_SECRETS] = secrets
    return password


class DeviceListView(Page):
    permission_required = p.ORG_VIEW_DEVICES
    template_name = "controlhub/devices/list.html"
    partial_template_name = "controlhub/partials/_device_table.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        filterset = DeviceFilterSet(
            self.request.GET, queryset=selectors.device_list(self.organization)
        )
        kwargs.update(self.filtered_page(filterset, self.paginate_by))
        return super().get_context_data(**kwargs)


class DeviceAddView(ServiceFormMixin, Page):
    permission_required = p.ORG_MANAGE_DEVICES
    write_permission_required = p.ORG_MANAGE_DEVICES
    template_name = "controlhub/devices/add.html"
    success_message = "Added the device."

    def make_form(self):
        return f.DeviceForm(self.request.POST, customer=self.organization)

    def get_context_data(self, **kwargs):
        initial = {"method": self.request.GET.get("method", "mac")}
        if self.request.GET.get("owner"):
            initial["owner"] = self.request.GET["owner"]
        kwargs.setdefault("form", f.DeviceForm(initial=initial, customer=self.organization))
        return super().get_context_data(**kwargs)

    def apply(self, form):
        data = form.cleaned_data
        owner = form.owner_kwargs(self.organization)
        common = {
            "customer": self.organization,
            "actor": self.actor,
            "display_name": data["display_name"],
            **owner,
        }
        method = data["method"]
        if method == "generic_sip":
            self.device, password = device_services.device_add_generic_sip(**common)
            keep_secret(self.request, self.device, password)
            self.success_message = "Added the device. Save its SIP password now: it is shown once."
            return
        if not data["model"]:
            raise ApplicationError("Choose the device's model.", field="model")
        if method == "mac":
            self.device = device_services.device_add_by_mac(
                model=data["model"], mac=data["mac"], **common
            )
        else:
            self.device = device_services.device_add_by_activation_code(
                model=data["model"], **common
            )

    def get_success_url(self):
        return self.url("device", device_id=self.device.pk)


class DeviceMixin:
    @property
    def device(self) -> Device:
        if not hasattr(self, "_device"):
            self._device = get_object_or_404(
                selectors.device_list(self.organization), pk=self.kwargs["device_id"]
            )
        return self._device


class DeviceDetailView(DeviceMixin, Page):
    permission_required = p.ORG_VIEW_DEVICES
    template_name = "controlhub/devices/detail.html"

    def get_context_data(self, **kwargs):
        device = self.device
        password = take_secret(self.request, device)
        if password is not None:
            config = device_services.config_file(device, password)
            kwargs.update(
                password=password,
                config=config,
                config_href="data:text/plain;base64," + base64.b64encode(config.encode()).decode(),
                config_name=f"{device.sip_username}.cfg",
            )
        kwargs["device"] = device
        return super().get_context_data(**kwargs)


class DeviceRegenerateView(DeviceMixin, Page):
    permission_required = p.ORG_MANAGE_DEVICES
    write_permission_required = p.ORG_MANAGE_DEVICES

    def get(self, request, *args, **kwargs):
        return redirect(self.url("device", device_id=self.device.pk))

    def post(self, request, *args, **kwargs):
        try:
            password = device_services.device_regenerate_credentials(
                device=self.device, actor=self.actor
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            keep_secret(request, self.device, password)
            messages.success(request, "New SIP credentials: the old password no longer works.")
        return redirect_after_post(request, self.url("device", device_id=self.device.pk))


class DeviceRemoveView(DeviceMixin, Page):
    permission_required = p.ORG_MANAGE_DEVICES
    write_permission_required = p.ORG_MANAGE_DEVICES

    def get(self, request, *args, **kwargs):
        return redirect(self.url("device", device_id=self.device.pk))

    def post(self, request, *args, **kwargs):
        name = str(self.device)
        device_services.device_remove(device=self.device, actor=self.actor)
        messages.success(request, f"Removed {name}.")
        return redirect_after_post(request, self.url("devices"))
