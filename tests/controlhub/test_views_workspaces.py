"""Control Hub → Calling → Workspaces (CH-12): pages, errors that keep what was typed, tenancy,
the user-and-device administrator, and a list whose query count does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controlhub.demo import USER_DEVICE_ADMIN
from controlhub.models import Location, PackageAssignment, PhoneNumber, Workspace
from tests import demo

pytestmark = pytest.mark.django_db


def url(name, org=demo.FABRIKAM, **kwargs):
    return reverse(f"controlhub:{name}", kwargs={"org_id": org, **kwargs})


def form(**overrides):
    data = {
        "name": "Front door",
        "location": str(demo.FABRIKAM_HQ),
        "package": ["common_area_calling"],
        "phone_number": "+1 415 555 0199",
        "extension": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def fabrikam(client_for):
    return client_for(demo.FABRIKAM_ADMIN)


def test_the_list_shows_the_demo_workspaces_and_the_nav_links_it(fabrikam):
    response = fabrikam.get(url("workspaces"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lobby phone" in html and "Conference room" in html
    assert url("workspaces") in html  # the Calling section's entry
    assert "Reception" not in html  # Contoso's


def test_adding_a_workspace_with_a_number_starts_its_billing(fabrikam):
    response = fabrikam.post(url("workspace_add"), form())
    workspace = Workspace.objects.get(customer_id=demo.FABRIKAM, name="Front door")
    assert response.status_code == 302
    assert response["Location"] == url("workspace", workspace_id=workspace.pk)
    assert PhoneNumber.objects.get(workspace=workspace).number == "+14155550199"
    assert PackageAssignment.objects.get(workspace=workspace, ended_at=None).package == (
        "common_area_calling"
    )
    page = fabrikam.get(response["Location"]).content.decode()
    assert "Common Area Calling" in page and "+14155550199" in page


def test_two_packages_are_refused_with_a_clear_error_and_what_was_typed_stays(fabrikam):
    response = fabrikam.post(
        url("workspace_add"), form(package=["common_area_calling", "webex_calling"])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A workspace holds exactly one package" in html
    assert 'value="Front door"' in html
    assert not Workspace.objects.filter(name="Front door").exists()
    assert not PhoneNumber.objects.filter(number="+14155550199").exists()


def test_a_second_package_on_an_existing_workspace_changes_nothing(fabrikam):
    lobby = Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)
    before = list(PackageAssignment.objects.filter(workspace=lobby).values_list("id", "ended_at"))
    response = fabrikam.post(
        url("workspace_package", workspace_id=lobby.pk),
        {"package": ["common_area_calling", "webex_calling"]},
    )
    assert response.status_code == 400
    assert "exactly one package" in response.content.decode()
    lobby.refresh_from_db()
    assert lobby.package == "common_area_calling"
    after = list(PackageAssignment.objects.filter(workspace=lobby).values_list("id", "ended_at"))
    assert after == before


def test_changing_the_package_on_the_page(fabrikam):
    lobby = Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)
    response = fabrikam.post(
        url("workspace_package", workspace_id=lobby.pk), {"package": ["webex_calling"]}
    )
    assert response.status_code == 302
    lobby.refresh_from_db()
    assert lobby.package == "webex_calling"
    assert PackageAssignment.objects.filter(workspace=lobby).count() == 2


def test_a_duplicate_extension_is_shown_next_to_the_field(fabrikam):
    response = fabrikam.post(url("workspace_add"), form(phone_number="", extension="2001"))
    assert response.status_code == 400
    assert "Extension 2001 is already used" in response.content.decode()


def test_editing_and_removing(fabrikam):
    lobby = Workspace.objects.get(pk=demo.FABRIKAM_LOBBY)
    response = fabrikam.post(
        url("workspace", workspace_id=lobby.pk),
        {
            "name": "Lobby",
            "location": str(demo.FABRIKAM_HQ),
            "phone_number": "",
            "extension": "2101",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    lobby.refresh_from_db()
    assert (lobby.name, lobby.extension) == ("Lobby", "2101")
    assert not PhoneNumber.objects.filter(workspace=lobby).exists()
    response = fabrikam.post(url("workspace_remove", workspace_id=lobby.pk))
    assert response.status_code == 302
    assert not PackageAssignment.objects.filter(workspace=lobby, ended_at=None).exists()
    assert fabrikam.get(url("workspace", workspace_id=lobby.pk)).status_code == 404


def test_another_organizations_workspace_is_not_found(fabrikam):
    assert fabrikam.get(url("workspace", workspace_id=demo.CONTOSO_RECEPTION)).status_code == 404
    response = fabrikam.post(url("workspace_remove", workspace_id=demo.CONTOSO_RECEPTION))
    assert response.status_code == 404
    assert Workspace.objects.get(pk=demo.CONTOSO_RECEPTION).removed_at is None


def test_a_location_of_another_organization_is_not_a_choice(fabrikam):
    response = fabrikam.post(url("workspace_add"), form(location=str(demo.CONTOSO_HQ)))
    assert response.status_code == 400
    assert not Workspace.objects.filter(name="Front door").exists()


def test_the_user_and_device_administrator_manages_workspaces_but_not_locations(client_for):
    client = client_for(USER_DEVICE_ADMIN)
    assert client.get(url("workspace_add")).status_code == 200
    assert client.post(url("workspace_add"), form()).status_code == 302
    assert client.get(url("location_add")).status_code == 403
    assert client.get(url("account")).status_code == 403


def test_a_read_only_admin_sees_but_cannot_add(client_for):
    client = client_for(demo.CONTOSO_READONLY)
    assert client.get(url("workspaces", org=demo.CONTOSO)).status_code == 200
    response = client.post(url("workspace_add", org=demo.CONTOSO), form())
    assert response.status_code == 403


def _queries(client, target) -> int:
    client.get(target)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def test_the_list_query_count_does_not_grow(fabrikam):
    target = url("workspaces") + "?q=&package=common_area_calling"
    few = _queries(fabrikam, target)
    location = Location.objects.get(pk=demo.FABRIKAM_HQ)
    for i in range(20):
        workspace = Workspace.objects.create(
            customer_id=demo.FABRIKAM,
            name=f"Count {i}",
            location=location,
            package="common_area_calling",
            extension=str(8800 + i),
        )
        PhoneNumber.objects.create(
            customer_id=demo.FABRIKAM,
            location=location,
            number=f"+1415888{i:04d}",
            workspace=workspace,
        )
    assert _queries(fabrikam, target) == few
