"""Multi-step forms without server-side state.

Every step posts the whole form: the current step's fields are visible, the others ride along
as hidden inputs, so nothing typed is lost when going back, forward or failing validation, and
the URL of the wizard is the only thing to bookmark. Steps are validated as they are left; the
last step is the review, and only its "submit" action calls the service.
"""

from dataclasses import dataclass, field

from django import forms
from django.http import QueryDict

# --- Step URLs (issue 16): each step is ``?step=N`` (1-based); what was typed rides in the
# session under the wizard's path, so Back, a refresh or a bookmark of a step keep its data. ---
SESSION_PREFIX = "wizard:"
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "_action"})


def remember(request, data) -> None:
    """Keep what the wizard posted (without the CSRF token and the button pressed)."""
    request.session[SESSION_PREFIX + request.path] = {
        key: data.getlist(key) for key in data if key not in NOT_KEPT
    }


def recall(request) -> QueryDict | None:
    stored = request.session.get(SESSION_PREFIX + request.path)
    if not isinstance(stored, dict):
        return None
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        if isinstance(values, list):
            data.setlist(str(key), [str(v) for v in values])
    return data


def forget(request) -> None:
    request.session.pop(SESSION_PREFIX + request.path, None)


def requested_step(request) -> int:
    """The 0-based step named by ``?step=N`` (1-based), 0 when absent or not a number."""
    try:
        return max(0, int(request.GET.get("step", "1")) - 1)
    except (TypeError, ValueError):
        return 0


def step_url(request, index: int) -> str:
    return f"{request.path}?step={index + 1}"


def with_step_url(request, response, index: int):
    """An htmx answer that moved to another step puts that step's URL in the address bar."""
    if request.htmx and 200 <= response.status_code < 300:
        response["HX-Push-Url"] = step_url(request, index)
    return response


def restoring(request) -> bool:
    """htmx asking for a whole page to put back after the browser's Back (history miss)."""
    return bool(request.htmx and request.htmx.history_restore_request)


@dataclass(frozen=True)
class Step:
    title: str
    fields: tuple[str, ...] = field(default_factory=tuple)


class Wizard:
    def __init__(self, form: forms.Form, steps: list[Step], data=None):
        self.form = form
        self.steps = steps
        self.review_index = len(steps)  # the review comes after the listed steps
        data = data or {}
        try:
            self.index = max(0, min(int(data.get("_step", 0)), self.review_index))
        except (TypeError, ValueError):
            self.index = 0
        self.action = data.get("_action", "")

    # --- navigation -----------------------------------------------------------------------
    def step_errors(self, upto: int) -> int | None:
        """The first step (≤ upto) holding a field error, else None."""
        errors = self.form.errors  # runs full validation once
        for i, step in enumerate(self.steps[: upto + 1]):
            if any(name in errors for name in step.fields):
                return i
        return None

    def advance(self) -> bool:
        """Handle back / goto / next; returns True when the submit action is valid to run."""
        if self.action == "back":
            self.index = max(0, self.index - 1)
            self.hide_errors = True
            return False
        if self.action.startswith("goto:"):
            try:
                target = int(self.action.split(":", 1)[1])
            except ValueError:
                target = self.index
            self.index = max(0, min(target, self.index))
            self.hide_errors = True
            return False
        if self.action == "submit":
            first_bad = self.step_errors(len(self.steps) - 1)
            if first_bad is not None:
                self.index, self.blocked = first_bad, True
                return False
            self.blocked = bool(self.form.non_field_errors())
            return not self.blocked
        first_bad = self.step_errors(self.index)
        if first_bad is None:
            self.index = min(self.index + 1, self.review_index)
        else:
            self.index, self.blocked = first_bad, True
        return False

    hide_errors = False
    #: The step could not be left because of errors: the answer is 400 (for htmx, see views).
    blocked = False

    @property
    def quiet(self) -> bool:
        """Errors are shown only after a submit that they stopped, on the step they stopped;
        a step reached by Next, Back or its URL opens clean."""
        return not self.blocked

    def resume(self, target: int) -> None:
        """Open step `target` (from its URL) with remembered data: the first earlier step that
        is not complete opens instead, without its errors."""
        target = max(0, min(target, self.review_index))
        first_bad = self.step_errors(target - 1) if target else None
        self.index = target if first_bad is None else first_bad
        self.hide_errors, self.blocked = True, False

    # --- rendering ------------------------------------------------------------------------
    @property
    def is_review(self) -> bool:
        return self.index == self.review_index

    @property
    def current(self) -> Step | None:
        return None if self.is_review else self.steps[self.index]

    @property
    def titles(self) -> list[str]:
        return [s.title for s in self.steps] + ["Review"]

    def visible_fields(self):
        if self.is_review:
            return []
        return [self.form[name] for name in self.current.fields]

    def hidden_fields(self):
        shown = set(self.current.fields) if not self.is_review else set()
        return [bf for bf in self.form if bf.name not in shown]

    def summary(self):
        """[(step index, title, [(label, shown value)])] for the review step."""
        rows = []
        for i, step in enumerate(self.steps):
            items = [(self.form[n].label, display(self.form, n)) for n in step.fields]
            rows.append((i, step.title, items))
        return rows


def display(form: forms.Form, name: str) -> str:
    bound = form[name]
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else bound.value()
    f = form.fields[name]
    if isinstance(f, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, forms.ModelChoiceField):
        return str(value) if value else "—"
    if isinstance(f, forms.ChoiceField):
        labels = dict(f.choices)
        return str(labels.get(value, value)) if value not in (None, "") else "—"
    return str(value) if value not in (None, "") else "—"
