"""portal.pages and portal.middleware: the page plumbing every app shares."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import TemplateView
from django_htmx.middleware import HtmxDetails

from portal.errors import ApplicationError, Problem
from portal.middleware import ApplicationErrorMiddleware
from portal.pages import HtmxPartialMixin, ServiceFormMixin, redirect_after_post

rf = RequestFactory()


def _request(method="get", path="/partner/x/", htmx=False, target=None, data=None):
    headers = {}
    if htmx:
        headers["HX-Request"] = "true"
        if target:
            headers["HX-Target"] = target
    request = getattr(rf, method)(path, data=data or {}, headers=headers)
    request.htmx = HtmxDetails(request)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_redirect_after_post_is_hx_redirect_for_htmx_and_302_otherwise():
    assert redirect_after_post(_request(), "/next/").status_code == 302
    htmx = redirect_after_post(_request(htmx=True), "/next/")
    assert (htmx.status_code, htmx["HX-Redirect"]) == (204, "/next/")


class _Page(HtmxPartialMixin, TemplateView):
    template_name = "full.html"
    partial_template_name = "partial.html"


@pytest.mark.parametrize(
    ("htmx", "target", "wanted", "expected"),
    [
        (False, None, None, "full.html"),
        (True, None, None, "partial.html"),
        (True, "other", "table", "full.html"),
        (True, "table", "table", "partial.html"),
    ],
)
def test_the_htmx_partial_switch(htmx, target, wanted, expected):
    view = _Page(request=_request(htmx=htmx, target=target), htmx_target=wanted)
    assert view.get_template_names() == [expected]


class _NameForm(forms.Form):
    name = forms.CharField()


class _FormPage(ServiceFormMixin, TemplateView):
    form_class = _NameForm
    template_name = "unused.html"
    refusal: ApplicationError | None = None

    def apply(self, form):
        if self.refusal:
            raise self.refusal
        self.applied = form.cleaned_data["name"]

    def get_success_url(self):
        return "/done/"

    def render_to_response(self, context, **kwargs):
        response = HttpResponse(status=kwargs.get("status", 200))
        response.context = context
        return response


def _post(view_class, data, **attrs):
    view = view_class(**attrs)
    request = _request("post", data=data)
    view.setup(request)
    return view, view.post(request)


def test_service_form_success_redirects_with_a_message():
    view, response = _post(_FormPage, {"name": "Acme"})
    assert response.status_code == 302 and view.applied == "Acme"


def test_service_form_refusal_keeps_what_was_typed_and_names_the_field():
    refusal = ApplicationError("Taken.", status=409, field="name")
    _, response = _post(_FormPage, {"name": "Acme"}, refusal=refusal)
    form = response.context["form"]
    assert response.status_code == 400
    assert form["name"].value() == "Acme"
    assert form.errors == {"name": ["Taken."]}


def test_service_form_refusal_without_a_known_field_goes_above_the_form():
    refusal = ApplicationError("No.", field="not_on_this_form")
    _, response = _post(_FormPage, {"name": "Acme"}, refusal=refusal)
    assert response.context["form"].non_field_errors() == ["No."]


def test_an_application_error_escaping_a_page_is_an_error_page_with_its_status():
    middleware = ApplicationErrorMiddleware(lambda request: HttpResponse())
    error = ApplicationError.from_problems(
        [Problem(4300, "The partner is suspended.", 403), Problem(None, "And more.", 403)]
    )
    page = middleware.process_exception(_request(), error)
    assert page.status_code == 403
    assert b"The partner is suspended." in page.content and b"And more." in page.content
    assert b"<html" in page.content
    partial = middleware.process_exception(_request(htmx=True), error)
    assert partial.status_code == 403 and b"<html" not in partial.content
    assert middleware.process_exception(_request(path="/v1/wholesale/customers"), error) is None
    assert middleware.process_exception(_request(), ValueError("other")) is None
