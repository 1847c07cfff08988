"""The environment every bench process runs with: production settings (DEBUG off, cached
templates, manifest static files) against the bench database, never the development one."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"


def size() -> tuple[int, int, int]:
    """(customers, subscribers, days of history) from BENCH_CUSTOMERS / BENCH_SUBSCRIBERS /
    BENCH_DAYS; the full size by default."""
    return (
        int(os.environ.get("BENCH_CUSTOMERS", "10000")),
        int(os.environ.get("BENCH_SUBSCRIBERS", "200000")),
        # 62 days always hold the last whole month, whose USER report is a target.
        int(os.environ.get("BENCH_DAYS", "62")),
    )


def configure() -> dict:
    """Set (and return) the environment variables; call before django.setup()."""
    customers, subscribers, days = size()
    DATA.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefgh",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(DATA / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    default_db = f"sqlite:///{DATA}/bench-{customers}-{subscribers}-{days}.sqlite3"
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or default_db
    os.environ.update(env)
    return env
