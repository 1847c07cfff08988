"""The operator's compliance page (OP-1): reviewers added (invited) and removed; a Denied
Persons List upload parsed like `import_dpl`, previewed, and only then replacing the list."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import AuditEvent, PlatformRoleAssignment, User
from screening.models import DeniedParty
from tests import demo
from tests.screening.test_services import DPL, HEADER

pytestmark = pytest.mark.django_db
PAGE = reverse("console:compliance")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, text, name="dpl.txt"):
    return client.post(
        reverse("console:dpl_upload"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/plain")},
    )


def test_upload_previews_then_replaces_the_list(client_for):
    DeniedParty.objects.all().delete()
    DeniedParty.objects.create(name="OLD ENTRY LTD", city="Leeds", country="GB")
    DeniedParty.objects.create(
        name="EXPIRED HOLDINGS", street_address="1 Old Road", city="Nowhere", country="US"
    )
    client = client_for(demo.OPERATOR)
    preview = upload(client, DPL)
    assert preview.status_code == 200
    shown = preview.context["preview"]
    assert (shown.current, shown.incoming, shown.added_count, shown.removed_count) == (2, 3, 2, 1)
    assert shown.unchanged == 1
    html = preview.content.decode()
    assert "GRIMSBY FREIGHT FORWARDERS LTD." in html and "OLD ENTRY LTD" in html
    assert DeniedParty.objects.count() == 2  # nothing changed yet
    response = client.post(reverse("console:dpl_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302
    assert set(DeniedParty.objects.values_list("name", flat=True)) == {
        "GRIMSBY FREIGHT FORWARDERS LTD.",
        "Oksana Petrovna Example",
        "EXPIRED HOLDINGS",
    }
    event = AuditEvent.objects.get(action="operator.dpl_import")
    assert event.operator and event.before == {"entries": 2} and event.after == {"entries": 3}
    again = client.post(reverse("console:dpl_confirm"), {"token": preview.context["token"]})
    assert again.status_code == 400  # a preview is confirmed once


@pytest.mark.parametrize(
    ("text", "message"),
    [("Name,City\nx,y\n", "first line must be the header"), (HEADER + "\tno name\n", "Line 2")],
)
def test_a_bad_file_is_refused_and_changes_nothing(client_for, text, message):
    before = DeniedParty.objects.count()
    response = upload(client_for(demo.OPERATOR), text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DeniedParty.objects.count() == before


def test_a_forged_token_is_refused(client_for):
    response = client_for(demo.OPERATOR).post(
        reverse("console:dpl_confirm"), {"token": "../../etc/passwd"}
    )
    assert response.status_code == 400


def test_reviewers_are_added_with_an_invitation_and_removed(client_for):
    client = client_for(demo.OPERATOR)
    response = client.post(
        PAGE, {"action": "add_reviewer", "reviewer-email": "New.Reviewer@portal.example"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.reviewer@portal.example")
    assert PlatformRoleAssignment.objects.filter(user=user, role="compliance_reviewer").exists()
    assert [m.to for m in mail.outbox] == [["new.reviewer@portal.example"]]
    assert "/set-password/" in mail.outbox[0].body
    assert b"new.reviewer@portal.example" in client.get(PAGE).content
    client.post(PAGE, {"action": "remove_reviewer", "user": str(user.pk)})
    assert not PlatformRoleAssignment.objects.filter(user=user).exists()
    actions = set(AuditEvent.objects.filter(operator=True).values_list("action", flat=True))
    assert {"operator.role_grant", "operator.role_revoke"} <= actions
    bad = client.post(PAGE, {"action": "add_reviewer", "reviewer-email": "nope"})
    assert bad.status_code == 400 and 'value="nope"' in bad.content.decode()


def test_only_the_operator_manages_compliance(client_for):
    for email in (demo.COMPLIANCE, demo.ACME_ADMIN):
        assert client_for(email).get(PAGE).status_code == 403
        assert upload(client_for(email), DPL).status_code == 403
