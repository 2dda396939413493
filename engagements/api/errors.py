"""Errors as JSON: what the services raise, translated for API clients.

- Django `ValidationError` (bad input the service found) -> 400, field -> messages, like a
  serializer's errors;
- Django `PermissionDenied` (visible but not allowed) -> 403 {"detail"};
- `RaciError` -> its status: 409 for a revision that cannot change or a transition its
  status does not allow, 412 for a stale version (with the current version), 428 for a
  missing If-Match;
- the database refusing a value or a concurrent duplicate -> 400 / 409, never a 500;
- a workbook that cannot be imported -> 400 {"detail", "errors": [{"sheet", "cell",
  "message"}]}, every problem where a person can find it;
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE (or any request Django finds suspicious) -> 400
  in JSON, not Django's HTML page.

It is the project's EXCEPTION_HANDLER: every API view raises, none builds an error response
of its own. The shapes are described for the schema in `serializers/errors.py`.
"""

import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from engagements.errors import RaciError, StaleVersion
from engagements.exports.imports import WorkbookError

logger = logging.getLogger(__name__)


def validation_detail(exc: DjangoValidationError) -> dict:
    """A Django ValidationError as {field: [messages]} ("__all__" -> non_field_errors)."""
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
            for key, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": f"The request body is larger than {limit:,} bytes."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, SuspiciousOperation):
        return Response({"detail": "Bad request."}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, WorkbookError):
        return Response(
            {
                "detail": exc.message,
                "errors": [
                    {"sheet": p.sheet, "cell": p.cell, "message": p.message} for p in exc.problems
                ],
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": exc.message, "current_version": exc.current_version},
            status=exc.status_code,
        )
    if isinstance(exc, RaciError):
        return Response({"detail": exc.message}, status=exc.status_code)
    if isinstance(exc, IntegrityError):
        # The services check uniqueness first; this is two requests racing for the same name.
        logger.warning("API write refused by a database constraint: %s", exc)
        return Response(
            {"detail": "That conflicts with a change made at the same moment. Reload and retry."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, (DataError, OverflowError)):
        # A number too large for a database column, typed into a filter or a body field
        # that did not check its range: bad input, not a server error.
        logger.warning("API value refused by the database: %s", exc)
        return Response(
            {"detail": "A value is out of the range the database can store."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)
