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
