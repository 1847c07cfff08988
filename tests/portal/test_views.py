import pytest
from django.urls import reverse

from tests import demo

pytestmark = pytest.mark.django_db


def test_sign_in_page_has_the_expected_labels(client):
    html = client.get(reverse("login")).content.decode()
    assert '<label class="form-label" for="id_username">Email</label>' in html
    assert '<label class="form-label" for="id_password">Password</label>' in html
    assert ">Sign in</button>" in html


def test_signing_in_with_the_wrong_password_keeps_the_email(client):
    response = client.post(reverse("login"), {"username": demo.ACME_ADMIN, "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "do not match" in html
    assert f'value="{demo.ACME_ADMIN}"' in html


def test_email_is_case_insensitive(client):
    response = client.post(
        reverse("login"), {"username": demo.ACME_ADMIN.upper(), "password": demo.PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("email", "home", "org_name"),
    [
        (demo.ACME_ADMIN, f"/partner/{demo.ACME}/", "Acme Telecom"),
        (demo.ACME_READONLY, f"/partner/{demo.ACME}/", "Acme Telecom"),
        (demo.ACME_SALES, f"/partner/{demo.ACME}/", "Acme Telecom"),
        (demo.NORTHWIND_ADMIN, f"/partner/{demo.NORTHWIND}/", "Northwind Reseller"),
        (demo.GLOBEX_ADMIN, f"/partner/{demo.GLOBEX}/", "Globex Voice"),
        (demo.CONTOSO_ADMIN, f"/org/{demo.CONTOSO}/", "Contoso Dental"),
        (demo.CONTOSO_READONLY, f"/org/{demo.CONTOSO}/", "Contoso Dental"),
        (demo.FABRIKAM_ADMIN, f"/org/{demo.FABRIKAM}/", "Fabrikam Law"),
        (demo.TAILSPIN_ADMIN, f"/org/{demo.TAILSPIN}/", "Tailspin Traders"),
        (demo.COMPLIANCE, "/compliance/", "Restricted and Denied Persons review"),
    ],
)
def test_each_demo_user_lands_on_their_home(client, email, home, org_name):
    response = client.post(
        reverse("login"), {"username": email, "password": demo.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == home
    assert org_name in response.content.decode()


def test_a_user_without_roles_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody@example.test", "x"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "No organization to administer" in response.content.decode()


def test_sign_out_is_a_post(client_for):
    client = client_for(demo.ACME_ADMIN)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # to the sign-in page again
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_header_names_user_role_and_org(client_for):
    html = client_for(demo.ACME_ADMIN).get(f"/partner/{demo.ACME}/").content.decode()
    assert 'data-testid="org-name">Acme Telecom<' in html
    assert demo.ACME_ADMIN in html
    assert "Partner full administrator" in html
    assert "Sign out" in html


def test_partner_admin_in_control_hub_sees_the_on_behalf_banner(client_for):
    html = client_for(demo.ACME_ADMIN).get(f"/org/{demo.CONTOSO}/").content.decode()
    assert 'data-testid="on-behalf-banner"' in html
    assert "acting on behalf of <strong>Acme Telecom</strong>" in html
    assert 'data-testid="restricted-banner"' not in html  # partners are not restricted


def test_customer_admin_sees_the_restricted_banner_only_when_the_mode_is_on(client_for):
    html = client_for(demo.CONTOSO_ADMIN).get(f"/org/{demo.CONTOSO}/").content.decode()
    assert 'data-testid="restricted-banner"' in html
    html = client_for(demo.FABRIKAM_ADMIN).get(f"/org/{demo.FABRIKAM}/").content.decode()
    assert 'data-testid="restricted-banner"' not in html


def test_parent_admin_cross_launched_into_a_sub_partner_sees_the_banner(client_for):
    html = client_for(demo.ACME_ADMIN).get(f"/partner/{demo.NORTHWIND}/").content.decode()
    assert "Acting as admin@acme-telecom.example from <strong>Acme Telecom</strong>" in html


@pytest.mark.parametrize(
    ("email", "url"),
    [
        (demo.CONTOSO_ADMIN, f"/partner/{demo.ACME}/"),
        (demo.GLOBEX_ADMIN, f"/partner/{demo.ACME}/"),
        (demo.GLOBEX_ADMIN, f"/org/{demo.CONTOSO}/"),
        (demo.NORTHWIND_ADMIN, f"/partner/{demo.ACME}/"),
        (demo.NORTHWIND_ADMIN, f"/org/{demo.FABRIKAM}/"),
        (demo.ACME_SALES, f"/org/{demo.FABRIKAM}/"),
        (demo.FABRIKAM_ADMIN, f"/org/{demo.CONTOSO}/"),
        (demo.ACME_ADMIN, "/partner/00000000-0000-0000-0000-000000000000/"),
        (demo.ACME_ADMIN, f"/partner/{demo.GLOBEX}/"),
    ],
)
def test_organizations_out_of_reach_are_not_found(client_for, email, url):
    response = client_for(email).get(url)
    assert response.status_code == 404
    assert b"Acme Telecom" not in response.content
    assert b"Contoso" not in response.content


def test_writes_to_read_only_pages_are_refused(client_for):
    response = client_for(demo.ACME_ADMIN).post(f"/partner/{demo.ACME}/")
    assert response.status_code == 403
