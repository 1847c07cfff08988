"""Password lifecycle (AC-2): forgot, reset by emailed link, change in the profile."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.models import User
from tests import demo

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://testserver(/reset/[^/\s]+/[^/\s]+/)")
NEW = "Lighthouse-Quarry-58"


def signed_in_elsewhere(email: str) -> Client:
    other = Client()
    assert other.login(username=email, password=demo.PASSWORD)
    assert other.get(reverse("home")).status_code == 302
    assert not other.get(reverse("home"))["Location"].startswith(reverse("login"))
    return other


def is_signed_out(client: Client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def without_csrf(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())


def test_the_sign_in_page_offers_forgot_password(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    assert "Forgot password?" in html


def test_unknown_and_known_emails_get_the_same_answer(client, django_capture_on_commit_callbacks):
    url = reverse("password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody@nowhere.example"}, follow=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": demo.ACME_ADMIN.upper()}, follow=True)
    assert len(mail.outbox) == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert without_csrf(unknown) == without_csrf(known)


def test_reset_by_emailed_link_ends_other_sessions(client, django_capture_on_commit_callbacks):
    other = signed_in_elsewhere(demo.ACME_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": demo.ACME_ADMIN})
    [message] = mail.outbox
    assert message.to == [demo.ACME_ADMIN]
    assert message.subject == "Reset your Wholesale Portal password"
    assert message.alternatives and "Choose a new password" in message.alternatives[0][0]
    link = RESET_LINK.search(message.body).group(1)

    page = client.get(link, follow=True)
    assert page.context["validlink"]
    form_url = page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "too common" in weak.content.decode() or "entirely numeric" in weak.content.decode()
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("login")

    assert is_signed_out(other)
    assert User.objects.get(email=demo.ACME_ADMIN).check_password(NEW)
    assert not client.get(link, follow=True).context["validlink"]  # used once
    assert client.login(username=demo.ACME_ADMIN, password=NEW)


def test_change_password_in_the_profile_keeps_this_session_and_ends_the_others(client):
    other = signed_in_elsewhere(demo.CONTOSO_ADMIN)
    assert client.login(username=demo.CONTOSO_ADMIN, password=demo.PASSWORD)
    profile = client.get(reverse("profile"))
    assert profile.status_code == 200
    assert demo.CONTOSO_ADMIN in profile.content.decode()
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and "incorrectly" in wrong.content.decode()
    done = client.post(
        reverse("password_change"),
        {"old_password": demo.PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert done.status_code == 302 and done["Location"] == reverse("profile")
    assert not is_signed_out(client)
    assert is_signed_out(other)
