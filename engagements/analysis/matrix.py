"""Rules over the matrix itself: who is Accountable and Responsible for each activity."""

from collections.abc import Iterator

from ..matrix_data import MatrixData
from ..models import MatrixRow
from .core import AnalysisConfig, Finding, Severity, rule


def row_subject(row: MatrixRow) -> dict:
    """The subject fields of a finding about one matrix row."""
    return {"domain": row.activity.domain.code, "activity": row.activity.code, "row_id": row.id}


@rule
def gap_no_accountable(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A duty with no Accountable party is a gap: nobody answers for it."""
    for row in data.in_scope_rows:
        if not data.roles_with(row, "A"):
            yield Finding(
                code="GAP_NO_ACCOUNTABLE",
                severity=Severity.ERROR,
                message=f'Nobody is accountable for "{row.activity.name}".',
                suggestion="Mark exactly one role A (Accountable) on this activity.",
                **row_subject(row),
            )


@rule
def overlap_multiple_accountable(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Two Accountables is an overlap: each will assume the other answers for it."""
    for row in data.in_scope_rows:
        accountable = data.roles_with(row, "A")
        if len(accountable) > 1:
            names = ", ".join(role.name for role in accountable)
            yield Finding(
                code="OVERLAP_MULTIPLE_ACCOUNTABLE",
                severity=Severity.ERROR,
                message=f'{len(accountable)} roles are accountable for "{row.activity.name}": '
                f"{names}.",
                suggestion="Keep one A and change the others to R, C or I.",
                **row_subject(row),
            )


@rule
def gap_no_responsible(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A duty nobody is Responsible for does not get done."""
    for row in data.in_scope_rows:
        if not data.roles_with(row, "R"):
            yield Finding(
                code="GAP_NO_RESPONSIBLE",
                severity=Severity.ERROR,
                message=f'Nobody does the work for "{row.activity.name}".',
                suggestion="Mark the role that does the work R (an A/R cell counts).",
                **row_subject(row),
            )
