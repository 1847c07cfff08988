"""`createoperator EMAIL` (OP-1): the first operator of an empty portal gets a set-password link,
written to MAIL_DIR when no EMAIL_URL is configured, and printed."""

import io
from email import message_from_bytes

import pytest
from django.core.management import call_command

from portal.models import AuditEvent, PlatformRoleAssignment, User

pytestmark = pytest.mark.django_db


def test_createoperator_writes_the_invitation_to_mail_dir_and_prints_the_link(settings, tmp_path):
    settings.EMAIL_URL = ""
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path
    out = io.StringIO()
    call_command("createoperator", "First.Operator@Example.com", stdout=out)
    user = User.objects.get(email="first.operator@example.com")
    assert not user.has_usable_password()
    assert PlatformRoleAssignment.objects.filter(user=user, role="operator").exists()
    assert str(tmp_path) in out.getvalue()
    link = out.getvalue().strip().splitlines()[-1]
    assert "/set-password/" in link
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "first.operator@example.com"
    assert AuditEvent.objects.filter(action="operator.role_grant", operator=True).exists()


def test_the_link_lets_them_choose_a_password_and_sign_in_to_the_console(
    client, settings, tmp_path
):
    settings.EMAIL_URL = ""
    settings.EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path
    out = io.StringIO()
    call_command("createoperator", "op@example.com", stdout=out)
    link = out.getvalue().strip().splitlines()[-1].removeprefix("http://testserver")
    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": "a-Long-pass-phrase-42", "new_password2": "a-Long-pass-phrase-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="op@example.com").has_usable_password()
    assert client.login(email="op@example.com", password="a-Long-pass-phrase-42")
    assert client.get("/operator/").status_code == 200


def test_a_bad_address_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an email address"):
        call_command("createoperator", "nobody", stdout=io.StringIO())
