"""The one error type of the portal (STYLE rule 7): a domain rule, or a malformed request, said
no. Services, selectors, filter sets and API routers raise it; one HTML handler (forms show it
next to `field`) and one API handler (Webex's error body, portal.api.root) render it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a request cannot succeed: an error code (or none), words, the HTTP status."""

    code: int | None
    description: str
    status: int = 400

    def as_json(self) -> dict:
        """One entry of the Webex error body's `errors` list."""
        if self.code is None:
            return {"description": self.description}
        return {"errorCode": self.code, "description": self.description}


class ApplicationError(Exception):
    """`message` is the headline; `problems` the itemised reasons (one, from message and code,
    when not given); `field` names the form or API field at fault, if one is."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: int | None = None,
        field: str | None = None,
        problems: list[Problem] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        #: Extra response headers both handlers set (e.g. Retry-After on a 429).
        self.headers = dict(headers or {})
        self.message = message
        self.status = status
        self.code = code
        self.field = field
        self.problems = list(problems) if problems else [Problem(code, message, status)]

    @classmethod
    def from_problems(cls, problems: list[Problem], *, field: str | None = None):
        """400 when any input is malformed, else the first problem's status (404, 409 …)."""
        status = 400 if any(p.status == 400 for p in problems) else problems[0].status
        return cls(
            problems[0].description,
            status=status,
            code=problems[0].code,
            field=field,
            problems=problems,
        )

    @property
    def descriptions(self) -> list[str]:
        return [p.description for p in self.problems]
