"""Test settings: the real settings with fast hashing, plain static files and sync tasks."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# django-q2 reads its configuration when first imported, so say "sync" before that happens.
os.environ.setdefault("Q_SYNC", "1")

from portal.settings import *  # noqa: E402,F403
from portal.settings import Q_CLUSTER, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# Stored files (billing reports, logos) go to a directory of this run, removed when it ends.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# Sign-in protection is on only in the tests of it (tests/portal/test_sign_in_protection.py),
# so client.login() elsewhere needs no request.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_URL = "http://testserver"
# Tests never ask the machine's DNS: the dns_zone fixture (tests/conftest.py) points the
# resolver at a dnslib server it starts on loopback; without it, lookups fail fast.
DNS_RESOLVER_NAMESERVERS = ["127.0.0.1"]
DNS_RESOLVER_PORT = 9  # discard: nothing answers
DNS_RESOLVER_TIMEOUT = 0.5

# The SAML SP key pair of the tests, made once per machine outside the work tree.
SAML_SP_KEY_DIR = Path(tempfile.gettempdir()) / "portal-test-saml-sp"
