import os
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM
# calls from that thread. The live server runs in its own thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = Path(__file__).parent / "browser"
SKIP_BROWSER_REASON = (
    f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (make test installs it with apt-get when run "
    "as root; otherwise install Debian's chromium package)"
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=SKIP_BROWSER_REASON))


def _missing_programs() -> list[str]:
    import shutil

    lines = []
    if not CHROMIUM.exists():
        lines.append(f"!!!!! {SKIP_BROWSER_REASON} !!!!!")
    if shutil.which("xmlsec1") is None:
        from tests.sso_idps import SKIP_SAML

        lines.append(SKIP_SAML)
    return lines


def pytest_report_header(config):
    return _missing_programs() or None


def pytest_terminal_summary(terminalreporter):
    for line in _missing_programs():
        terminalreporter.write_line(line, red=True, bold=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo data set (rolled back after each test).

    Transactional tests (live server, browser) flush the database when they end, so they load
    the demo data themselves through the `live_demo` fixture.
    """
    with django_db_blocker.unblock():
        call_command("load_demo", quiet=True)


@pytest.fixture(scope="module", autouse=True)
def demo_data_present(request, django_db_blocker):
    """Put the demo data back (committed, once per module) when a transactional test that ran
    earlier flushed it: on PostgreSQL the test order puts some of them before db tests."""
    if request.node.get_closest_marker("django_db") is None:
        return  # the module's own tests ask for the database, or do not need it
    request.getfixturevalue("django_db_setup")
    from portal.models import User
    from tests import demo

    with django_db_blocker.unblock():
        if not User.objects.filter(email=demo.ACME_ADMIN).exists():
            call_command("load_demo", quiet=True)


@pytest.fixture
def live_demo(transactional_db):
    call_command("load_demo", quiet=True)


@pytest.fixture
def demo_user(db):
    from portal.models import User

    def get(email: str) -> User:
        return User.objects.get(email=email)

    return get


@pytest.fixture
def client_for(client, demo_user):
    """A test client signed in as the given demo user."""

    def sign_in(email: str):
        client.force_login(demo_user(email))
        return client

    return sign_in


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def _dns_server():
    from tests import dns_server

    server, zone, port = dns_server.start()
    yield zone, port
    server.stop()


@pytest.fixture
def dns_zone(_dns_server, settings):
    """A real DNS server on loopback (dnslib) that domain verification asks; add TXT records to
    the returned zone with `add_txt(name, value)`."""
    zone, port = _dns_server
    zone.txt.clear()
    settings.DNS_RESOLVER_NAMESERVERS = ["127.0.0.1"]
    settings.DNS_RESOLVER_PORT = port
    settings.DNS_RESOLVER_TIMEOUT = 2
    return zone
