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
import dj_email_url
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
    # sits on top, beside the operator's console.
    "portal",
    "screening",
    "controlhub",
    "billing",
    "wholesale",
    "partnerhub",
    "console",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "django_q",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a /v1 body: over 1 MB is a 413 with Webex's error body.
    "portal.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step verification (AC-3): request.user.is_verified(), then the portal's policy.
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # NUL and unpaired surrogates in any request text → 400 before a view sees them.
    "portal.middleware.RequestTextMiddleware",
    # Last, so it sees exceptions from views (portal.errors.ApplicationError → error page).
    "portal.middleware.ApplicationErrorMiddleware",
    # Turns a locked-out sign-in into the sign-in page with when to retry (AC-3).
    "axes.middleware.AxesMiddleware",
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

elif not env_bool("DATABASE_JIT", False) and not env_bool("DATABASE_PGBOUNCER", False):
    # PostgreSQL's JIT compiles the Overview's aggregate queries on every request: measured at
    # 2,000 customers, the Calling overview took 4.5–7.6 s with it and 1.5 s without (issue 18).
    # (PgBouncer refuses startup options; set jit = off on its server instead.)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
POSTGRES = DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
if POSTGRES and env_bool("DATABASE_POOL", False):
    # A psycopg connection pool per process (Django 5.1+) instead of one persistent connection
    # per thread: N web processes × threads stay within max_connections (docs/deployment.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
if env_bool("DATABASE_PGBOUNCER", False):
    # PgBouncer in transaction mode hands each transaction any server connection, so a
    # server-side cursor (the streamed billing report query) cannot outlive it: use client-side
    # cursors, and no persistent connections of our own.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity and access ------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
# One backend answers every permission question (see portal/access/). It reads
# django-guardian's per-customer assignments itself, so guardian's own backend is not listed.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is checked (AC-3).
    "axes.backends.AxesStandaloneBackend",
    "portal.access.backend.OrganizationRoleBackend",
]
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

# Password reset links (AC-2) last this long; invitation links INVITATION_MAX_AGE (AC-1).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24)))
INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE", str(60 * 60 * 24 * 7)))

# --- Sign-in protection (django-axes, AC-3) ------------------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one account, or from one address, sign-in is
# refused until the cool-off has passed. The client address is REMOTE_ADDR unless
# PORTAL_CLIENT_IP_HEADER names the header a trusted proxy sets (e.g. X-Forwarded-For).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.accounts.protection.axes_username"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.protection.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.accounts.views.locked_out"
AXES_VERBOSE = False
# The same for /v1 bearer tokens: invalid tokens from one address, then 429 with Retry-After.
API_AUTH_FAILURE_LIMIT = int(os.environ.get("API_AUTH_FAILURE_LIMIT", "10"))
PORTAL_CLIENT_IP_HEADER = os.environ.get("PORTAL_CLIENT_IP_HEADER", "").strip()

# --- Two-step verification (django-otp, AC-3) ---------------------------------------------------
# Administrators may enrol an authenticator app; a partner may require it of its admins and of
# its customers' admins; TWO_FACTOR_REQUIRED=1 requires it of everyone on the platform.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Wholesale Portal")

# --- Wholesale Setup Assist (PH-11) -------------------------------------------------------------
# Requests come at least this many business days (Monday–Friday, not a holiday below) before
# the target onboarding-completion date (seed 001). Holidays: ISO dates, comma-separated in
# SETUP_ASSIST_HOLIDAYS.
SETUP_ASSIST_LEAD_BUSINESS_DAYS = 6
SETUP_ASSIST_HOLIDAYS = [
    day.strip() for day in os.environ.get("SETUP_ASSIST_HOLIDAYS", "").split(",") if day.strip()
]

# --- Email (AC-1, AC-2) -------------------------------------------------------------------------
# EMAIL_URL (e.g. smtp+tls://user:pass@host:587) sends through SMTP. Without it every message is
# written as an .eml file into MAIL_DIR, so development needs no mail server.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip()
MAIL_DIR = Path(os.environ.get("MAIL_DIR", BASE_DIR / "var" / "mail"))


