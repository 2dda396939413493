"""Rules about the engagement as a whole: does the matrix match the service model sold,
does the client hear about work done on its behalf, is one role carrying everything."""

from collections.abc import Iterator

from engagements.analysis.core import AnalysisConfig, Finding, Severity, row_rule, rule
from engagements.analysis.data import MatrixData
from engagements.analysis.matrix import activities_text, role_names, row_subject
from engagements.models import ServiceModel, Side


@rule
def model_mismatch(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """The matrix contradicts the service model: a fully managed client's own staff still
    doing IT work, or a co-managed client whose internal team does nothing."""
    engagement = data.engagement
    internal = [role for role in data.roles if role.side == Side.INTERNAL]
    # One pass over the rows: the rows each internal role is R on (in matrix order), and
    # whether anyone at all is R anywhere.
    doing: dict[int, list] = {role.id: [] for role in internal}
    someone_works = False
    for row in data.in_scope_rows:
        for role_id, letters in data.row_cells(row).items():
            if "R" in letters:
                someone_works = True
                if role_id in doing:
                    doing[role_id].append(row)
    if engagement.service_model == ServiceModel.FULLY_MANAGED:
        busy = [role for role in internal if doing[role.id]]
        if not busy:
            return
        busy_rows = {row.id for role in busy for row in doing[role.id]}
        rows = [row for row in data.in_scope_rows if row.id in busy_rows]
        yield Finding(
            code="MODEL_MISMATCH",
            severity=Severity.WARNING,
            message=f"This engagement is fully managed, yet {role_names(busy)} on the "
            f"client's side {'does' if len(busy) == 1 else 'do'} the work on "
            f"{activities_text(rows)}.",
            suggestion="Move that work to an MSP role, or make the engagement co-managed if "
            "the client's staff really keep it.",
        )
    elif engagement.service_model == ServiceModel.CO_MANAGED:
        if any(doing.values()) or not someone_works:
            return
        yield Finding(
            code="MODEL_MISMATCH",
            severity=Severity.WARNING,
            message="This engagement is co-managed, yet no internal role is responsible for "
            "any activity: the MSP and vendors do all the work.",
            suggestion="Give the internal team the work it keeps (R), or make the engagement "
            "fully managed if the MSP really does it all.",
        )


@row_rule
def gap_client_not_informed(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """In a co-managed engagement the client's team stays in charge; work the MSP answers
    for without anyone internal even being told erodes that control."""
    if data.engagement.service_model != ServiceModel.CO_MANAGED:
        return
    for row in data.in_scope_rows:
        cells = data.row_cells(row)
        if any(cells.get(role.id) for role in data.roles if role.side == Side.INTERNAL):
            continue
        accountable = data.roles_with(row, "A")
        if accountable:
            verb = "answers" if len(accountable) == 1 else "answer"
            message = (
                f"{role_names(accountable, sides=True)} {verb} for "
                f'"{row.activity.name}", and nobody in the client\'s IT team is even informed.'
            )
        else:
            message = (
                f'Nobody in the client\'s IT team is involved in "{row.activity.name}", not '
                "even informed."
            )
        yield Finding(
            code="GAP_CLIENT_NOT_INFORMED",
            severity=Severity.WARNING,
            message=message,
            suggestion="Mark at least one internal role I (Informed), usually the client IT "
            "manager, so the client hears what is done on its behalf.",
            **row_subject(row),
        )


@rule
def role_overloaded(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """One role carrying most of the work: check it has the people to do it."""
    counts: dict[int, int] = {}
    for row in data.in_scope_rows:
        for role_id, letters in data.row_cells(row).items():
            if "R" in letters:
                counts[role_id] = counts.get(role_id, 0) + 1
    total = sum(counts.values())
    if not total:
        return
    for role in data.roles:
        held = counts.get(role.id, 0)
        share = held / total
        if share > config.role_overload_share:
            yield Finding(
                code="ROLE_OVERLOADED",
                severity=Severity.INFO,
                message=f"{role.name} is responsible for {held} of the {total} R letters in "
                f"this engagement ({share:.0%}).",
                suggestion=f"Check {role.name} has the people to do it, or share the work "
                "with other roles.",
                role=role.name,
                role_id=role.id,
            )
