"""Every URL × every role × GET and POST, with the status each must get (STYLE rule 12).

A URL that is not in MATRIX (GET) and POST_MATRIX fails `test_every_url_has_a_row`: adding a
page means deciding, here, who may open it and who may post to it.

The POST is an empty body (the test client does not enforce CSRF): anonymous users are sent
to sign in, outsiders get 404, admins lacking the write permission 403, and the permitted
ones the exact answer of that view to nothing (a form again with its errors, a redirect, 405
where there is no POST). A 500 is never an expected status. Each test runs in a transaction
that is rolled back, so a POST that really changes something changes it for that test only.
Deeper checks of each write (what it changes, its audit event) are in the views' own tests.
"""

from itertools import combinations

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests import demo
from tests.billing import permission_rows as billing
from tests.console import permission_rows as console
from tests.controlhub import attach_request_permission_rows as attach_request
from tests.controlhub import permission_rows as controlhub
from tests.matrix import ROLES, everyone
from tests.partnerhub import permission_rows as partnerhub
from tests.partnerhub.permission_rows import CROSS_LAUNCH_URL_KWARGS, cross_launch_row
from tests.portal import permission_rows as portal
from tests.screening import permission_rows as compliance

# The organizations URL parameters point at: Acme's Partner Hub, Contoso's Control Hub.
# Apps add the ids of objects inside those organizations (a Contoso user, location, …).
URL_KWARGS = {
    "partner_id": demo.ACME,
    "org_id": demo.CONTOSO,
    **partnerhub.URL_KWARGS,
    **controlhub.URL_KWARGS,
}

# Namespaces tested elsewhere: the Django admin is for platform staff only (Django's own
# permission checks); the /v1 API has its own matrix of operations × tokens in
# tests/api/test_api_matrix.py.
EXCLUDED_NAMESPACES = {"admin", "api"}

CORE_ROWS = {
    "home": everyone(302),
    "login": {**everyone(302), "anonymous": 200},
    "logout": everyone(405),  # POST only
    "healthz": everyone(200),
    "styleguide": everyone(404),  # DEBUG only; tests run with DEBUG off
}
CORE_POST_ROWS = {
    "home": everyone(302),  # anonymous to sign in, the others to their hub
    "login": {**everyone(302), "anonymous": 200},  # the form again with its errors
    "logout": everyone(302),  # to the sign-in page
    "healthz": everyone(200),
    "styleguide": everyone(404),
}
APPS = (portal, partnerhub, compliance, attach_request, controlhub, billing, console)
MATRIX = {**CORE_ROWS}
POST_MATRIX = {**CORE_POST_ROWS}
for app in APPS:
    MATRIX.update(app.ROWS)
    POST_MATRIX.update(app.POST_ROWS)
# Where a 302 to sign in is expected for an anonymous POST: everywhere it answers 302 except
# the sign-in page itself.
ANONYMOUS_POST_TO_SIGN_IN = {
    name for name, row in POST_MATRIX.items() if row["anonymous"] == 302 and name != "login"
}


NOT_TO_SIGN_IN = {"home", "login", "sso_saml_start"}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def all_url_names() -> set[str]:
    return set(_url_names(get_resolver().url_patterns))


def url_for(name: str, url_kwargs: dict | None = None) -> str:
    """Reverse with the fewest URL_KWARGS that fit (a customer page in a partner takes two)."""
    url_kwargs = url_kwargs or URL_KWARGS
    keys = list(url_kwargs)
    for size in range(len(keys) + 1):
        for combo in combinations(keys, size):
            try:
                return reverse(name, kwargs={key: url_kwargs[key] for key in combo})
            except NoReverseMatch:
                continue
    return reverse(name)


@pytest.mark.parametrize(
    ("method", "matrix"), [("GET", MATRIX), ("POST", POST_MATRIX)], ids=["GET", "POST"]
)
def test_every_url_has_a_row(method, matrix):
    names = all_url_names()
    assert names - matrix.keys() == set(), f"add these URLs to the {method} permission matrix"
    assert matrix.keys() - names == set(), f"these {method} rows name URLs that no longer exist"
    for name, row in matrix.items():
        assert row.keys() == ROLES.keys(), f"{name} needs a {method} status for every role"
        assert all(status < 500 for status in row.values()), f"{name}: 5xx is never expected"


def test_every_app_module_has_both_rows():
    for app in APPS:
        assert app.ROWS.keys() == app.POST_ROWS.keys(), app.__name__


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix(client, demo_user, url_name, role):
    email = ROLES[role]
    if email:
        client.force_login(demo_user(email))
    response = client.get(url_for(url_name))
    assert response.status_code == MATRIX[url_name][role], (url_name, role)
    # The SAML start redirects everyone to the partner's IdP, not to sign in.
    if response.status_code == 302 and email is None and url_name not in NOT_TO_SIGN_IN:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(POST_MATRIX))
def test_post_matrix(client, demo_user, url_name, role):
    email = ROLES[role]
    if email:
        client.force_login(demo_user(email))
    response = client.post(url_for(url_name))
    assert response.status_code == POST_MATRIX[url_name][role], (url_name, role)
    if response.status_code == 302:
        to_sign_in = response["Location"].startswith(reverse("login"))
        if email is None:
            assert to_sign_in == (url_name in ANONYMOUS_POST_TO_SIGN_IN), response["Location"]
        else:  # a signed-in user is never bounced to the sign-in page, except by signing out
            assert to_sign_in == (url_name == "logout"), (url_name, role, response["Location"])


# The cross-launched context (PH-8): every Partner Hub and billing URL again, in Northwind
# Reseller (Acme's sub-partner), where Acme's full + wholesale admin acts cross-launched.
CROSS_LAUNCH_MATRIX = {
    name: cross_launch_row(name, row) for name, row in {**partnerhub.ROWS, **billing.ROWS}.items()
}
CROSS_LAUNCH_POST_MATRIX = {
    name: cross_launch_row(name, row)
    for name, row in {**partnerhub.POST_ROWS, **billing.POST_ROWS}.items()
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(CROSS_LAUNCH_MATRIX))
def test_cross_launched_matrix(client, demo_user, url_name, role):
    email = ROLES[role]
    if email:
        client.force_login(demo_user(email))
    url = url_for(url_name, CROSS_LAUNCH_URL_KWARGS)
    assert str(demo.NORTHWIND) in url
    response = client.get(url)
    assert response.status_code == CROSS_LAUNCH_MATRIX[url_name][role], (url_name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(CROSS_LAUNCH_POST_MATRIX))
def test_cross_launched_post_matrix(client, demo_user, url_name, role):
    email = ROLES[role]
    if email:
        client.force_login(demo_user(email))
    url = url_for(url_name, CROSS_LAUNCH_URL_KWARGS)
    assert str(demo.NORTHWIND) in url
    response = client.post(url)
    assert response.status_code == CROSS_LAUNCH_POST_MATRIX[url_name][role], (url_name, role)
    if response.status_code == 302 and email is None:
        assert response["Location"].startswith(reverse("login"))
