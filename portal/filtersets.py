"""What every list's FilterSet shares (STYLE rule 8: one FilterSet per list, used by the HTML
list and the API list), and the audit log's FilterSet.

A FilterSet gets the list's already scoped queryset from a selector and only narrows it. An HTML
list reads `.qs`: an invalid value is left out, so a shared URL with a stale value still shows a
list. An API list reads `.validated_qs()`: the first invalid value, in the order the filters are
declared, is an ApplicationError (400) whose words are the filter's error message.
"""

from datetime import UTC, datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date, parse_datetime

from portal.api import ids
from portal.errors import ApplicationError


class PortalFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, **kwargs):
        # Always bound: filters that apply a default when their parameter is absent (current
        # subscribers, a parent's own customers) run for an empty query string too.
        super().__init__(data if data is not None else {}, queryset, **kwargs)

    def validated_qs(self):
        if not self.is_valid():
            raise self.error()
        return self.qs

    def error(self) -> ApplicationError:
        """The first invalid value as the one error type (portal.errors)."""
        name, errors = next(iter(self.form.errors.items()))
        return ApplicationError(errors[0], status=400, field=name)

    @property
    def values(self) -> dict:
        """The valid filter values (what an HTML list shows as selected)."""
        self.form.is_valid()
        return dict(self.form.cleaned_data)


# --- Paging -------------------------------------------------------------------------------------

# Far beyond any list, and small enough that offset + page size fits every database's integer
# (SQLite refuses a Python int over 2**63 - 1 with OverflowError, a 500 before this check).
MAX_OFFSET = 2**31 - 1


def _whole_number(value, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
        raise ApplicationError(f"{name} must be a whole number.", status=400, field=name)
    return int(text)


def page_window(
    offset,
    size,
    *,
    max_page: int,
    default_size: int,
    offset_name: str = "offset",
    size_name: str = "max",
) -> tuple[int, int]:
    """(offset, size) of an API list page, checked: the one place every list's paging values
    are validated, so an absurd offset is a 400 naming the parameter, never a server error."""
    start = _whole_number(offset, offset_name, 0)
    count = _whole_number(size, size_name, default_size)
    if not 0 <= start <= MAX_OFFSET:
        raise ApplicationError(
            f"{offset_name} must be between 0 and {MAX_OFFSET}.", status=400, field=offset_name
        )
    if not 1 <= count <= max_page:
        raise ApplicationError(
            f"{size_name} must be between 1 and {max_page}.", status=400, field=size_name
        )
    return start, count


# --- Fields and filters the lists share ---------------------------------------------------------


class WebexIdField(forms.CharField):
    """A Webex-style encoded id (or a plain UUID) of one of `kinds`, cleaned to its UUID."""

    def __init__(self, *, kinds, message: str, strip=False, **kwargs):
        self.kinds = kinds
        self.message = message
        super().__init__(strip=strip, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        pk = ids.decode(self.kinds, value)
        if pk is None:
            raise ValidationError(self.message, code="invalid")
        return pk


class WebexIdFilter(django_filters.Filter):
    field_class = WebexIdField


class ChoiceListField(forms.ChoiceField):
    """One or more choices, comma-separated (Webex's `status=a,b`), cleaned to a list."""

    default_error_messages = {"invalid_choice": "Unknown value: %(value)s."}

    def to_python(self, value):
        if value in self.empty_values:
            return []
        parts = value if isinstance(value, list | tuple) else [value]
        wanted = []
        for part in parts:
            for item in str(part).split(","):
                if item.strip() and item.strip() not in wanted:
                    wanted.append(item.strip())
        return wanted

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        unknown = sorted({v for v in value if not self.valid_value(v)})
        if unknown:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(unknown)},
            )


class ChoiceListFilter(django_filters.Filter):
    """`field_name__in` the given choices; `choices` also render the HTML list's select."""

    field_class = ChoiceListField

    def __init__(self, *args, lookup_expr="in", **kwargs):
        super().__init__(*args, lookup_expr=lookup_expr, **kwargs)


class StrippedChoiceField(django_filters.fields.ChoiceField):
    """A choice, surrounding blanks ignored (API parameters)."""

    def to_python(self, value):
        return super().to_python(value).strip()


class StrippedChoiceFilter(django_filters.ChoiceFilter):
    field_class = StrippedChoiceField


class DateField(forms.CharField):
    """A date written YYYY-MM-DD (also YYYY-M-D, as django.utils.dateparse reads it)."""

    def __init__(self, *, message: str = "Enter a date as YYYY-MM-DD.", strict=False, **kwargs):
        self.message = message
        self.strict = strict  # exactly YYYY-MM-DD
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if self.strict and len(value) != 10:
                raise ValueError
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(self.message, code="invalid")
        return day


class DateFilter(django_filters.Filter):
    field_class = DateField


class MomentField(forms.CharField):
    """A moment as Webex's contract takes it: epoch milliseconds (preferred), or an ISO 8601
    date-time (with a zone; without one, UTC) or date (midnight UTC). An impossible date
    (2026-02-30) or a number out of range is invalid, never an exception."""

    def __init__(self, *, message: str, strip=False, **kwargs):
        self.message = message
        super().__init__(strip=strip, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.strip()
        try:
            if text.lstrip("-").isdigit():
                moment = datetime.fromtimestamp(int(text) / 1000, tz=UTC)
            else:
                moment = parse_datetime(text)
                if moment is None:
                    day = parse_date(text)
                    moment = datetime(day.year, day.month, day.day) if day else None
        except (ValueError, OverflowError, OSError):
            moment = None
        if moment is None:
            raise ValidationError(self.message, code="invalid")
        try:
            # In UTC now: 0001-01-01T00:00+01:00 or 9999-12-31T23:59-10:00 parse, but the
            # database's conversion to UTC would overflow (a 500 before this check).
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        except OverflowError:
            raise ValidationError(self.message, code="invalid") from None


class MomentFilter(django_filters.Filter):
    field_class = MomentField


# --- The audit log (Partner Hub and Control Hub) ------------------------------------------------


class AuditEventFilterSet(PortalFilterSet):
    """The audit log of one organization: action, actor's email, date range (inclusive)."""

    action = django_filters.CharFilter(field_name="action")
    actor = django_filters.CharFilter(field_name="actor_email", lookup_expr="icontains")
    since = DateFilter(field_name="occurred_at", lookup_expr="date__gte")
    until = DateFilter(field_name="occurred_at", lookup_expr="date__lte")
