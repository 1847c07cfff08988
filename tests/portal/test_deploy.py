"""Production settings, PostgreSQL switch and gunicorn + whitenoise, in subprocesses."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#kq9-this-is-a-long-random-production-secret-key-4f1b8c2d9e",
    "DJANGO_ALLOWED_HOSTS": "portal.example.com,127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
}


def _run(args, env_extra, **kwargs):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs
    )


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(["manage.py", "check"], {"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_database_url_switches_to_postgresql():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _run(
        ["-c", f"import django; django.setup(); {code}"],
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything",
        },
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_pages_and_whitenoise_serves_static_files(tmp_path):
    env = {
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    collected = _run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert page.status == 200
        assert b"Sign in" in page.read()
        css = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/bootstrap-5.3.9/bootstrap.min.css", timeout=5
        )
        assert css.status == 200
        assert "max-age" in css.headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(timeout=10)
