"""What goes in and out of the API: strict JSON, pages, the workbook's media type.

Kept apart from base.py because REST_FRAMEWORK's settings name the parser and the paginator:
DRF imports them while its own view classes are being defined, so this module must not
import those.
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer

from engagements.exports import xlsx


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


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its media type; the view returns the bytes."""

    media_type = xlsx.MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data
