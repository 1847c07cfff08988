"""Logo files follow the transaction (PH-6, issue 15): a refused or rolled-back save keeps the
current logo on disk and in the database; a replaced logo is removed only after commit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from partnerhub.models import Branding
from partnerhub.services.branding import branding_update, customer_branding_reset
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, Partner
from tests import demo

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
BRANDING = {
    "light_primary_color": "#112233",
    "light_accent_color": "#445566",
    "dark_primary_color": "#778899",
    "dark_accent_color": "#aabbcc",
    "support_url": "",
    "help_url": "",
}


def upload(name, content):
    f = io.BytesIO(content)
    f.name = name
    f.size = len(content)
    return f


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def acme_with_logo(media, django_capture_on_commit_callbacks):
    acme = Partner.objects.get(pk=demo.ACME)
    with django_capture_on_commit_callbacks(execute=True):
        branding = branding_update(
            organization=acme,
            actor=Actor.system(),
            logos={"logo_light": upload("a.png", PNG)},
            **BRANDING,
        )
    return acme, branding.logo_light.name


def on_disk(media, name) -> bool:
    return (media / name).exists()


def test_one_valid_and_one_invalid_logo_keep_the_current_logo(
    media, acme_with_logo, client_for, django_capture_on_commit_callbacks
):
    acme, current = acme_with_logo
    client = client_for(demo.ACME_ADMIN)
    url = reverse("partnerhub:branding", kwargs={"partner_id": demo.ACME})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                **BRANDING,
                "logo_light": upload("new.png", PNG),
                "logo_dark": upload("evil.svg", b"<svg onload='x'/>"),
            },
        )
    assert response.status_code == 400
    assert Branding.objects.get(partner=acme).logo_light.name == current
    assert on_disk(media, current)
    logo = reverse(
        "partnerhub:branding_logo", kwargs={"partner_id": demo.ACME, "kind": "logo_light"}
    )
    assert client.get(logo).status_code == 200  # was a 500 on every later view
    assert sorted(p.name for p in (media / current).parent.iterdir()) == [current.split("/")[-1]]


def test_a_replaced_logo_is_removed_only_after_commit(
    media, acme_with_logo, django_capture_on_commit_callbacks
):
    acme, current = acme_with_logo
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        branding = branding_update(
            organization=acme, actor=Actor.system(), logos={"logo_light": upload("b.gif", GIF)}
        )
        new = branding.logo_light.name
        assert new != current and on_disk(media, new)
        assert on_disk(media, current)  # still there until the commit
    for callback in callbacks:
        callback()
    assert not on_disk(media, current) and on_disk(media, new)


def test_a_rolled_back_save_keeps_the_current_logo(media, acme_with_logo):
    acme, current = acme_with_logo
    with pytest.raises(RuntimeError), transaction.atomic():
        branding_update(
            organization=acme,
            actor=Actor.system(),
            logos={"logo_light": upload("b.gif", GIF)},
            clear_logos=("logo_dark",),
        )
        raise RuntimeError("something later in the request failed")
    assert Branding.objects.get(partner=acme).logo_light.name == current
    assert on_disk(media, current)


def test_a_refused_save_removes_the_file_it_wrote(media, acme_with_logo):
    acme, current = acme_with_logo
    with pytest.raises((ApplicationError, ValidationError)):
        branding_update(
            organization=acme,
            actor=Actor.system(),
            logos={"logo_light": upload("b.gif", GIF)},
            light_primary_color="not a colour",
        )
    assert Branding.objects.get(partner=acme).logo_light.name == current
    assert sorted(p.name for p in (media / current).parent.iterdir()) == [current.split("/")[-1]]


def test_resetting_a_customers_branding_removes_its_logos_after_commit(
    media, django_capture_on_commit_callbacks
):
    contoso = Customer.objects.get(pk=demo.CONTOSO)
    with django_capture_on_commit_callbacks(execute=True):
        branding = branding_update(
            organization=contoso, actor=Actor.system(), logos={"logo_dark": upload("c.png", PNG)}
        )
    name = branding.logo_dark.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        customer_branding_reset(customer=contoso, actor=Actor.system())
        assert on_disk(media, name)
    for callback in callbacks:
        callback()
    assert not on_disk(media, name)
