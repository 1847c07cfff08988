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
