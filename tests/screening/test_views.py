"""The compliance review queue pages (PV-2): queue, decisions, who may decide, query count."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Customer, CustomerStatus
from screening.models import ScreeningCase, ScreeningCaseStatus
from tests import demo

pytestmark = pytest.mark.django_db
S = CustomerStatus
HEADER = (
    "Name\tStreet_Address\tCity\tState\tCountry\tPostal_Code\tEffective_Date\tExpiration_Date\t"
    "Standard_Order\tLast_Update\tAction\tFR_Citation\n"
)
DPL = HEADER + (
    "GRIMSBY FREIGHT FORWARDERS LTD.\t12 Dock Street\tGrimsby\t\tGB\tDN31 3LL\t01/05/2021\t"
    "01/05/2031\tY\t01/05/2021\tDENIAL\t86 F.R. 1234\n"
    "Oksana Petrovna Example\t\tKyiv\t\tUA\t\t03/01/2019\t\tN\t03/01/2019\tDENIAL\t84 F.R. 9\n"
    "EXPIRED HOLDINGS\t1 Old Road\tNowhere\t\tUS\t\t01/01/2000\t01/01/2001\tN\t\tDENIAL\t\n"
)


@pytest.fixture
def dpl(tmp_path):
    path = tmp_path / "dpl.txt"
    path.write_text(DPL)
    call_command("import_dpl", str(path))
    return path


def test_review_queue_and_decision(client_for, django_capture_on_commit_callbacks):
    client = client_for(demo.COMPLIANCE)
    page = client.get(reverse("compliance:reviews"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Darkwater Exports" in html and "Darkwater Export Syndicate" in html
    assert "Approve" in html and "Reject" in html
    case = ScreeningCase.objects.get(customer__name="Darkwater Exports")
    # A decision asks for its reason (issue 16): without one nothing is decided.
    client.post(reverse("compliance:decide"), {"case": case.pk, "decision": "approve"})
    assert ScreeningCase.objects.get(pk=case.pk).status == ScreeningCaseStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("compliance:decide"),
            {"case": case.pk, "decision": "approve", "note": "Different company"},
        )
    assert response.status_code == 302
    assert Customer.objects.get(name="Darkwater Exports").status == S.PROVISIONED
    decided = client.get(reverse("compliance:reviews"), {"status": "approved"})
    assert "Darkwater Exports" in decided.content.decode()
    again = client.post(
        reverse("compliance:decide"), {"case": case.pk, "decision": "approve", "note": "x"}
    )
    assert again.status_code == 404  # decided cases leave the queue


def test_only_reviewers_decide(client_for):
    case = ScreeningCase.objects.get(customer__name="Darkwater Exports")
    client = client_for(demo.ACME_ADMIN)
    response = client.post(reverse("compliance:decide"), {"case": case.pk, "decision": "approve"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == ScreeningCaseStatus.OPEN


def test_queue_query_count(client_for, django_assert_max_num_queries):
    client = client_for(demo.COMPLIANCE)
    with django_assert_max_num_queries(12):
        client.get(reverse("compliance:reviews"))
    for i in range(5):
        customer = Customer.objects.create(
            name=f"Screened {i}", owner_id=demo.ACME, status=S.PENDING_RPL_REVIEW
        )
        ScreeningCase.objects.create(
            customer=customer,
            fingerprint="x",
            screened_name=customer.name,
            matched_name="Someone",
            matched_on="name",
            score=90,
            interrupted_status=S.PROVISIONING,
        )
    with django_assert_max_num_queries(12):
        client.get(reverse("compliance:reviews"))
