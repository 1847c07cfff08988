"""The one HTML handler for ApplicationError (STYLE rule 7). Views that can show a refusal next
to a form catch it themselves (portal.pages.ServiceFormMixin); one that escapes a page becomes
an error page with the rule's words and status instead of a 500. /v1 has its own handler
(portal.api.root), which renders the same error as Webex's error body."""

import json
import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render

from portal.api.errors import error_response
from portal.errors import ApplicationError


def _error_page(request, error: ApplicationError):
    template = (
        "portal/partials/_application_error.html"
        if getattr(request, "htmx", False)
        else "portal/application_error.html"
    )
    response = render(request, template, {"error": error}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError) or request.path.startswith("/v1/"):
            return None
        return _error_page(request, exception)


#: Webex's contract: a request body over 1 MB is refused with 413.
DEFAULT_API_MAX_BODY_BYTES = 1024 * 1024


class ApiBodyLimitMiddleware:
    """A /v1 request whose body is over settings.API_MAX_BODY_BYTES (1 MB) answers 413 with
    Webex's error body before anything reads it (the API's handler also turns Django's own
    RequestDataTooBig into the same 413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/v1/"):
            from django.conf import settings

            limit = getattr(settings, "API_MAX_BODY_BYTES", DEFAULT_API_MAX_BODY_BYTES)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return error_response(
                    request, 413, f"The request body is larger than {limit // 1024} KB."
                )
        return self.get_response(request)


_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")
REFUSED_TEXT = (
    "The request contains a NUL character or an unpaired surrogate, which no field accepts."
)


def _unsafe(value) -> bool:
    if isinstance(value, str):
        return bool(_UNSAFE_TEXT.search(value))
    if isinstance(value, dict):
        return any(_unsafe(k) or _unsafe(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unsafe(v) for v in value)
    return False


def _request_values(request):
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            yield key
            yield from values
    if request.content_type == "application/json":
        try:
            yield json.loads(request.body)
        except (ValueError, RequestDataTooBig):
            return  # not JSON (the API says so), or too large (refused by its own rule)


class RequestTextMiddleware:
    """The one place that refuses text no field can hold (docs/decisions.md): a NUL character
    (PostgreSQL refuses it, and it truncates in C libraries) or an unpaired surrogate (it cannot
    be encoded as UTF-8, so it fails when saved or rendered). Query string, form fields and JSON
    bodies are checked before any view runs: 400 with an error page for HTML, Webex's error body
    for /v1. File uploads are not text and are left to their own checks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            unsafe = any(_unsafe(value) for value in _request_values(request))
        except (RequestDataTooBig, TooManyFieldsSent):
            unsafe = False  # Django answers these itself when the view reads the data
        if unsafe:
            if request.path.startswith("/v1/"):
                return error_response(request, 400, REFUSED_TEXT)
            return _error_page(request, ApplicationError(REFUSED_TEXT))
        return self.get_response(request)
