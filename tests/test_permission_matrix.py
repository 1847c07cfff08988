"""Every URL × every role, with the status each must get (STYLE rule 12).

A URL that is not in MATRIX fails `test_every_url_has_a_row`: adding a page means deciding,
here, who may open it. GET is what is exercised; write methods are tested per view.
"""

from itertools import combinations

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests import demo
from tests.billing.permission_rows import ROWS as BILLING_ROWS
from tests.controlhub.permission_rows import ROWS as CONTROLHUB_ROWS
from tests.controlhub.permission_rows import URL_KWARGS as CONTROLHUB_URL_KWARGS
from tests.matrix import ROLES, everyone
from tests.partnerhub.attach_request_permission_rows import ROWS as ATTACH_REQUEST_ROWS
from tests.partnerhub.compliance_permission_rows import ROWS as COMPLIANCE_ROWS
from tests.partnerhub.permission_rows import CROSS_LAUNCH_URL_KWARGS, cross_launch_row
from tests.partnerhub.permission_rows import ROWS as PARTNERHUB_ROWS
from tests.partnerhub.permission_rows import URL_KWARGS as PARTNERHUB_URL_KWARGS
from tests.portal.permission_rows import ROWS as PORTAL_ROWS

# The organizations URL parameters point at: Acme's Partner Hub, Contoso's Control Hub.
# Apps add the ids of objects inside those organizations (a Contoso user, location, …).
URL_KWARGS = {
    "partner_id": demo.ACME,
    "org_id": demo.CONTOSO,
    **PARTNERHUB_URL_KWARGS,
    **CONTROLHUB_URL_KWARGS,
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
}
MATRIX = {
    **CORE_ROWS,
    **PORTAL_ROWS,
    **PARTNERHUB_ROWS,
    **COMPLIANCE_ROWS,
    **ATTACH_REQUEST_ROWS,
    **CONTROLHUB_ROWS,
    **BILLING_ROWS,
}


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


def test_every_url_has_a_row():
    names = all_url_names()
    assert names - MATRIX.keys() == set(), "add these URLs to the permission matrix"
    assert MATRIX.keys() - names == set(), "these matrix rows name URLs that no longer exist"
    for name, row in MATRIX.items():
        assert row.keys() == ROLES.keys(), f"{name} needs a status for every role"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix(client, demo_user, url_name, role):
    email = ROLES[role]
    if email:
        client.force_login(demo_user(email))
    response = client.get(url_for(url_name))
    assert response.status_code == MATRIX[url_name][role], (url_name, role)
    if response.status_code == 302 and email is None and url_name not in {"home", "login"}:
        assert response["Location"].startswith(reverse("login"))


# The cross-launched context (PH-8): every Partner Hub and billing URL again, in Northwind
# Reseller (Acme's sub-partner), where Acme's full + wholesale admin acts cross-launched.
CROSS_LAUNCH_MATRIX = {
    name: cross_launch_row(name, row) for name, row in {**PARTNERHUB_ROWS, **BILLING_ROWS}.items()
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
