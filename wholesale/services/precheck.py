"""The one precheck strategy (FEATURES PV-7, API-1, API-2): a precheck returns the problems the
real operation would raise, changing nothing, and the API answers PRECHECK_OK when there are
none. Customer prechecks collect every problem; subscriber prechecks run the real service and
roll it back, so the two can never disagree."""

from portal.errors import ApplicationError, Problem

#: The API's answer to a precheck without problems (Webex: infoCode 100).
PRECHECK_OK = {"infoCode": 100, "description": "Provisioning preCheck validation successful."}


def precheck_answer(problems: list[Problem]) -> dict:
    """PRECHECK_OK, or the problems as one ApplicationError (Webex's error body)."""
    if problems:
        raise ApplicationError.from_problems(problems)
    return {"message": "success", "info": [PRECHECK_OK]}
