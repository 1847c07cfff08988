"""Partner Hub pages: every form's validation, access on writes, htmx partials, query counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controlhub.models import Subscriber
from partnerhub.models import Branding, CustomerTag, OidcIdentityProvider, SamlIdentityProvider, Tag
from portal.access.roles import Role
from portal.models import AuditEvent, Customer, CustomerPackage, OnboardingTemplate, User
from tests import demo
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name, **kwargs):
    return reverse(f"partnerhub:{name}", kwargs={"partner_id": demo.ACME, **kwargs})


def curl(name, customer=demo.CONTOSO, **kwargs):
    return url(name, org_id=customer, **kwargs)


# --- Customers list (PH-3) -----------------------------------------------------------------------


def rows(response):
    return [c.name for c in response.context["customers"]]


def test_customer_list_is_paginated_searchable_and_htmx_gets_the_partial(client_for):
    client = client_for(demo.ACME_ADMIN)
    page = client.get(url("customers"))
    assert page.status_code == 200
    assert page.context["page"].paginator.count > 20 and len(rows(page)) == 20
    assert b'type="search"' in page.content and b'for="customer-search"' in page.content
    assert b"Start Trial" in page.content  # says why there is none
    second = client.get(url("customers"), {"page": 2})
    assert set(rows(second)).isdisjoint(rows(page))
    by_name = client.get(url("customers"), {"q": "contoso d"})
    assert rows(by_name) == ["Contoso Dental"]
    by_external_id = client.get(url("customers"), {"q": "ACME-0002"})
    assert rows(by_external_id) == ["Fabrikam Law"]
    partial = client.get(url("customers"), {"q": "fabrikam"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"Fabrikam Law" in partial.content


@pytest.mark.parametrize(
    ("params", "expected", "unexpected"),
    [
        ({"status": "license_overage"}, "Blue Yonder Airlines", "Adatum Clinics"),
        ({"status": "expired"}, "Trey Research", "Adatum Clinics"),
        ({"status": "expiring_soon"}, "Margie's Travel", "Trey Research"),
        ({"status": "suspended"}, "Fourth Coffee", "Adatum Clinics"),
        ({"status": "ready_for_order_setup"}, "Coho Winery", "Adatum Clinics"),
        ({"status": "no_recent_activity"}, "Bellows College", "Adatum Clinics"),
        ({"status": "active"}, "Adatum Clinics", "Bellows College"),
        ({"status": "pending_rpl_review"}, "Northwind Dental Group", "Adatum Clinics"),
        ({"product": "cx_essentials"}, "Proseware Labs", "Adatum Clinics"),
        ({"managed_by": str(demo.NORTHWIND)}, "Tailspin Traders", "Contoso Dental"),
        ({"managed_by": "all"}, "Tailspin Traders", "Nobody"),
    ],
)
def test_customer_list_filters(client_for, params, expected, unexpected):
    response = client_for(demo.ACME_ADMIN).get(url("customers"), {**params, "q": ""})
    names = [c.name for c in response.context["page"].paginator.object_list]
    assert expected in names and unexpected not in names


def test_sub_partner_customers_are_listed_only_when_asked_for(client_for):
    names = [
        c.name
        for c in client_for(demo.ACME_ADMIN)
        .get(url("customers"))
        .context["page"]
        .paginator.object_list
    ]
    assert "Tailspin Traders" not in names


def test_tag_filter_and_trial_filter_says_why_it_is_empty(client_for):
    client = client_for(demo.ACME_ADMIN)
    legal = Tag.objects.get(partner_id=demo.ACME, name="Legal")
    names = [
        c.name
        for c in client.get(url("customers"), {"tag": legal.pk})
        .context["page"]
        .paginator.object_list
    ]
    assert "Fabrikam Law" in names and "Contoso Dental" not in names
    trials = client.get(url("customers"), {"subscription_type": "trial"})
    assert rows(trials) == [] and b'data-testid="no-trials"' in trials.content


def test_assigned_partner_admin_lists_only_assigned_customers(client_for):
    response = client_for(demo.ACME_SALES).get(url("customers"))
    assert rows(response) == ["Contoso Dental"]


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_customer_list_query_count_does_not_grow_with_rows(client_for):
    client = client_for(demo.ACME_ADMIN)
    path = url("customers") + "?q=zz-load"
    acme_id = demo.ACME
    legal = Tag.objects.get(partner_id=acme_id, name="Legal")

    def add(n):
        customer = CustomerFactory(owner_id=acme_id, name=f"zz-load {n}")
        CustomerPackage.objects.create(customer=customer, package="webex_calling", limit=1)
        CustomerTag.objects.create(customer=customer, tag=legal)

    add(0)
    before = _count_queries(client, path)
    for n in range(1, 9):
        add(n)
    after = _count_queries(client, path)
    assert after == before


def test_template_and_tag_lists_query_counts_do_not_grow(client_for):
    client = client_for(demo.ACME_ADMIN)
    before = (_count_queries(client, url("templates")), _count_queries(client, url("tags")))
    for n in range(5):
        OnboardingTemplate.objects.create(
            partner_id=demo.ACME, name=f"Load {n}", subscription_id="S"
        )
        Tag.objects.create(partner_id=demo.ACME, name=f"load {n}")
    after = (_count_queries(client, url("templates")), _count_queries(client, url("tags")))
    assert after == before


# --- Launch and customer detail ------------------------------------------------------------------


def test_launch_is_audited_and_lands_in_control_hub(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.post(curl("customer_launch"))
    assert response.status_code == 302
    assert response["Location"] == reverse("controlhub:overview", kwargs={"org_id": demo.CONTOSO})
    assert AuditEvent.objects.filter(customer_id=demo.CONTOSO, action="customer.launch").exists()


def test_assigned_partner_admin_cannot_open_an_unassigned_customer(client_for):
    client = client_for(demo.ACME_SALES)
    assert client.get(curl("customer_detail", customer=demo.FABRIKAM)).status_code == 404
    assert client.post(curl("customer_launch", customer=demo.FABRIKAM)).status_code == 404


def test_status_partial_polls_while_provisioning_and_stops_when_settled(client_for):
    client = client_for(demo.ACME_ADMIN)
    Customer.objects.filter(pk=demo.CONTOSO).update(status="provisioning")
    polling = client.get(curl("customer_status"))
    assert b'hx-trigger="every 2s"' in polling.content
    Customer.objects.filter(pk=demo.CONTOSO).update(status="pending_rpl_review")
    held = client.get(curl("customer_status"))
    assert b"every 2s" not in held.content and b"Held for compliance screening" in held.content


def test_subscriptions_tab_shows_assigned_against_limit(client_for):
    response = client_for(demo.ACME_READONLY).get(curl("customer_subscriptions"))
    usage = {cp.package: (cp.assigned, cp.limit) for cp in response.context["usage"]}
    held = Subscriber.objects.filter(
        customer_id=demo.CONTOSO, package="webex_calling", removed_at=None
    )
    assert usage["webex_calling"] == (held.count(), 40)


# --- Restricted by Partner Mode (PH-7) ------------------------------------------------------------


def test_restricted_mode_toggle_is_audited_and_htmx_gets_the_partial(client_for):
    client = client_for(demo.ACME_ADMIN)
    # The confirmation asks for a reason (issue 16): without one nothing changes.
    refused = client.post(curl("customer_settings"), {"action": "restricted_mode"}, follow=True)
    assert "Give the reason" in refused.content.decode()
    assert Customer.objects.get(pk=demo.CONTOSO).restricted_by_partner
    off = client.post(
        curl("customer_settings"),
        {"action": "restricted_mode", "reason": "Customer runs its own PBX"},
        HTTP_HX_REQUEST="true",
    )
    assert off.status_code == 200 and b"<html" not in off.content
    assert not Customer.objects.get(pk=demo.CONTOSO).restricted_by_partner
    client.post(
        curl("customer_settings"), {"action": "restricted_mode", "enabled": "on", "reason": "Back"}
    )
    assert Customer.objects.get(pk=demo.CONTOSO).restricted_by_partner
    event = AuditEvent.objects.get(customer_id=demo.CONTOSO, action="customer.restricted_mode_off")
    assert event.after["reason"] == "Customer runs its own PBX"
    actions = AuditEvent.objects.filter(
        customer_id=demo.CONTOSO, action__startswith="customer.restricted"
    )
    assert sorted(actions.values_list("action", flat=True)) == [
        "customer.restricted_mode_off",
        "customer.restricted_mode_on",
    ]


def test_readonly_admin_cannot_toggle_restricted_mode_but_assigned_admin_can(client_for):
    response = client_for(demo.ACME_READONLY).post(
        curl("customer_settings"), {"action": "restricted_mode"}
    )
    assert response.status_code == 403
    assert Customer.objects.get(pk=demo.CONTOSO).restricted_by_partner
    sales = client_for(demo.ACME_SALES).post(
        curl("customer_settings"), {"action": "restricted_mode", "reason": "Assigned"}
    )
    assert sales.status_code == 302
    assert not Customer.objects.get(pk=demo.CONTOSO).restricted_by_partner


# --- Partner admins tab ---------------------------------------------------------------------------


def test_partner_admins_tab_adds_and_removes_assigned_admins(client_for):
    client = client_for(demo.ACME_ADMIN)
    pat = User.objects.get(email="pat@acme-telecom.example")
    client.post(curl("customer_partner_admins"), {"action": "add", "user": pat.pk})
    assert pat in client.get(curl("customer_partner_admins")).context["assigned"]
    client.post(curl("customer_partner_admins"), {"action": "remove", "user": pat.pk})
    assert pat not in client.get(curl("customer_partner_admins")).context["assigned"]


def test_partner_admins_tab_refuses_readonly_and_unknown_people(client_for):
    readonly = client_for(demo.ACME_READONLY)
    pat = User.objects.get(email="pat@acme-telecom.example")
    assert (
        readonly.post(
            curl("customer_partner_admins"), {"action": "add", "user": pat.pk}
        ).status_code
        == 403
    )
    admin = client_for(demo.ACME_ADMIN)
    outsider = User.objects.get(email=demo.GLOBEX_ADMIN)
    response = admin.post(
        curl("customer_partner_admins"), {"action": "add", "user": outsider.pk}, follow=True
    )
    assert b"Choose a partner administrator from the list" in response.content


# --- Tags (PH-12) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [("", b"This field is required"), ("x" * 26, b"at most 25"), ("legal", b"already a tag")],
)
def test_tag_create_validation_keeps_input(client_for, name, message):
    response = client_for(demo.ACME_ADMIN).post(url("tags"), {"action": "create", "name": name})
    assert response.status_code == 400 and message in response.content


def test_tags_create_rename_delete_and_readonly_is_refused(client_for):
    client = client_for(demo.ACME_ADMIN)
    client.post(url("tags"), {"action": "create", "name": "Gold"})
    gold = Tag.objects.get(partner_id=demo.ACME, name="Gold")
    client.post(url("tags"), {"action": "rename", "tag": gold.pk, "name": "Platinum"})
    gold.refresh_from_db()
    assert gold.name == "Platinum"
    clash = client.post(url("tags"), {"action": "rename", "tag": gold.pk, "name": "Legal"})
    assert clash.status_code == 400 and b'value="Legal"' in clash.content
    client.post(url("tags"), {"action": "delete", "tag": gold.pk})
    assert not Tag.objects.filter(pk=gold.pk).exists()
    assert client_for(demo.ACME_READONLY).post(url("tags"), {"name": "Nope"}).status_code == 403


def test_partner_admin_assigns_tags_but_not_more_than_five(client_for):
    client = client_for(demo.ACME_SALES)
    ok = client.post(curl("customer_tags"), {"tags": ["Legal"], "new_tag": "VIP"})
    assert ok.status_code == 200
    names = set(
        CustomerTag.objects.filter(customer_id=demo.CONTOSO).values_list("tag__name", flat=True)
    )
    assert names == {"Legal", "VIP"}
    too_many = client.post(
        curl("customer_tags"),
        {"tags": ["Legal", "Retail", "Priority", "Healthcare", "VIP"], "new_tag": "Sixth"},
    )
    assert too_many.status_code == 400 and b"at most 5 tags" in too_many.content
    assert b'value="Sixth"' in too_many.content
    assert (
        client_for(demo.ACME_READONLY).post(curl("customer_tags"), {"tags": []}).status_code == 403
    )


# --- Template wizard (PH-2) -----------------------------------------------------------------------

TEMPLATE = {
    "name": "Wizard Template",
    "default_language": "en_US",
    "default_country": "US",
    "subscription_id": "Sub-ACME-0001",
    "authentication_mode": "webex",
    "pstn_vendor": "",
    "timezone": "America/New_York",
    "voicemail_enabled": "on",
}


def test_template_wizard_step_validation_and_submit(client_for):
    client = client_for(demo.ACME_ADMIN)
    missing = client.post(
        url("template_create"), {**TEMPLATE, "name": "", "_step": 0, "_action": "next"}
    )
    assert missing.status_code == 400 and missing.context["wizard"].index == 0
    assert b"This field is required" in missing.content
    saml = client.post(
        url("template_create"),
        {
            **TEMPLATE,
            "authentication_mode": "partner_sso_saml",
            "idp_entity_id": "",
            "_step": 1,
            "_action": "next",
        },
    )
    assert saml.status_code == 400 and b"IdP entity ID" in saml.content
    assert saml.context["form"]["name"].value() == "Wizard Template"  # typed input kept
    forward = client.post(url("template_create"), {**TEMPLATE, "_step": 2, "_action": "next"})
    assert forward.context["wizard"].index == 3
    back = client.post(url("template_create"), {**TEMPLATE, "_step": 3, "_action": "back"})
    assert back.context["wizard"].index == 2
    done = client.post(url("template_create"), {**TEMPLATE, "_step": 4, "_action": "submit"})
    template = OnboardingTemplate.objects.get(partner_id=demo.ACME, name="Wizard Template")
    assert done.status_code == 302 and str(template.pk) in done["Location"]
    duplicate = client.post(url("template_create"), {**TEMPLATE, "_step": 4, "_action": "submit"})
    assert duplicate.status_code == 400 and b"already has a template" in duplicate.content


def test_template_edit_and_delete_refused_while_customers_use_it(client_for):
    client = client_for(demo.ACME_ADMIN)
    smb = OnboardingTemplate.objects.get(provisioning_id="acme-smb-calling")
    detail = client.get(url("template_detail", template_id=smb.pk))
    assert b"cannot be deleted" in detail.content and b"acme-smb-calling" in detail.content
    refused = client.post(url("template_delete", template_id=smb.pk), follow=True)
    assert b"cannot be deleted" in refused.content
    assert OnboardingTemplate.objects.filter(pk=smb.pk).exists()
    unused = OnboardingTemplate.objects.create(
        partner_id=demo.ACME, name="Unused", subscription_id="S"
    )
    edited = client.post(
        url("template_edit", template_id=unused.pk),
        {**TEMPLATE, "name": "Unused v2", "_step": 4, "_action": "submit"},
    )
    assert edited.status_code == 302
    unused.refresh_from_db()
    assert unused.name == "Unused v2"
    client.post(url("template_delete", template_id=unused.pk))
    assert not OnboardingTemplate.objects.filter(pk=unused.pk).exists()


def test_template_writes_refused_to_readonly_and_partner_admins(client_for):
    for email in (demo.ACME_READONLY, demo.ACME_SALES):
        response = client_for(email).post(
            url("template_create"), {**TEMPLATE, "_action": "submit", "_step": 4}
        )
        assert response.status_code == 403


# --- Create customer wizard (PH-4) ----------------------------------------------------------------


def _customer_data(**changes):
    template = OnboardingTemplate.objects.get(provisioning_id="acme-smb-calling")
    return {
        "name": "Wizard Co",
        "primary_email": "admin@wizard-co.example",
        "template": template.pk,
        "external_id": "",
        "pkg_webex_calling": "on",
        "qty_webex_calling": "10",
        "address_line1": "1 Main St",
        "city": "Springfield",
        "country": "US",
        "supported_location": "on",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "step", "message"),
    [
        ({"name": ""}, 0, b"This field is required"),
        ({"primary_email": "not-an-email"}, 0, b"valid email"),
        ({"pkg_webex_calling": ""}, 1, b"Choose at least one package"),
        ({"qty_webex_calling": ""}, 1, b"Enter how many licenses"),
        ({"country": "ZZ"}, 2, b"Unknown country"),
        ({"supported_location": ""}, 2, b"This field is required"),
    ],
)
def test_create_customer_wizard_validation_keeps_input(client_for, changes, step, message):
    data = {**_customer_data(**changes), "_step": 3, "_action": "submit"}
    response = client_for(demo.ACME_ADMIN).post(url("customer_create"), data)
    assert response.status_code == 400
    assert response.context["wizard"].index == step and message in response.content
    assert response.context["form"]["city"].value() == "Springfield"


def test_create_customer_submits_to_provisioning_and_shows_the_customer(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.post(
        url("customer_create"), {**_customer_data(), "_step": 3, "_action": "submit"}
    )
    customer = Customer.objects.get(name="Wizard Co")
    assert response.status_code == 302 and str(customer.pk) in response["Location"]
    assert customer.packages.get().limit == 10
    assert customer.subscription.subscription_id == "Sub-ACME-0001"
    duplicate = client.post(
        url("customer_create"),
        {**_customer_data(name="Wizard Two"), "_step": 3, "_action": "submit"},
    )
    assert duplicate.status_code == 400 and b"already" in duplicate.content


def test_precheck_warns_about_duplicate_email_and_unknown_country(client_for):
    client = client_for(demo.ACME_ADMIN)
    dup = client.get(url("customer_precheck"), {"primary_email": demo.FABRIKAM_ADMIN})
    assert b"precheck-warning" in dup.content
    assert (
        b"precheck-warning"
        not in client.get(url("customer_precheck"), {"primary_email": "new@x.example"}).content
    )
    assert b"Unknown country" in client.get(url("customer_precheck"), {"country": "QQ"}).content


# --- Set up customer wizard (PH-5) ----------------------------------------------------------------


def _setup(users, locations=(), step=3, action="submit"):
    data = {
        "_step": step,
        "_action": action,
        "loc-TOTAL_FORMS": len(locations),
        "loc-INITIAL_FORMS": 0,
        "usr-TOTAL_FORMS": len(users),
        "usr-INITIAL_FORMS": 0,
    }
    for i, loc in enumerate(locations):
        data.update({f"loc-{i}-{k}": v for k, v in loc.items()})
    for i, user in enumerate(users):
        data.update({f"usr-{i}-{k}": v for k, v in user.items()})
    return data


HQ = str(
    __import__("portal.demo", fromlist=["demo_id"]).demo_id(
        "location", "Contoso Dental/Headquarters"
    )
)
USER = {
    "first_name": "Zed",
    "last_name": "Zulu",
    "email": "zed@contoso-dental.example",
    "package": "webex_meetings",
    "location": HQ,
    "phone_number": "",
    "extension": "",
}
BRANCH = {
    "name": "Lakeside",
    "address_line1": "9 Lake Rd",
    "city": "Springfield",
    "country": "US",
    "timezone": "America/Chicago",
    "state_or_province": "",
    "zip_or_postal_code": "",
}


def test_set_up_creates_locations_and_users(client_for):
    client = client_for(demo.ACME_ADMIN)
    data = _setup(
        [
            {**USER, "location": "new:0"},
            {
                **USER,
                "email": "amy@contoso-dental.example",
                "package": "webex_calling",
                "extension": "4455",
            },
        ],
        [BRANCH],
    )
    response = client.post(curl("customer_setup"), data)
    assert response.status_code == 302
    zed = Subscriber.objects.get(email="zed@contoso-dental.example")
    assert zed.location.name == "Lakeside"


def test_set_up_row_errors_keep_what_was_typed(client_for):
    client = client_for(demo.ACME_ADMIN)
    missing = client.post(
        curl("customer_setup"), _setup([{**USER, "last_name": ""}], step=1, action="next")
    )
    assert missing.status_code == 400 and missing.context["step"] == 1
    assert b'value="zed@contoso-dental.example"' in missing.content
    calling = client.post(
        curl("customer_setup"),
        _setup([{**USER, "package": "webex_calling"}], step=2, action="next"),
    )
    assert calling.status_code == 400 and b"needs a phone number or an extension" in calling.content
    taken = client.post(
        curl("customer_setup"), _setup([USER, {**USER, "email": demo.FABRIKAM_ADMIN}])
    )
    assert taken.status_code == 400 and taken.context["step"] == 1
    assert b"Row 2" in taken.content and b'value="zed@contoso-dental.example"' in taken.content
    assert not Subscriber.objects.filter(
        email="zed@contoso-dental.example"
    ).exists()  # all or nothing
    bad_location = client.post(
        curl("customer_setup"), _setup([USER], [{**BRANCH, "name": "Headquarters"}])
    )
    assert bad_location.status_code == 400 and bad_location.context["step"] == 0
    assert b"already has a location called Headquarters" in bad_location.content


def test_set_up_is_refused_to_readonly(client_for):
    client = client_for(demo.ACME_READONLY)
    assert client.get(curl("customer_setup")).status_code == 403
    assert client.post(curl("customer_setup"), _setup([USER])).status_code == 403


# --- Admins (PH-1) --------------------------------------------------------------------------------


def test_admins_invite_change_roles_remove(client_for):
    client = client_for(demo.ACME_ADMIN)
    invalid = client.post(url("admins"), {"action": "invite", "email": "nope", "roles": []})
    assert invalid.status_code == 400 and b'value="nope"' in invalid.content
    client.post(
        url("admins"),
        {
            "action": "invite",
            "email": "new@acme-telecom.example",
            "roles": [Role.PARTNER_READONLY_ADMIN],
        },
    )
    new = User.objects.get(email="new@acme-telecom.example")
    assert not new.has_usable_password()
    again = client.post(
        url("admins"),
        {"action": "invite", "email": "new@acme-telecom.example", "roles": [Role.PARTNER_ADMIN]},
    )
    assert again.status_code == 400 and b"already an administrator" in again.content
    client.post(url("admins"), {"action": "roles", "user": new.pk, "roles": [Role.PARTNER_ADMIN]})
    assert list(new.partner_roles.values_list("role", flat=True)) == [Role.PARTNER_ADMIN]
    client.post(url("admins"), {"action": "remove", "user": new.pk})
    assert not new.partner_roles.exists()


def test_admins_keep_a_full_admin_and_readonly_cannot_change(client_for):
    admin = User.objects.get(email=demo.ACME_ADMIN)
    response = client_for(demo.ACME_ADMIN).post(
        url("admins"),
        {"action": "roles", "user": admin.pk, "roles": [Role.WHOLESALE_ADMIN]},
        follow=True,
    )
    assert b"needs at least one partner full administrator" in response.content
    readonly = client_for(demo.ACME_READONLY)
    assert readonly.get(url("admins")).status_code == 200
    assert readonly.post(url("admins"), {"action": "remove", "user": admin.pk}).status_code == 403


# --- Branding (PH-6) ------------------------------------------------------------------------------

BRANDING = {
    "light_primary_color": "#112233",
    "light_accent_color": "#445566",
    "dark_primary_color": "#778899",
    "dark_accent_color": "#aabbcc",
    "support_url": "https://help.example",
}


def _upload(name, content):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_branding_validates_logos_and_serves_them_to_admins_only(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(demo.ACME_ADMIN)
    svg = client.post(
        url("branding"), {**BRANDING, "logo_light": _upload("logo.svg", b"<svg onload='x'/>")}
    )
    assert svg.status_code == 400 and b"not a PNG, JPEG, GIF or WebP" in svg.content
    big = client.post(
        url("branding"), {**BRANDING, "logo_light": _upload("big.png", PNG + b"\x00" * 600_000)}
    )
    assert big.status_code == 400 and b"at most 512 KB" in big.content
    colour = client.post(url("branding"), {**BRANDING, "light_primary_color": "blue"})
    assert colour.status_code == 400 and b"#RRGGBB" in colour.content
    ok = client.post(url("branding"), {**BRANDING, "logo_light": _upload("logo.png", PNG)})
    assert ok.status_code == 302
    assert Branding.objects.get(partner_id=demo.ACME).light_primary_color == "#112233"
    logo = client_for(demo.ACME_READONLY).get(url("branding_logo", kind="logo_light"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert (
        client_for(demo.GLOBEX_ADMIN).get(url("branding_logo", kind="logo_light")).status_code
        == 404
    )
    assert client_for(demo.ACME_READONLY).post(url("branding"), BRANDING).status_code == 403


def test_customer_branding_override_and_reset(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(demo.ACME_ADMIN)
    client.post(
        curl("customer_settings"),
        {"action": "branding", **BRANDING, "support_url": "https://contoso.example/help"},
    )
    assert (
        Branding.objects.get(customer_id=demo.CONTOSO).support_url == "https://contoso.example/help"
    )
    client.post(curl("customer_settings"), {"action": "branding_reset"})
    assert not Branding.objects.filter(customer_id=demo.CONTOSO).exists()
    readonly = client_for(demo.ACME_READONLY).post(
        curl("customer_settings"), {"action": "branding", **BRANDING}
    )
    assert readonly.status_code == 403


# --- Partner SSO (PH-10) --------------------------------------------------------------------------

METADATA = b"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
 entityID="https://idp.example/x">
<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:SingleSignOnService Binding="b" Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<not-xml", b"not well-formed XML"),
        (b"<root/>", b"not SAML 2.0 metadata"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', b"must not contain a DOCTYPE"),
        (METADATA.replace(b'entityID="https://idp.example/x"', b""), b"no entityID"),
    ],
)
def test_saml_metadata_errors_are_clear(client_for, content, message):
    response = client_for(demo.ACME_ADMIN).post(
        url("sso"), {"action": "saml", "metadata": _upload("m.xml", content)}
    )
    assert response.status_code == 400 and message in response.content


def test_saml_metadata_entity_id_is_read_and_offered_by_templates(client_for):
    client = client_for(demo.ACME_ADMIN)
    assert (
        client.post(
            url("sso"), {"action": "saml", "metadata": _upload("m.xml", METADATA)}
        ).status_code
        == 302
    )
    assert (
        SamlIdentityProvider.objects.get(partner_id=demo.ACME).entity_id == "https://idp.example/x"
    )
    wizard = client.post(url("template_create"), {**TEMPLATE, "_step": 0, "_action": "next"})
    assert b"https://idp.example/x" in wizard.content


OIDC = {
    "action": "oidc",
    "name": "acme-idp",
    "client_id": "c",
    "client_secret": "s",
    "scopes": "openid email",
    "discovery_endpoint": "https://idp.example/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "bad name!"}, b"letters, numbers, hyphens"),
        ({"name": "x" * 129}, b"at most 128"),
        ({"scopes": "openid profile"}, b"missing: email"),
        ({"discovery_endpoint": ""}, b"authorization endpoint is required"),
        (
            {"discovery_endpoint": "", "authorization_endpoint": "https://a.example/auth"},
            b"token endpoint is required",
        ),
        ({"token_endpoint": "http://insecure.example"}, b"https://"),
    ],
)
def test_oidc_validation_rules(client_for, changes, message):
    response = client_for(demo.ACME_ADMIN).post(url("sso"), {**OIDC, **changes})
    assert response.status_code == 400 and message in response.content


def test_oidc_saves_and_readonly_cannot(client_for):
    assert client_for(demo.ACME_ADMIN).post(url("sso"), OIDC).status_code == 302
    assert OidcIdentityProvider.objects.get(partner_id=demo.ACME).name == "acme-idp"
    assert client_for(demo.ACME_READONLY).post(url("sso"), OIDC).status_code == 403
