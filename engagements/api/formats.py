"""What goes in and out of the API: strict JSON, pages, the workbook's media type.

Kept apart from base.py because REST_FRAMEWORK's settings name the parser and the paginator:
DRF imports them while its own view classes are being defined, so this module must not
import those.
"""

import json
import threading
from collections import OrderedDict

import orjson
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils import encoders

from engagements.exports import xlsx

# The largest page_size one may ask for (and be served 1,000): any 64-bit number.
MAX_ASKED = 2**63 - 1


class Pagination(PageNumberPagination):
    """?page=N&page_size=M (at most 1,000 a page: more is served as 1,000). A page_size that
    is not a whole number from 1 is a 400 (DRF would quietly use the default); a page past
    the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 19 and 1 <= int(raw) <= MAX_ASKED):
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        # DRF reads ?page= (empty) as page 1; the schema says a number, so it is no page.
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound("Invalid page.")
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_ASKED  # more than 1,000 is served as 1,000
        return parameters


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


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its media type; the view returns the bytes."""

    media_type = xlsx.MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class FastJSONRenderer(JSONRenderer):
    """JSON written by orjson: the same text DRF's renderer gives for the plain values our
    serializers return (strings, numbers, lists, dicts, dates), several times faster on a
    large matrix document or findings list. Anything orjson does not know natively goes
    through DRF's own encoder; an indented answer (the browsable API asks for one) is left to
    DRF."""

    # Dates, dataclasses and the like go to DRF's encoder, so they read as DRF writes them.
    _OPTIONS = (
        orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
    )

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        if self.get_indent(accepted_media_type, renderer_context):
            if isinstance(data, Encoded):
                data = data.data
            return super().render(data, accepted_media_type, renderer_context)
        if isinstance(data, Encoded):
            return data.body
        try:
            text = orjson.dumps(data, default=self._encoder.default, option=self._OPTIONS)
        except TypeError:  # e.g. an integer beyond 64 bits: DRF's encoder takes it
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: these two are valid JSON but end a line in JavaScript.
        return text.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")

    _encoder = encoders.JSONEncoder()


class Encoded:
    """A JSON answer already written (by `FastJSONRenderer`, so byte for byte what it would
    write): the renderer sends the bytes as they are; an indented answer (the browsable API)
    reads them back first."""

    __slots__ = ("body",)

    def __init__(self, body: bytes):
        self.body = body

    @classmethod
    def of(cls, data) -> "Encoded":
        return cls(FastJSONRenderer().render(data))

    @property
    def data(self):
        return orjson.loads(self.body)


class EncodedCache:
    """The last answers written, by key, up to a number of bytes in all, least recently used
    out first: one process's memory of documents it has already built. Keys must name
    everything the answer shows (the matrix document's: the engagement's version, status,
    last change and client), so a stale answer is never found, only forgotten."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key) -> Encoded | None:
        with self._lock:
            body = self._entries.get(key)
            if body is None:
                return None
            self._entries.move_to_end(key)
            return Encoded(body)

    def put(self, key, encoded: Encoded) -> None:
        size = len(encoded.body)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._entries[key] = encoded.body
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


class PdfRenderer(BaseRenderer):
    """Lets a client ask for the exhibit PDF by its media type; the view returns the bytes."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
