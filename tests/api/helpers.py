"""Shared helpers for the wholesale API tests: tokens, bodies and ids."""

from portal.api import ids, scopes
from portal.audit import Actor
from portal.models import Partner, User
from portal.services import api_token_issue
from tests import demo


def token(email=demo.ACME_ADMIN, partner_id=demo.ACME, granted=scopes.ALL) -> str:
    user = User.objects.get(email=email)
    partner = Partner.objects.get(pk=partner_id)
    return api_token_issue(
        user=user, partner=partner, scopes=sorted(granted), actor=Actor.system()
    )[1]


def auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def customer_body(**overrides) -> dict:
    body = {
        "provisioningId": "acme-smb-calling",
        "packages": ["webex_calling", "webex_meetings"],
        "externalId": "BO-1001",
        "address": {
            "addressLine1": "771 Alder Drive",
            "addressLine2": "Site 5",
            "city": "Milpitas",
            "stateOrProvince": "CA",
            "zipOrPostalCode": "95035",
            "country": "US",
        },
        "customerInfo": {
            "name": "Juniper Bakery",
            "primaryEmail": "owner@juniper-bakery.example",
            "language": "en",
        },
        "provisioningParameters": {
            "calling": {
                "location": {
                    "name": "Head Office",
                    "address": {
                        "addressLine1": "771 Alder Drive",
                        "city": "Milpitas",
                        "stateOrProvince": "CA",
                        "zipOrPostalCode": "95035",
                        "country": "US",
                    },
                    "timezone": "America/Los_Angeles",
                    "language": "en_us",
                    "emergencyLocationIdentifier": "95547321",
                }
            },
            "packages": {"limits": {"webex_calling": 20, "webex_meetings": 10}},
        },
    }
    body.update(overrides)
    return body


def customer_id(pk) -> str:
    return ids.encode(ids.CUSTOMER, pk)


def decode_customer(value: str):
    return ids.decode((ids.CUSTOMER, ids.ORGANIZATION), value.rsplit("/", 1)[-1])
