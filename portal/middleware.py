"""The one HTML handler for ApplicationError (STYLE rule 7). Views that can show a refusal next
to a form catch it themselves (portal.pages.ServiceFormMixin); one that escapes a page becomes
an error page with the rule's words and status instead of a 500. /v1 has its own handler
(portal.api.root), which renders the same error as Webex's error body."""

from django.shortcuts import render

from portal.errors import ApplicationError


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError) or request.path.startswith("/v1/"):
            return None
        template = (
            "portal/partials/_application_error.html"
            if getattr(request, "htmx", False)
            else "portal/application_error.html"
        )
        response = render(request, template, {"error": exception}, status=exception.status)
        for name, value in exception.headers.items():
            response[name] = value
        return response


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

            from portal.api.errors import error_response

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