def parse_email_url(url: str) -> dict:
    """dj-email-url's parse, also accepting smtp+tls:// (STARTTLS) and smtp+ssl:// (implicit
    TLS) as shorthands for its smtp://…?tls=True and ?ssl=True."""
    for scheme, flag in (("smtp+tls://", "tls"), ("smtp+ssl://", "ssl")):
        if url.startswith(scheme):
            url = "smtp://" + url.removeprefix(scheme)
            url += ("&" if "?" in url else "?") + f"{flag}=True"
    parsed = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in parsed:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtp+ssl:// or submission://"
        )
    return parsed


if EMAIL_URL:
    _email = parse_email_url(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT") or 30
else:
    EMAIL_BACKEND = "portal.accounts.mail.EmlFileBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Wholesale Portal <no-reply@portal.example>"
)
# The address people reach the portal at, for links in emails sent by the worker.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en-us"
# Email templates are translatable ({% translate %}); catalogues for other languages go here
# (manage.py makemessages -l it), and an org's Email locale picks them where they exist.
LOCALE_PATHS = [BASE_DIR / "locale"]
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
# Stored files (billing reports, logos) go to MEDIA_ROOT, or to an S3-compatible object store
# (AWS S3, MinIO, Ceph…) through django-storages once STORAGE_BUCKET is set; several web and
# worker machines then share one store (docs/deployment.md).
STORAGE_BUCKET = os.environ.get("STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_REGION") or None,
            "access_key": os.environ.get("STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("STORAGE_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("STORAGE_PREFIX", ""),
            "file_overwrite": False,
            "default_acl": "private",
        },
    }

# --- Domain verification (CH-5): the DNS servers asked for a domain's TXT record ----------------
# Empty: the system resolver (/etc/resolv.conf). Otherwise IP addresses, e.g. "1.1.1.1,8.8.8.8".
DNS_RESOLVER_NAMESERVERS = env_list("DNS_RESOLVER_NAMESERVERS")
DNS_RESOLVER_PORT = int(os.environ.get("DNS_RESOLVER_PORT", "53"))
DNS_RESOLVER_TIMEOUT = float(os.environ.get("DNS_RESOLVER_TIMEOUT", "5"))  # seconds, in all

# --- Partner SSO sign-in (PH-10, AC-4) ----------------------------------------------------------
# Home-realm discovery for /login/: the app owning Partner SSO answers where an email signs in.
SIGN_IN_REALM = "partnerhub.services.sso_signin.realm_for_email"
# Cobranding on the sign-in page (issue 16, PH-6): the partner's look by link or email domain.
SIGN_IN_BRANDING = "partnerhub.services.branding.sign_in_look"
# ... and in the emails a customer's people get (invitations).
EMAIL_BRANDING = "partnerhub.services.branding.brand_look"
# The SAML service provider's signing key and certificate (made on first use when missing).
SAML_SP_KEY_DIR = Path(os.environ.get("SAML_SP_KEY_DIR", BASE_DIR / "var" / "saml"))
# pysaml2 signs and verifies with the xmlsec1 program; empty: found on PATH.
SAML_XMLSEC1 = os.environ.get("SAML_XMLSEC1", "")

# --- Public API (/v1): routers of the apps, mounted by portal.api.root -------------------------
# (prefix, dotted path of a ninja Router). Keep prefixes as in Webex's API contracts.
API_ROUTERS: list[tuple[str, str]] = [
    ("/wholesale/customers", "wholesale.api.customers.router"),  # API-1
    ("/wholesale/subscribers", "wholesale.api.subscribers.router"),  # API-2
    ("/wholesale/subPartners", "wholesale.api.sub_partners.router"),  # API-3
    ("/wholesale/setupAssist/requests", "wholesale.api.setup_assist.router"),  # PH-11
    ("/wholesale/billing", "billing.api.router"),  # API-4
    ("/partner/", "partnerhub.api.router"),  # API-5
    ("/locations", "controlhub.api.router"),  # API-7
    ("/workspaces", "controlhub.api_workspaces.router"),  # CH-12
    ("/devices", "controlhub.api_devices.router"),  # CH-10
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
