"""Schemas every /v1 router shares: Webex's error body and the precheck answer."""

from ninja import Schema


class ErrorOut(Schema):
    errorCode: int | None = None
    description: str = ""


class ErrorBody(Schema):
    message: str
    errors: list[ErrorOut]
    trackingId: str


class InfoOut(Schema):
    infoCode: int
    description: str


class PrecheckOut(Schema):
    message: str
    info: list[InfoOut]


#: The error responses every operation documents, with Webex's body.
ERRORS = dict.fromkeys((400, 401, 403, 404, 409), ErrorBody)
