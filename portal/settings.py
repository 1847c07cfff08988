"""Settings for the wholesale portal.

Development defaults (SQLite, DEBUG on) need no configuration. Production is
switched on with DJANGO_DEBUG=0 and then requires DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS; `manage.py check --deploy` is clean with those set.
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "dev-only-secret-key-never-used-in-production-0123456789abcdef"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
else:
    try:
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    except KeyError as missing:
        raise ImproperlyConfigured(f"{missing.args[0]} must be set when DJANGO_DEBUG=0") from None
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list at least one host")

INSTALLED_APPS = [
    # Project apps in import order (docs/architecture.md): portal is the kernel, partnerhub
    # sits on top.
    "portal",
    "screening",
    "controlhub",
    "billing",
    "wholesale",
    "partnerhub",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "guardian",
    "django_q",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees exceptions from views (portal.errors.ApplicationError → error page).
    "portal.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.shell",
            ],
            "builtins": ["portal.templatetags.access"],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL through DATABASE_URL -----------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the django-q2 worker write to the same file: WAL lets readers
    # proceed during a write, IMMEDIATE transactions take the write lock up front instead of
    # failing with "database is locked" on upgrade, and the timeout waits out short writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity and access ------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
# One backend answers every permission question (see portal/access/). It reads
# django-guardian's per-customer assignments itself, so guardian's own backend is not listed.
AUTHENTICATION_BACKENDS = ["portal.access.backend.OrganizationRoleBackend"]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]  # its backend is deliberately not hooked, see above
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: whitenoise serves them in every mode ------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if DEBUG:
    # Serve straight from the source folders while developing; no collectstatic needed, and
    # whitenoise's warning about the not-yet-collected STATIC_ROOT is noise.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# --- Public API (/v1): routers of the apps, mounted by portal.api.root -------------------------
# (prefix, dotted path of a ninja Router). Keep prefixes as in Webex's API contracts.
API_ROUTERS: list[tuple[str, str]] = [
    ("/wholesale/customers", "wholesale.api.customers.router"),  # API-1
    ("/wholesale/subscribers", "wholesale.api.subscribers.router"),  # API-2
    ("/wholesale/subPartners", "wholesale.api.sub_partners.router"),  # API-3
    ("/wholesale/billing", "billing.api.router"),  # API-4
    ("/partner/", "partnerhub.api.router"),  # API-5
]

# --- Background work: django-q2, ORM broker unless Redis is configured ---------------------------
Q_CLUSTER = {
    "name": "portal",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    # A task running longer is stopped (the 200,000-user billing report of bench/ takes ~30 s);
    # a task a killed worker left unacknowledged is handed out again `retry` seconds after it
    # was taken (docs/decisions.md "Background work always settles").
    "timeout": int(os.environ.get("Q_TIMEOUT", "60")),
    "retry": int(os.environ.get("Q_RETRY", "75")),
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "save_limit": 1000,
    "poll": 0.5,
    "label": "Background tasks",
    "sync": env_bool("Q_SYNC", False),
}
#: Seconds `manage.py qcluster` waits for a graceful stop on SIGTERM/SIGINT before it kills the
#: cluster's processes (portal/management/commands/qcluster.py).
Q_STOP_GRACE = float(os.environ.get("Q_STOP_GRACE", "6"))

#: A customer still provisioning, updating or deleting this long after its status changed, with
#: no task queued or scheduled for it, is moved to `error` by the watchdog
#: (wholesale.tasks.settle_stuck_work); well above the longest retry chain (about 8 minutes).
PROVISIONING_STUCK_AFTER = timedelta(
    minutes=int(os.environ.get("PROVISIONING_STUCK_MINUTES", "15"))
)

if os.environ.get("Q_REDIS_URL"):
    Q_CLUSTER["redis"] = os.environ["Q_REDIS_URL"]
else:
    Q_CLUSTER["orm"] = "default"

# --- Production hardening (manage.py check --deploy) ---------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
