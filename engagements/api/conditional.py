"""Conditional GETs: If-None-Match answered with 304 when the representation has not moved.

Every representation of an engagement carries an entity tag built from what it is computed
from. The matrix document and the OSCAL plan come from the matrix alone: their tag is the
engagement's (`"<id>-<version>"`, plus the status once it is no longer a draft), the same
one If-Match takes. The findings and the workbook also show who accepted which finding and
depend on the rule settings: their tag adds a short digest of those after a dot
(`"<id>-<version>.<digest>"`), and If-Match reads only the part before the dot. The
exhibit (workbook, PDF) also prints the parties, which live outside the engagement (the
MSP's organisation record, the client's names): its digest covers them too.

A tag is checked before anything is built, so an unchanged document costs the queries that
find the engagement (and, for findings and the workbook, one for the acknowledgements).
"""

import hashlib
import json
import re
from dataclasses import astuple

from django.db.models import Count, Max
from rest_framework import status
from rest_framework.response import Response

from engagements.analysis import AnalysisConfig
from engagements.analysis.stored import settings_digest
from engagements.models import Engagement, FindingAcknowledgement
from engagements.selectors.exhibit import engagement_parties

_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*(?:,|$)')
CACHE_CONTROL = "private, no-cache"


def tags_in(header: str) -> list[str]:
    """The opaque parts of the entity tags in an If-Match or If-None-Match header (weak or
    strong: both headers compare them weakly here)."""
    return [match.group(1) for match in _TAG.finditer(header)]


def findings_etag(
    engagement: Engagement, config: AnalysisConfig | None = None, *, also: str = ""
) -> str:
    """The tag of what shows findings with their acknowledgements (the findings list, the
    workbook): the matrix version, the acknowledgements (how many and the newest: ids only
    grow) and the rules' code and settings, plus `also` when given. One query."""
    marks = FindingAcknowledgement.objects.filter(engagement=engagement).aggregate(
        n=Count("id"), last=Max("id")
    )
    settings = settings_digest(config or AnalysisConfig.from_settings())
    source = f"{marks['n']}-{marks['last']}-{settings}-{also}"
    digest = hashlib.blake2b(source.encode(), digest_size=6).hexdigest()
    matrix = engagement.etag.strip('"')
    return f'"{matrix}.{digest}"'


def exhibit_etag(engagement: Engagement) -> str:
    """The tag of the exhibit workbook and PDF: the findings tag plus the parties as the
    exhibit prints them (the MSP's legal name and address as they stand, or as frozen at
    sign-off, and the client's names). Two queries (none for the parties of a signed
    revision)."""
    parties = engagement_parties(engagement)
    also = json.dumps([astuple(parties), engagement.client.name], ensure_ascii=False)
    return findings_etag(engagement, also=also)


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
