"""The operator's Setup Assist team in the console (PH-11): the queue, finishing phases with a
note, a day and who (audited), the partner's email on each change, bad input kept; the team
sees nothing else of the console."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent
from tests import demo
from wholesale.demo import TEAM_EMAIL, request_id
from wholesale.models import SetupAssistRequest

pytestmark = pytest.mark.django_db
IN_PROGRESS = request_id("Fabrikam Law", "Manchester Office")


def detail(pk=IN_PROGRESS):
    return reverse("console:setup_assist_detail", kwargs={"request_id": pk})


def test_the_team_sees_the_queue_and_nothing_else(client_for):
    client = client_for(TEAM_EMAIL)
    assert client.get("/").url == reverse("console:setup_assist_queue")
    page = client.get(reverse("console:setup_assist_queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Manchester Office" in html and "Riverside Clinic" in html
    assert "Headquarters" not in html  # finished requests are not in the open queue
    assert (
        "Fabrikam Law · Headquarters"
        in client.get(
            reverse("console:setup_assist_queue"), {"status": "cancelled"}
        ).content.decode()
    )
    assert client.get(reverse("console:partners")).status_code == 403
    assert client_for(demo.ACME_ADMIN).get(reverse("console:setup_assist_queue")).status_code == 403


def test_finishing_a_phase(client_for, mailoutbox, django_capture_on_commit_callbacks):
    client = client_for(TEAM_EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(), {"phase-day": "2024-04-20", "phase-note": "Plan agreed"})
    assert response.status_code == 302
    item = SetupAssistRequest.objects.get(pk=IN_PROGRESS)
    assert item.phases_done == 4
    phase = item.phase_log.get(number=4)
    assert (phase.name, phase.note, phase.by.email) == (
        "Onboarding (testing) Planning",
        "Plan agreed",
        TEAM_EMAIL,
    )
    assert [message.to for message in mailoutbox] == [[demo.ACME_ADMIN]]
    assert "Onboarding (testing) Planning done" in mailoutbox[0].subject
    assert AuditEvent.objects.filter(
        action="setup_assist.phase", operator=True, customer_id=demo.FABRIKAM
    ).exists()
    # The partner sees the progress on the customer's page.
    page = client_for(demo.ACME_ADMIN).get(
        reverse(
            "partnerhub:customer_setup_assist",
            kwargs={"partner_id": demo.ACME, "org_id": demo.FABRIKAM},
        )
    )
    assert (
        "Plan agreed" in page.content.decode() and "Next: Implementation" in page.content.decode()
    )


def test_bad_day_is_kept_and_explained(client_for):
    client = client_for(TEAM_EMAIL)
    response = client.post(detail(), {"phase-day": "2024-13-01", "phase-note": "kept"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid date" in html and "kept" in html
    assert SetupAssistRequest.objects.get(pk=IN_PROGRESS).phases_done == 3


def test_a_finished_request_cannot_move(client_for):
    pk = request_id("Fabrikam Law", "Headquarters")  # cancelled
    response = client_for(TEAM_EMAIL).post(detail(pk), {"phase-day": "2024-04-20"})
    assert response.status_code == 400
    assert "no phase is left" in response.content.decode()


def test_the_queue_is_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for(TEAM_EMAIL)
    url = reverse("console:setup_assist_queue") + "?status=all"
    client.get(url)
    with django_assert_max_num_queries(30) as counted:
        client.get(url)
    from tests.factories import SetupAssistRequestFactory

    for _ in range(5):
        SetupAssistRequestFactory(status="cancelled")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(url)
