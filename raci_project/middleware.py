"""What every response carries, in one cheap outermost middleware: a request id (taken from
a proxy's X-Request-ID when it is a plain token, else a new one), a Permissions-Policy that
turns off browser features the app never uses, and one structured log line per request."""

import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

log = logging.getLogger("raci.request")

# Camera, microphone, location, payment and the like: nothing in raci uses them, so no
# script that got onto a page could either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _user_id(request) -> int | None:
    """The user's id if this request already loaded them; never a query just to log it."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)
    if user is None or user is empty:
        return None
    return getattr(user, "pk", None)


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.log_requests = settings.REQUEST_LOG

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self.log_requests:
            log.info(
                json.dumps(
                    {
                        "request_id": request.id,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": _user_id(request),
                    }
                )
            )
        return response
