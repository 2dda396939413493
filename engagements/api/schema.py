"""The OpenAPI schema, made to tell the truth about errors.

drf-spectacular documents the successful responses; this adds to every operation the error
responses it can really give, so clients (and schemathesis) can rely on the schema:

- 401 and 403 on everything that needs a login;
- 404 on everything with an id in its path, and on paginated lists (no such page);
- 400 and 415 on every request with a body (415: not a media type it reads), and 400 on
  every operation with query parameters (other than ?format=);
- 409 on every authenticated write (the revision is not a draft, a transition is not
  allowed, or a concurrent change got there first), unless the view sets
  `may_conflict = False`;
- 412 and 428 where a view reads If-Match (`if_match = {"PATCH": "required", ...}` on the
  view), with the If-Match header itself documented.

It is the project's DEFAULT_SCHEMA_CLASS, so every API view gets the same treatment. A view
that answers an error in its own words, or with its own shape, declares it with
`error_response` in its `extend_schema(responses=...)`: the same shapes, from one place.
"""

import re
import unicodedata

import uritemplate
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings

from engagements.api.serializers.errors import ErrorSerializer, StaleErrorSerializer
from engagements.models.validators import one_line

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ERROR_DESCRIPTIONS = {
    400: "Bad input: field -> list of messages (nested for lists of cells). Nothing was changed.",
    401: "Not logged in: send `Authorization: Token <key>` or a session cookie.",
    403: "Logged in, and allowed to see this, but not to do this (for example a client IT "
    "manager editing the matrix).",
    404: "No such object, or not one you can see (other clients' data is never confirmed "
    "to exist), or no such page.",
    409: "The revision cannot change in its status (in review, signed off or superseded), "
    "or the workflow does not allow this step now.",
    412: "If-Match does not match the matrix's current ETag: someone changed it since you "
    "read it. Nothing was changed; GET it again.",
    428: "If-Match is required: send the ETag you got from GET.",
    415: "The body is not in a media type this operation reads (JSON, or the form or upload "
    "it documents).",
}

# Free-form: {field: [messages]} or {"cells": [{}, {"letters": [...]}]}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": True,
    "description": "Field name -> list of messages; non_field_errors for the whole request.",
}


# The engagement named in a path, for views whose path parameter drf-spectacular cannot type
# from a queryset: {id} ("id", after the model's primary key) or {engagement_pk}.
ENGAGEMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The engagement's id."
)
ENGAGEMENT_PK = OpenApiParameter(
    "engagement_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The engagement's id."
)


# A filter's form-field limits, as JSON Schema keywords.
FILTER_LIMITS = {
    "max_length": "maxLength",
    "min_length": "minLength",
    "min_value": "minimum",
    "max_value": "maximum",
}


def error_response(code: int, description: str = "", body=None) -> OpenApiResponse:
    """The error response for a status, as errors.exception_handler answers it: field ->
    messages for a 400, the current version with a 412, {"detail"} otherwise (or `body`,
    for a view with its own shape), in the standard words unless the view has its own."""
    if body is None:
        body = {400: VALIDATION_ERROR_SCHEMA, 412: StaleErrorSerializer}.get(code, ErrorSerializer)
    return OpenApiResponse(body, description=description or ERROR_DESCRIPTIONS[code])


def error_responses(*codes: int, media_type: str | None = None) -> dict:
    """Standard error responses for `extend_schema(responses=...)`. With media_type (for a
    view whose successes are not JSON) each is keyed (code, media_type)."""
    return {
        (code if media_type is None else (code, media_type)): error_response(code) for code in codes
    }


def viewset_schema(read, **actions) -> extend_schema_view:
    """extend_schema_view for a viewset's actions, each given its summary. A write given as
    (summary, request serializer) takes that serializer and answers with `read`: 201 for
    create, 200 otherwise."""
    schemas = {}
    for action, spec in actions.items():
        if isinstance(spec, tuple):
            summary, request = spec
            code = 201 if action == "create" else 200
            schemas[action] = extend_schema(
                summary=summary, request=request, responses={code: read}
            )
        else:
            schemas[action] = extend_schema(summary=spec)
    return extend_schema_view(**schemas)


