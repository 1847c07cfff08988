"""CSV add or modify users (CH-2): what the adversarial run found (issue 15)."""

import csv
import io

import pytest
from django.urls import reverse

from controlhub.models import Subscriber
from controlhub.services import csv_import
from portal import csv as portal_csv
from tests import demo

pytestmark = pytest.mark.django_db

HEADER = "First Name,Last Name,Display Name,User ID/Email (Required),Package,Phone Number,\
Extension,Location\n"


def upload(client, text):
    f = io.BytesIO(text.encode())
    f.name = "users.csv"
    return client.post(
        reverse("controlhub:users_csv", kwargs={"org_id": demo.FABRIKAM}), {"file": f}
    )


def test_the_same_email_twice_in_one_file_is_a_row_error_not_an_overwrite(client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    text = (
        HEADER
        + "Gil,One,,gil@fabrikam-law.example,webex_meetings,,,\n"
        + "Gil,Other,,GIL@fabrikam-law.example,webex_meetings,,,\n"
    )
    rows = upload(client, text).context["rows"]
    assert rows[0].ok and rows[0].action == csv_import.ADD
    assert rows[1].error == "GIL@fabrikam-law.example is already on line 2 of the file."
    applied = client.post(
        reverse("controlhub:users_csv_apply", kwargs={"org_id": demo.FABRIKAM}), {"csv": text}
    )
    assert applied.context["applied"] == 1 and applied.context["bad"] == 1
    assert Subscriber.objects.get(email="gil@fabrikam-law.example").last_name == "One"


def test_a_cell_over_the_field_limit_is_a_file_error_not_a_500(client_for):
    client = client_for(demo.FABRIKAM_ADMIN)
    huge = "x" * (csv.field_size_limit() + 1)
    response = upload(client, HEADER + f"Gil,{huge},,gil@fabrikam-law.example,,,,\n")
    assert response.status_code == 400
    assert "Line 2 of the file cannot be read" in response.content.decode()


def test_the_users_export_imports_again_unchanged(client_for):
    Subscriber.objects.filter(email=demo.FABRIKAM_ADMIN).update(last_name="=Baker")
    client = client_for(demo.FABRIKAM_ADMIN)
    url = reverse("controlhub:users_export", kwargs={"org_id": demo.FABRIKAM})
    exported = b"".join(client.get(url).streaming_content).decode()
    assert "'=Baker" in exported
    rows = csv_import.parse(exported)
    mine = next(r for r in rows if r.values["email"] == demo.FABRIKAM_ADMIN)
    assert mine.values["last_name"] == "=Baker"
    assert portal_csv.safe_cell(mine.values["last_name"]) == "'=Baker"
