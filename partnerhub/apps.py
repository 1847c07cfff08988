from django.apps import AppConfig


class PartnerHubConfig(AppConfig):
    name = "partnerhub"
    verbose_name = "Partner Hub"