def _one_line_pattern() -> str:
    """The characters `one_line` refuses (Unicode Cc and Cf), as a pattern of what a name may
    hold, written with the characters themselves rather than escapes.

    Only the Basic Multilingual Plane is listed: the dozen astral format characters (the
    Unicode tags U+E0001 and U+E0020-E007F, a few musical and Egyptian controls) are refused
    by the API all the same, but a pattern naming them cannot be rewritten by schemathesis,
    which turns `*` into `{min,max}` through Python's parser and hands the result to a regex
    engine without `\\U` escapes."""
    refused = [code for code in range(0x10000) if unicodedata.category(chr(code)) in ("Cc", "Cf")]
    ranges, start = [], refused[0]
    for previous, code in zip(refused, refused[1:] + [None], strict=True):
        if code != previous + 1:
            ranges.append((start, previous))
            start = code
    excluded = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return f"^[^{excluded}]*$"


ONE_LINE_PATTERN = _one_line_pattern()


def _validators(field) -> list:
    """The field's own validators, or those of the model field it writes, for a field a
    serializer declares by hand (the service checks the model's validators either way)."""
    validators = list(getattr(field, "validators", ()))
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is not None and source and "." not in source:
        try:
            validators += model._meta.get_field(source).validators
        except Exception:  # noqa: BLE001 - not a model field (a method or a property)
            pass
    return validators


class RaciAutoSchema(AutoSchema):
    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # A name is one line of visible text (models/validators.one_line): say so, so that a
        # client (and schemathesis) knows a control or invisible character is refused.
        if schema.get("type") == "string" and one_line in _validators(field):
            schema.setdefault("pattern", ONE_LINE_PATTERN)

    def _if_match(self) -> str | None:
        return getattr(self.view, "if_match", {}).get(self.method)

    def _needs_login(self) -> bool:
        return not any(isinstance(p, AllowAny) for p in self.view.get_permissions())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        mode = self._if_match()
        if mode:
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=mode == "required",
                    description='The matrix ETag from GET (for example `"12-7"`). '
                    + (
                        "Required: without it the change is refused with 428."
                        if mode == "required"
                        else "Optional: when sent, a stale value is refused with 412."
                    ),
                )
            )
        return parameters

    def _get_paginator(self):
        # Only a GET of a list is paged; a write that answers with a list (selecting
        # controls) answers with the plain array.
        return super()._get_paginator() if self.method == "GET" else None

    def _get_format_parameters(self):
        # `?format=` left empty is no choice at all: DRF serves the default rendering, so the
        # schema allows the empty value too.
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            enum = parameter.get("schema", {}).get("enum")
            if enum is not None and "" not in enum:
                enum.append("")
        return parameters

    def _get_filter_parameters(self):
        # Filters narrow what a GET lists; a write (a POST that answers a list, like selecting
        # controls) reads no query string, so none is documented on it.
        if self.method != "GET":
            return []
        # The filters' own limits (a name's length, an id's range), so that a value the schema
        # allows is one the filter takes, and one it forbids is one the filter refuses.
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = getattr(filterset_class, "base_filters", {})
        for parameter in parameters:
            schema = parameter.get("schema", {})
            extra = getattr(filters.get(parameter["name"]), "extra", {})
            target = schema.get("items", schema) if schema.get("type") == "array" else schema
            for key, name in FILTER_LIMITS.items():
                if extra.get(key) is not None and name not in target:
                    target[name] = extra[key]
        return parameters

    def _error_codes(self, operation) -> set[int]:
        codes = set()
        login = self._needs_login()
        if login:
            codes |= {401, 403}
        if uritemplate.variables(self.path):
            codes.add(404)
        # Query parameters that are checked (filters, pages); ?format= picks a renderer and
        # an unknown one is a 404, not a 400.
        query = [
            p
            for p in operation.get("parameters", [])
            if p.get("in") == "query" and p["name"] != api_settings.URL_FORMAT_OVERRIDE
        ]
        if query:
            codes.add(400)
        if self.method == "GET" and any(p["name"] == "page" for p in query):
            codes.add(404)
        if self.method in ("POST", "PUT", "PATCH"):
            codes |= {400, 415}
        if login and self.method in WRITE_METHODS and getattr(self.view, "may_conflict", True):
            codes.add(409)
        mode = self._if_match()
        if mode:
            codes.add(412)
        if mode == "required":
            codes.add(428)
        return codes

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in sorted(self._error_codes(operation)):
            if str(code) in responses:
                continue
            responses[str(code)] = self._get_response_for_code(error_response(code), str(code))
        return operation
