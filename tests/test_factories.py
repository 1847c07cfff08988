"""Every concrete model of the project's apps has a factory that builds a valid, saved
instance (STYLE rule 11): a new model without one fails here."""

import pytest
from django.apps import apps

from tests.factories import FACTORIES, SubPartnerFactory

PROJECT_APPS = ("portal", "screening", "controlhub", "billing", "wholesale", "partnerhub")
PROJECT_MODELS = sorted(
    (
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.abstract and not model._meta.proxy
    ),
    key=lambda model: model._meta.label,
)


def test_every_project_model_has_a_factory():
    missing = {model._meta.label for model in PROJECT_MODELS} - {
        model._meta.label for model in FACTORIES
    }
    assert missing == set(), "add factories for these models to tests/factories.py"
    assert len(PROJECT_MODELS) >= 31


@pytest.mark.django_db
@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model._meta.label)
def test_the_factory_builds_a_valid_saved_instance(model):
    instance = FACTORIES[model]()
    assert isinstance(instance, model)
    assert instance.pk is not None
    fresh = model.objects.get(pk=instance.pk)  # it is in the database
    fresh.full_clean()  # fields, clean() and unique/constraint validation
    second = FACTORIES[model]()  # sequences keep two instances apart
    assert second.pk != instance.pk
    second.full_clean()


@pytest.mark.django_db
def test_a_sub_partner_factory_builds_a_valid_sub_partner():
    sub_partner = SubPartnerFactory()
    assert sub_partner.parent.parent_id is None
    sub_partner.full_clean()
