"""Conditional GETs: If-None-Match answered with 304 when the representation has not moved.

Every representation of an engagement carries an entity tag built from what it is computed
from. The matrix document and the OSCAL plan come from the matrix alone: their tag is the
engagement's (`"<id>-<version>"`, plus the status once it is no longer a draft), the same
one If-Match takes. The findings and the workbook also show who accepted which finding and
depend on the rule settings: their tag adds a short digest of those after a dot
(`"<id>-<version>.<digest>"`), and If-Match reads only the part before the dot.

A tag is checked before anything is built, so an unchanged document costs the queries that
find the engagement (and, for findings and the workbook, one for the acknowledgements).
"""

import hashlib
import re

from django.db.models import Count, Max
from rest_framework import status
from rest_framework.response import Response

from engagements.analysis import AnalysisConfig
from engagements.analysis.stored import settings_digest
from engagements.models import Engagement, FindingAcknowledgement

_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*(?:,|$)')
CACHE_CONTROL = "private, no-cache"


def tags_in(header: str) -> list[str]:
    """The opaque parts of the entity tags in an If-Match or If-None-Match header (weak or
    strong: both headers compare them weakly here)."""
    return [match.group(1) for match in _TAG.finditer(header)]


def findings_etag(engagement: Engagement, config: AnalysisConfig | None = None) -> str:
    """The tag of what shows findings with their acknowledgements (the findings list, the
    workbook): the matrix version, the acknowledgements (how many and the newest: ids only
    grow) and the rules' code and settings. One query."""
    marks = FindingAcknowledgement.objects.filter(engagement=engagement).aggregate(
        n=Count("id"), last=Max("id")
    )
    settings = settings_digest(config or AnalysisConfig.from_settings())
    source = f"{marks['n']}-{marks['last']}-{settings}"
    digest = hashlib.blake2b(source.encode(), digest_size=6).hexdigest()
    matrix = engagement.etag.strip('"')
    return f'"{matrix}.{digest}"'


def not_modified(request, etag: str) -> Response | None:
    """304 with the tag when If-None-Match names it (or is "*"); None otherwise."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return None
    if header.strip() != "*" and etag.strip('"') not in tags_in(header):
        return None
    response = Response(status=status.HTTP_304_NOT_MODIFIED)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
