"""Rules over the matrix itself: who is Accountable and Responsible for each activity."""

from collections.abc import Iterator

from engagements.analysis.core import AnalysisConfig, Finding, Severity, row_rule
from engagements.analysis.data import MatrixData
from engagements.models import MatrixRow, Side


def row_subject(row: MatrixRow) -> dict:
    """The subject fields of a finding about one matrix row."""
    return {"domain": row.activity.domain.code, "activity": row.activity.code, "row_id": row.id}


@row_rule
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


@row_rule
def overlap_multiple_accountable(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Two Accountables is an overlap: each will assume the other answers for it."""
    for row in data.in_scope_rows:
        accountable = data.roles_with(row, "A")
        if len(accountable) > 1:
            yield Finding(
                code="OVERLAP_MULTIPLE_ACCOUNTABLE",
                severity=Severity.ERROR,
                message=f'{len(accountable)} roles are accountable for "{row.activity.name}": '
                f"{role_names(accountable, sides=True)}.",
                suggestion="Keep one A and change the others to R, C or I.",
                **row_subject(row),
            )


@row_rule
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


def joined(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c" """
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def role_names(roles, sides: bool = False) -> str:
    """ "MSP NOC", "MSP NOC and MSP SOC", "A, B and C"; with sides, "MSP NOC (MSP)"."""
    return joined([f"{r.name} ({Side(r.side).label})" if sides else r.name for r in roles])


def activities_text(rows: list[MatrixRow]) -> str:
    """'"Deploy server patches"' for one row, '3 activities (such as "...")' for more."""
    if len(rows) == 1:
        return f'"{rows[0].activity.name}"'
    return f'{len(rows)} activities (such as "{rows[0].activity.name}")'


@row_rule
def overlap_unsplit_shared(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """When the client's team and the MSP both do the work and nobody wrote down who does
    which part, each side assumes the other has it covered."""
    for row in data.in_scope_rows:
        if row.split_note.strip():
            continue
        doers = data.roles_with(row, "R")
        internal = [role for role in doers if role.side == Side.INTERNAL]
        msp = [role for role in doers if role.side == Side.MSP]
        if internal and msp:
            yield Finding(
                code="OVERLAP_UNSPLIT_SHARED",
                severity=Severity.WARNING,
                message=f"Both {role_names(internal)} ({Side.INTERNAL.label}) and "
                f"{role_names(msp)} ({Side.MSP.label}) "
                f'do the work on "{row.activity.name}", and nobody has written down how it is '
                "split.",
                suggestion="Write a split note saying which part each side does (for example "
                "business hours versus nights, or which systems), or leave R with one side.",
                **row_subject(row),
            )


@row_rule
def warn_too_many_responsible(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Too many hands on one duty: when everyone is Responsible, nobody quite is."""
    for row in data.in_scope_rows:
        doers = data.roles_with(row, "R")
        if len(doers) > config.max_responsible:
            yield Finding(
                code="WARN_TOO_MANY_RESPONSIBLE",
                severity=Severity.WARNING,
                message=f'{len(doers)} roles are responsible for "{row.activity.name}" (more '
                f"than {config.max_responsible}): {role_names(doers)}.",
                suggestion="Keep R for the roles that really do the work and make the others "
                "C (asked first) or I (told after).",
                **row_subject(row),
            )


@row_rule
def info_no_consulted_or_informed(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Work that nobody is asked about or told about happens in a silo."""
    for row in data.in_scope_rows:
        doers = data.roles_with(row, "R")
        if not doers:
            continue  # nobody does it yet: GAP_NO_RESPONSIBLE says so
        letters = "".join(data.row_cells(row).values())
        if "C" in letters or "I" in letters:
            continue
        involved = [role for role in data.roles if data.row_cells(row).get(role.id)]
        yield Finding(
            code="INFO_NO_CONSULTED_OR_INFORMED",
            severity=Severity.INFO,
            message=f"Nobody beyond {role_names(involved)} is consulted or informed about "
            f'"{row.activity.name}".',
            suggestion="Mark who should be asked first (C) or told afterwards (I), so the work "
            "does not happen in a silo.",
            **row_subject(row),
        )
