from django.apps import AppConfig


class ControlHubConfig(AppConfig):
    name = "controlhub"
    verbose_name = "Control Hub"
