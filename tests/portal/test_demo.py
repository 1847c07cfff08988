import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _everything():
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "django_q"}:
            continue
        rows[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return rows


def test_load_demo_twice_changes_nothing():
    before = _everything()  # the session fixture loaded it once already
    call_command("load_demo", quiet=True)
    assert _everything() == before


def test_load_demo_prints_the_sign_in_table(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "password for all: demo-password" in out
    for email in ("admin@acme-telecom.example", "compliance@portal.example"):
        assert email in out


@pytest.mark.django_db
def test_demo_has_one_setup_assist_request_in_each_state():
    """PH-11: requested, in progress, completed (charged once) and cancelled, for Acme's
    customers."""
    from billing.models import OneTimeCharge
    from tests import demo
    from wholesale.models import SetupAssistRequest, SetupAssistStatus

    requests = SetupAssistRequest.objects.filter(partner_id=demo.ACME)
    assert set(requests.values_list("status", flat=True)) == set(SetupAssistStatus.values)
    completed = requests.get(status=SetupAssistStatus.COMPLETED)
    assert OneTimeCharge.objects.filter(reference=f"setup_assist:{completed.pk}").count() == 1
    assert requests.get(status=SetupAssistStatus.IN_PROGRESS).phase_log.count() == 3
