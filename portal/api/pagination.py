"""Webex pagination for every /v1 list (FEATURES API-8; specs/webex-pagination.md).

One implementation: a list hands `paginate` its filtered, ordered queryset; it answers the page's
rows and sets the RFC 5988 `Link` header (`rel="next"`, `rel="prev"`, `rel="first"`) with absolute
URLs that keep every query parameter of the request except the paging ones.

Links carry an opaque keyset cursor (the sort key of the page's last, or first, row), not an
offset, so a client that follows `rel="next"` gets every row exactly once even while rows are
added or removed between its requests. A first request may still give `offset` (or `start`, the
billing reports' name), as Webex's contract documents; the links it gets back are cursors.

`max` defaults per list and is clamped to the list's cap, as Webex does (a larger value is not
refused); below 1 or not a whole number is a 400 with the Webex error body.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F, Q

from portal.errors import ApplicationError, Problem

#: Query parameters that select the page; every other parameter is a filter the links keep.
PAGING_PARAMETERS = ("max", "offset", "start", "cursor")
#: Beyond any list, and small enough for every database's integers.
MAX_OFFSET = 2**62


@dataclass(frozen=True)
class PageSize:
    default: int
    cap: int


def _bad(message: str) -> ApplicationError:
    return ApplicationError(
        "The request is not valid.", status=400, problems=[Problem(None, message, 400)]
    )


def _whole(request, names: tuple[str, ...], what: str) -> int | None:
    for name in names:
        raw = request.GET.get(name)
        if raw is None or raw.strip() == "":
            continue
        try:
            number = float(raw)
        except ValueError:
            raise _bad(f"{name} must be a whole number.") from None
        if not number.is_integer():
            raise _bad(f"{name} must be a whole number.")
        return int(number)
    return None


def page_size(request, size: PageSize) -> int:
    """The request's `max`: the list's default when absent, clamped to its cap."""
    value = _whole(request, ("max",), "max")
    if value is None:
        return size.default
    if value < 1:
        raise _bad("max must be at least 1.")
    return min(value, size.cap)


def _ordering(queryset, unique: bool) -> list[tuple[str, bool]]:
    """The queryset's order as (field, descending) pairs, ending in the primary key (unless the
    caller says the order is already unique, as for a values() queryset of distinct keys)."""
    fields = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    pairs = []
    for field in fields:
        if not isinstance(field, str):
            raise TypeError("paginate() orders by field names only.")
        descending = field.startswith("-")
        name = field.lstrip("-")
        if name in ("pk", queryset.model._meta.pk.name):
            name = "pk"
        pairs.append((name, descending))
        if name == "pk":
            break
    if not unique and not any(name == "pk" for name, _ in pairs):
        pairs.append(("pk", pairs[-1][1] if pairs else False))
    return pairs


def _value(row, field: str):
    if isinstance(row, dict):
        return row["pk" if field == "pk" and "pk" in row else field]
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _encode_value(value):
    if isinstance(value, datetime):
        return {"t": "dt", "v": value.isoformat()}
    if isinstance(value, date):
        return {"t": "d", "v": value.isoformat()}
    if isinstance(value, UUID):
        return {"t": "u", "v": str(value)}
    if isinstance(value, Decimal):
        return {"t": "n", "v": str(value)}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        kind, raw = value.get("t"), value.get("v")
        if kind == "dt":
            return datetime.fromisoformat(raw)
        if kind == "d":
            return date.fromisoformat(raw)
        if kind == "u":
            return UUID(raw)
        if kind == "n":
            return Decimal(raw)
        raise ValueError(kind)
    return value


def _cursor(row, ordering, direction: str) -> str:
    payload = {"d": direction, "k": [_encode_value(_value(row, f)) for f, _ in ordering]}
    text = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _read_cursor(raw: str, ordering) -> tuple[str, list]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        direction, keys = payload["d"], [_decode_value(v) for v in payload["k"]]
        if direction not in ("n", "p") or len(keys) != len(ordering):
            raise ValueError(direction)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _bad("cursor is not a cursor this list gave out.") from None
    return direction, keys


def _beyond(ordering, keys, *, forward: bool) -> Q:
    """Rows after (forward) or before the row whose sort key is `keys`."""
    condition = Q(pk__in=[])
    equal = Q()
    for (field, descending), key in zip(ordering, keys, strict=True):
        # Forward on an ascending field (or backward on a descending one): greater.
        lookup = "gt" if forward != descending else "lt"
        condition |= equal & Q(**{f"{field}__{lookup}": key})
        equal &= Q(**{field: key})
    return condition


def _reversed(ordering):
    return [F(field).asc() if descending else F(field).desc() for field, descending in ordering]


def _link(request, **paging) -> str:
    query = [(k, v) for k, values in request.GET.lists() for v in values]
    query = [(k, v) for k, v in query if k not in PAGING_PARAMETERS]
    query += [(k, str(v)) for k, v in paging.items()]
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


def paginate(request, response, queryset, size: PageSize, *, unique: bool = False) -> list:
    """The rows of the requested page of `queryset` (filtered and ordered by the caller, by
    non-null fields), and the `Link` header on `response`. One query for the page."""
    limit = page_size(request, size)
    ordering = _ordering(queryset, unique)
    raw_cursor = request.GET.get("cursor")
    offset = None
    if raw_cursor:
        direction, keys = _read_cursor(raw_cursor, ordering)
        forward = direction == "n"
        try:
            narrowed = queryset.filter(_beyond(ordering, keys, forward=forward))
            if not forward:
                narrowed = narrowed.order_by(*_reversed(ordering))
            rows = list(narrowed[: limit + 1])
        except (ValueError, TypeError, OverflowError, ValidationError):
            # A key of the wrong type for its column: not a cursor this list gave out.
            raise _bad("cursor is not a cursor this list gave out.") from None
        more = len(rows) > limit
        rows = rows[:limit]
        if forward:
            has_next, has_prev = more, True
        else:
            rows.reverse()
            has_next, has_prev = True, more
    else:
        offset = _whole(request, ("offset", "start"), "offset") or 0
        if offset < 0:
            raise _bad("offset must not be negative.")
        offset = min(offset, MAX_OFFSET)  # past the end: an empty page
        rows = list(queryset[offset : offset + limit + 1])
        has_next = len(rows) > limit
        rows = rows[:limit]
        has_prev = offset > 0

    links = []
    if has_next and rows:
        links.append((_link(request, max=limit, cursor=_cursor(rows[-1], ordering, "n")), "next"))
    if has_prev:
        if rows and offset is None:
            prev = _link(request, max=limit, cursor=_cursor(rows[0], ordering, "p"))
        else:
            prev = _link(request, max=limit, offset=max(0, (offset or 0) - limit))
        links.append((prev, "prev"))
    links.append((_link(request, max=limit), "first"))
    response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)
    return rows
