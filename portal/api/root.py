"""The /v1 API: one NinjaAPI, routers from the apps (settings.API_ROUTERS), Webex errors."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from portal.api.auth import BearerToken
from portal.api.errors import error_response
from portal.errors import ApplicationError

logger = logging.getLogger(__name__)


def _describe_validation(errors) -> list[str]:
    described = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        described.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg"))
    return described or ["The request is not valid."]


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Wholesale Portal API",
        version="1",
        description="Webex Wholesale and Partner API, served by the self-hosted portal.",
        auth=BearerToken(),
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
    )

    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        response = error_response(
            request, exc.status, exc.message, [p.as_json() for p in exc.problems]
        )
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        return error_response(
            request, 400, "The request is not valid.", _describe_validation(exc.errors)
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc: DjangoValidationError):
        return error_response(request, 400, "The request is not valid.", exc.messages)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = error_response(
            request,
            401,
            "The request requires a valid access token set in the Authorization header.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="wholesale-portal"'
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(request, 404, "The requested resource could not be found.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(request, 403, "Access to this resource is not allowed.")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return error_response(request, exc.status_code, str(exc.message))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return error_response(request, 413, "The request body is too large.")

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("Unhandled API error")
        return error_response(request, 500, "Something went wrong on our side.")

    for prefix, dotted in getattr(settings, "API_ROUTERS", []):
        api.add_router(prefix, import_string(dotted))
    return api


api = build_api()
