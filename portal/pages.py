"""Page plumbing every app's views share (STYLE rule 9): the htmx partial switch, the answer
to a successful POST, and the form-plus-service view. One copy, so a fix reaches every page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from portal.errors import ApplicationError


def posted_id(request, name: str) -> int | None:
    """A whole-number row id sent in a form, or None when the field holds anything else: a
    client-sent id is checked before it reaches a lookup (a non-numeric one is not found, not a
    500), and is then looked up inside the organization only."""
    value = request.POST.get(name, "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def redirect_after_post(request, url: str) -> HttpResponse:
    """A successful POST: HX-Redirect (204) for htmx, a plain redirect otherwise."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class HtmxPartialMixin:
    """htmx requests get only the partial the full page includes; a boosted request is a whole
    page. With `htmx_target`, only requests aimed at that element get the partial."""

    partial_template_name: str | None = None
    htmx_target: str | None = None

    def wants_partial(self) -> bool:
        htmx = getattr(self.request, "htmx", None)
        return bool(
            htmx
            and not htmx.boosted
            and self.partial_template_name
            and (self.htmx_target is None or htmx.target == self.htmx_target)
        )

    def get_template_names(self):
        if self.wants_partial():
            return [self.partial_template_name]
        return super().get_template_names()


class ServiceFormMixin:
    """POST: validate the form, call one service in `apply(form)`, then a message and
    `get_success_url()`. A form error or an ApplicationError re-renders the page (400) with the
    form as typed, the error next to its field (`ApplicationError.field`) or above the form."""

    form_class = None
    #: The context name the page's template shows the form under.
    form_name = "form"
    success_message = "Saved."

    def make_form(self):
        return self.form_class(self.request.POST)

    def apply(self, form) -> None:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def form_invalid(self, form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)

    def post(self, request, *args, **kwargs):
        form = self.make_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            self.apply(form)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(request, self.success_message)
        return redirect_after_post(request, self.get_success_url())
