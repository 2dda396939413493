"""An edited workbook back into a draft engagement, checked cell by cell.

`import_workbook` reads the RACI matrix, Coverage and Tools sheets of a workbook raci
exported (see ..xlsx and ..layout), matches activities by code and roles by name,
validates everything, and reports every problem with its sheet and cell. Nothing is
applied unless the whole workbook is valid; then all of it is applied as one change
(`services.matrix_changes_apply`: one version check, one version bump), recorded as coming
through the import door. A dry run returns the changes
it would make and writes nothing.

The file is untrusted: it is size-checked, refused if it carries macros, opened in
openpyxl's read-only mode (defusedxml guards the XML) and read row by row.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from engagements import services
from engagements.doors import through
from engagements.exports.imports.checking import Checker
from engagements.exports.imports.reading import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, read_sheets
from engagements.exports.imports.results import (
    Change,
    ImportResult,
    Problem,
    WorkbookError,
    WorkbookInvalid,
    WorkbookRefused,
)
from engagements.models import Door, Engagement
from engagements.permissions import can_edit
from engagements.selectors.matrix import load_matrix

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Change",
    "ImportResult",
    "Problem",
    "WorkbookError",
    "WorkbookInvalid",
    "WorkbookRefused",
    "import_workbook",
    "read_sheets",
]


def import_workbook(
    *,
    engagement: Engagement,
    file,
    by,
    filename: str = "",
    dry_run: bool = False,
    from_other: bool = False,
) -> ImportResult:
    """Check a workbook against a draft and apply it whole, or (dry run) say what would
    change. Raises WorkbookRefused / WorkbookInvalid (with every problem), PermissionDenied,
    or the services' errors (a frozen revision, a matrix changed meanwhile). A workbook
    exported from another engagement or revision is refused unless `from_other` says the
    matrix is being copied on purpose."""
    if not can_edit(by, engagement):
        raise PermissionDenied("Only the account manager of this client can import its scope.")
    services.engagement_ensure_editable(engagement)
    sheets = read_sheets(file, filename)
    with through(Door.IMPORT), transaction.atomic():
        queryset = Engagement.objects.select_related("client")
        if not dry_run:
            queryset = queryset.select_for_update(of=("self",))
        current = queryset.get(pk=engagement.pk)
        services.engagement_ensure_editable(current)
        data = load_matrix(current)
        checker = Checker(data, sheets, from_other=from_other)
        plan = checker.check()
        if not dry_run and plan.changes:
            try:
                services.matrix_changes_apply(
                    engagement=current,
                    changes=plan.matrix,
                    by=by,
                    expected_version=current.version,
                )
            except ValidationError as exc:
                messages = [
                    Problem("", "", f"{key}: {message}" if key != "__all__" else message)
                    for key, values in exc.message_dict.items()
                    for message in values
                ]
                raise WorkbookInvalid(
                    "The workbook could not be applied; nothing was imported.", messages
                ) from exc
    engagement.version = current.version
    return ImportResult(
        changes=plan.changes,
        applied=not dry_run and bool(plan.changes),
        version=current.version,
        warnings=plan.warnings,
    )
