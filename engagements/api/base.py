"""What every API view shares: safe ids, strict JSON, pagination, If-Match, the door."""

import json
import re

from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser

from engagements.doors import through
from engagements.errors import RaciError, StaleVersion
from engagements.models import Door
from engagements.models.labels import person_name

# Database ids are 64-bit; anything larger (or not a plain number) cannot name a row.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A positive database id from a URL or query string, or None if it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def id_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise NotFound("Not found.")
    return number


class Pagination(PageNumberPagination):
    """?page=N&page_size=M (at most 1,000 a page)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


class StrictJSONParser(JSONParser):
    """JSON only, with no text the database could not store (lone UTF-16 surrogates) and no
    nesting so deep that reading it would exhaust the stack. (Its size is held to
    DATA_UPLOAD_MAX_MEMORY_SIZE by Django: see errors.py.)"""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the body is nested too deeply.") from exc
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("JSON parse error - the body contains invalid Unicode text.") from exc
        return data


class SafeIdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id; a number too large, a boolean or a float is a 400, not a 500."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        number = parse_id(data)
        if number is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class ApiViewMixin:
    """Every write that comes through the API is recorded as the API door."""

    parser_classes = [StrictJSONParser]
    pagination_class = Pagination
    # Ids in URLs: anything without a slash reaches the view, which answers 404 in JSON for
    # what is not a valid id (instead of Django's HTML 404 from the resolver).
    lookup_value_regex = "[^/]+"

    def dispatch(self, request, *args, **kwargs):
        with through(Door.API):
            return super().dispatch(request, *args, **kwargs)


# -- If-Match: optimistic concurrency on the matrix ------------------------------------------

_ETAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*(?:,|$)')


class PreconditionRequired(RaciError):
    status_code = 428


def if_match_version(request, engagement, *, required: bool) -> int | None:
    """The matrix version the client says it last saw, from the If-Match header.

    None when the header is absent and optional. Missing when required is 428; a value that
    is not this engagement's current ETag is 412 (nothing is changed either way).
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired(
                "This change needs an If-Match header with the matrix ETag: GET the matrix, "
                "then send its ETag header back as If-Match."
            )
        return None
    tags = [match.group(1) for match in _ETAG.finditer(header)]
    current = engagement.etag.strip('"')
    if current in tags:
        return engagement.version
    who = person_name(engagement.updated_by) or "someone else"
    raise StaleVersion(
        f"The matrix was changed by {who} since you loaded it: If-Match does not match its "
        f"current ETag {engagement.etag}. GET it again, re-apply your change and retry.",
        current_version=engagement.version,
        changed_by=who,
    )


@csrf_exempt  # a 404 is the answer whatever the method; CSRF would make it an HTML 403
def api_not_found(request, *args, **kwargs):
    """Any /api/ path nothing else matched: a JSON 404, like the API's own (not Django's HTML
    page), with a hint when only the trailing slash is missing."""
    from django.http import JsonResponse
    from django.urls import Resolver404, resolve

    detail = "Not found."
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            detail = f"Not found. API paths end with a slash: {request.path}/"
    return JsonResponse({"detail": detail}, status=404)
