"""The style guide (issue 16): every component on one page while DEBUG is on, a 404 otherwise."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_style_guide_shows_the_components_in_debug_only(client_for, settings):
    client = client_for("admin@acme-telecom.example")
    settings.DEBUG = False
    assert client.get(reverse("styleguide")).status_code == 404
    settings.DEBUG = True
    html = client.get(reverse("styleguide")).content.decode()
    for component in ("Buttons", "Status badges", "Cards", "Empty state", "toast", "Forms"):
        assert component in html
    assert "bootstrap-icons" in html and 'rel="icon"' in html
    assert client.post(reverse("styleguide")).status_code == 404
