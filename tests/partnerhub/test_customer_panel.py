"""The customer side panel on the Customers list (issue 16, PH-3): status, packages with
assigned/limit bars, the partner admins assigned, quick actions; fetched by htmx or opened by a
shareable ``?panel=<id>``; another partner's customer is a 404; a fixed number of queries."""

from django.urls import reverse

from partnerhub.services.admins import customer_partner_admin_assign
from portal.access.roles import Role
from portal.audit import Actor
from portal.models import PartnerRoleAssignment
from tests import demo
from tests.factories import CustomerFactory, CustomerPackageFactory, UserFactory

LIST = reverse("partnerhub:customers", kwargs={"partner_id": demo.ACME})


def panel_url(org_id, partner_id=demo.ACME) -> str:
    return reverse("partnerhub:customer_panel", kwargs={"partner_id": partner_id, "org_id": org_id})


def test_panel_shows_status_packages_admins_and_quick_actions(client_for):
    client = client_for(demo.ACME_ADMIN)
    response = client.get(panel_url(demo.CONTOSO), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contoso Dental" in html and 'data-testid="panel-status"' in html
    assert 'role="progressbar"' in html and "licenses assigned" in html
    assert "webex_calling" not in html  # package names, not codes
    assert 'data-testid="panel-admins"' in html
    launch = reverse(
        "partnerhub:customer_launch", kwargs={"partner_id": demo.ACME, "org_id": demo.CONTOSO}
    )
    assert launch in html and "Open Control Hub" in html
    assert f"/partner/{demo.ACME}/customers/{demo.CONTOSO}/" in html
    assert "<html" not in html  # a partial for the offcanvas, not a page


def test_list_rows_open_the_panel_by_htmx_with_a_shareable_url(client_for):
    client = client_for(demo.ACME_ADMIN)
    html = client.get(LIST, {"q": "Contoso"}).content.decode()
    assert f'hx-get="{panel_url(demo.CONTOSO)}"' in html
    assert f"?q=Contoso&amp;panel={demo.CONTOSO}" in html  # hx-push-url: a shareable URL
    shared = client.get(LIST, {"q": "Contoso", "panel": str(demo.CONTOSO)})
    assert shared.status_code == 200
    assert shared.context["panel_customer"].pk == demo.CONTOSO
    assert "data-panel-open" in shared.content.decode()
    # The export link and the filter form do not carry the panel along.
    assert "panel=" not in shared.context["export_query"]


def test_another_partners_customer_is_a_404(client_for):
    other = CustomerFactory(name="Globex Customer", owner_id=demo.GLOBEX)
    client = client_for(demo.ACME_ADMIN)
    assert client.get(panel_url(other.pk)).status_code == 404
    assert client.get(LIST, {"panel": str(other.pk)}).status_code == 404
    assert client.get(LIST, {"panel": "not-an-id"}).status_code == 404
    globex = client_for(demo.GLOBEX_ADMIN)
    assert globex.get(panel_url(demo.CONTOSO, demo.GLOBEX)).status_code == 404


def test_panel_bars_and_admins_reflect_the_customer(client_for):
    customer = CustomerFactory(name="Panel Bars", owner_id=demo.ACME)
    CustomerPackageFactory(customer=customer, package="webex_calling", limit=4)
    admin = UserFactory(email="assigned-panel@acme-telecom.example", first_name="Pat")
    PartnerRoleAssignment.objects.create(user=admin, partner_id=demo.ACME, role=Role.PARTNER_ADMIN)
    client = client_for(demo.ACME_ADMIN)
    customer_partner_admin_assign(customer=customer, user=admin, actor=Actor(None))
    html = client.get(panel_url(customer.pk)).content.decode()
    assert "0 of 4 assigned" in html and 'aria-valuemax="4"' in html
    assert "assigned-panel@acme-telecom.example" in html


def test_panel_query_count_does_not_grow_with_packages_or_admins(
    client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(demo.ACME_ADMIN)
    customer = CustomerFactory(name="Panel Queries", owner_id=demo.ACME)
    CustomerPackageFactory(customer=customer, package="webex_calling", limit=4)
    client.get(panel_url(customer.pk))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as before:
        client.get(panel_url(customer.pk))
    for package in ("webex_meetings", "webex_suite", "common_area_calling"):
        CustomerPackageFactory(customer=customer, package=package, limit=3)
    for n in range(3):
        user = UserFactory(email=f"panel-admin-{n}@acme-telecom.example")
        PartnerRoleAssignment.objects.create(
            user=user, partner_id=demo.ACME, role=Role.PARTNER_ADMIN
        )
        customer_partner_admin_assign(customer=customer, user=user, actor=Actor(None))
    with CaptureQueriesContext(connection) as after:
        client.get(panel_url(customer.pk))
    assert len(after) == len(before)
    with django_assert_max_num_queries(25):
        client.get(panel_url(customer.pk))
