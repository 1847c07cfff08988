"""Date and time filters take what Webex's contract says (API-2): epoch milliseconds (preferred)
or ISO 8601, a date or a date-time with a zone; anything else is a 400, never a 500."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from portal.filtersets import MomentField
from tests.api.helpers import auth, token

FIELD = MomentField(message="bad")


@pytest.mark.parametrize(
    ("given", "moment"),
    [
        ("1579046400245", datetime(2020, 1, 15, 0, 0, 0, 245000, tzinfo=UTC)),
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
        ("2020-01-15", datetime(2020, 1, 15, tzinfo=UTC)),
        ("2020-01-15T10:30:00Z", datetime(2020, 1, 15, 10, 30, tzinfo=UTC)),
        ("2020-01-15T12:30:00+02:00", datetime(2020, 1, 15, 10, 30, tzinfo=UTC)),
        ("2020-01-15T10:30:00.123Z", datetime(2020, 1, 15, 10, 30, 0, 123000, tzinfo=UTC)),
        ("2020-01-15T10:30:00", datetime(2020, 1, 15, 10, 30, tzinfo=UTC)),  # no zone: UTC
    ],
)
def test_epoch_milliseconds_and_iso_8601_are_taken(given, moment):
    assert FIELD.clean(given) == moment


@pytest.mark.parametrize(
    "given",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-02-30T10:00:00Z",
        "yesterday",
        "99999999999999999999",
        "1.5",
    ],
)
def test_impossible_moments_are_invalid_not_an_exception(given):
    with pytest.raises(ValidationError):
        FIELD.clean(given)


@pytest.mark.parametrize("parameter", ["after", "lastStatusChange"])
def test_the_subscribers_list_takes_epoch_milliseconds(client, db, parameter):
    h = auth(token())
    everyone = client.get("/v1/wholesale/subscribers", {"max": 100}, **h).json()["items"]
    since_1970 = client.get("/v1/wholesale/subscribers", {parameter: "0", "max": 100}, **h).json()[
        "items"
    ]
    assert len(since_1970) == len(everyone)
    future = client.get("/v1/wholesale/subscribers", {parameter: "32503680000000"}, **h)
    assert future.status_code == 200 and future.json()["items"] == []
    impossible = client.get("/v1/wholesale/subscribers", {parameter: "2026-02-30"}, **h)
    assert impossible.status_code == 400
    assert set(impossible.json()) == {"message", "errors", "trackingId"}
