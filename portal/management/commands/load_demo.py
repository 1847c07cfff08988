from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from portal.demo import DEMO_PASSWORD

PROJECT_APPS = ("portal", "screening", "controlhub", "billing", "wholesale", "partnerhub")


def demo_modules():
    """Each project app's `demo` module, in INSTALLED_APPS (dependency) order."""
    for config in apps.get_app_configs():
        if config.name in PROJECT_APPS and module_has_submodule(config.module, "demo"):
            yield import_module(f"{config.name}.demo")


class Command(BaseCommand):
    help = "Load the demo data set (idempotent: running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-in table.")

    def handle(self, *args, quiet=False, **options):
        modules = list(demo_modules())
        with transaction.atomic():
            for module in modules:
                module.load()
        if quiet:
            return
        rows = [row for module in modules for row in getattr(module, "SIGN_INS", [])]
        width = max(len(email) for email, _ in rows)
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})\n")
        self.stdout.write(f"  {'email'.ljust(width)}  who\n  {'-' * width}  ---")
        for email, who in rows:
            self.stdout.write(f"  {email.ljust(width)}  {who}")
        for module in modules:
            for line in getattr(module, "extra_lines", lambda: [])():
                self.stdout.write(line)
        self.stdout.write("")
