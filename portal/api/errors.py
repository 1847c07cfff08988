"""Every API error answers with Webex's error body:

{"message": "...", "errors": [{"description": "..."}], "trackingId": "..."}
"""

import uuid

from django.http import JsonResponse


def tracking_id(request) -> str:
    existing = getattr(request, "tracking_id", None)
    if existing is None:
        existing = request.tracking_id = f"PORTAL_{uuid.uuid4()}"
    return existing


def error_response(request, status: int, message: str, descriptions=None) -> JsonResponse:
    """`descriptions` are strings, or dicts like {"errorCode": 4090, "description": "…"}."""
    body = {
        "message": message,
        "errors": [
            d if isinstance(d, dict) else {"description": d} for d in (descriptions or [message])
        ],
        "trackingId": tracking_id(request),
    }
    response = JsonResponse(body, status=status)
    response["TrackingID"] = body["trackingId"]
    return response
