"""If-Match: optimistic concurrency on an engagement's matrix, read the same way everywhere.

Every write to a matrix (its cells and coverage, roles, rows, tools, control
responsibilities, a move to the other model) may carry the ETag the client last read
(`"<engagement id>-<version>"`, weak or strong, alone or in a list). The views say which
methods read it in `if_match = {"PATCH": "required", ...}`, which the schema documents.

One grammar: the header matches when one of its entity tags is the engagement's current
ETag. Anything else, "*" and text that is not an entity tag included, is a 412 with the
current version, and nothing is changed.
"""

from engagements.api.conditional import tags_in
from engagements.errors import RaciError, StaleVersion
from engagements.models import Engagement
from engagements.models.labels import person_name


class PreconditionRequired(RaciError):
    status_code = 428


def if_match_version(request, engagement: Engagement, *, required: bool) -> int | None:
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
    # A findings or workbook tag adds ".<digest>" to the matrix's: only the matrix counts here.
    tags = [tag.split(".", 1)[0] for tag in tags_in(header)]
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
