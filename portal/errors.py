class ApplicationError(Exception):
    """A domain rule said no. Views show the message next to the form; the API answers 400
    (or the status given) with Webex's error body."""

    def __init__(self, message: str, *, status: int = 400, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.extra = extra or {}
