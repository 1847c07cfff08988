"""SAML metadata is parsed with defusedxml (PH-10, issue 15): a DTD or entity is refused in any
encoding. Before, a byte search for "<!DOCTYPE" guarded the parser, and UTF-16 walked past it."""

import time

import pytest

from partnerhub.demo_partner_hub import SAML_METADATA
from partnerhub.services.sso import SsoError, parse_saml_metadata, saml_metadata_upload
from portal.audit import Actor
from portal.models import Partner
from tests import demo

pytestmark = pytest.mark.django_db

LAUGHS = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol4;">
 <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>
</md:EntityDescriptor>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_dtd_is_refused_in_any_encoding(encoding):
    raw = LAUGHS.replace("{encoding}", encoding.upper().replace("-LE", "").replace("-BE", ""))
    started = time.monotonic()
    with pytest.raises(SsoError, match="must not contain a DOCTYPE"):
        parse_saml_metadata(raw.encode(encoding))
    assert time.monotonic() - started < 1


def test_an_external_entity_is_refused():
    raw = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&e;"/>'
    )
    with pytest.raises(SsoError, match="must not contain a DOCTYPE"):
        parse_saml_metadata(raw.encode())


def test_utf16_metadata_without_a_dtd_is_read_and_stored_as_text():
    raw = SAML_METADATA.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    parsed = parse_saml_metadata(raw)
    assert parsed["entity_id"].startswith("http")
    idp = saml_metadata_upload(
        partner=Partner.objects.get(pk=demo.ACME), actor=Actor.system(), raw=raw
    )
    assert "\x00" not in idp.metadata_xml and "EntityDescriptor" in idp.metadata_xml


def test_not_xml_is_a_clear_error():
    with pytest.raises(SsoError, match="not well-formed XML"):
        parse_saml_metadata(b"\xff\xfe\x00garbage")
