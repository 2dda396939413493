"""Rules about time and people: which hours of the week are looked after, and what happens
when the one person doing the work is away."""

from collections.abc import Iterator

from engagements.analysis.core import AnalysisConfig, Finding, Severity, row_rule, rule
from engagements.analysis.data import MatrixData
from engagements.analysis.derived import week_windows
from engagements.analysis.matrix import activities_text, joined, role_names, row_subject
from engagements.models import MatrixRow, Role, Side, Window
from engagements.models.choices import NEED_IN_SENTENCE, WINDOWS_NEEDED


@row_rule
def gap_coverage(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """An activity that must be looked after in a part of the week nobody covers: the alert
    at 2 a.m. on a Sunday goes unanswered."""
    week = week_windows(data.engagement)
    for row in data.in_scope_rows:
        need = row.required_coverage
        covered = data.row_coverage(row)
        missing = [week[w] for w in WINDOWS_NEEDED.get(need, ()) if w not in covered]
        if not missing:
            continue
        hours = sum(part.hours for part in missing)
        yield Finding(
            code="GAP_COVERAGE",
            severity=Severity.ERROR,
            message=f'"{row.activity.name}" needs {NEED_IN_SENTENCE.get(need, need)} cover, but '
            f"nobody covers {joined([part.describe() for part in missing])}.",
            suggestion=f"Name a role to cover {joined([part.name for part in missing])} "
            f"({hours:g} h a week; usually an MSP role such as the NOC or SOC), "
            "or lower the activity's coverage need if it can wait for business hours.",
            **row_subject(row),
        )


def _person(role: Role) -> str:
    return role.person_name.strip().casefold()


def _covers_for(backup: Role | None, role: Role) -> bool:
    """Whether `backup` can step in for `role`: another role, and not the same person."""
    if backup is None or backup.id == role.id:
        return False
    return not (_person(role) and _person(backup) == _person(role))


def _has_backup(data: MatrixData, role: Role) -> bool:
    return _covers_for(data.roles_by_id.get(role.absence_backup_id), role)


def _row_backup_covers(data: MatrixData, row: MatrixRow, role: Role) -> bool:
    """Whether the activity's own absence backup can step in for this role."""
    return _covers_for(data.row_coverage(row).get(Window.ABSENCE_BACKUP), role)


@row_rule
def risk_single_point_of_failure(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """All the work on an activity rests on one named person with nobody to step in: the
    article's IT department "held together by one person"."""
    for row in data.in_scope_rows:
        doers = data.roles_with(row, "R")
        if not doers or not all(_person(role) for role in doers):
            continue
        people = {_person(role) for role in doers}
        if len(people) != 1 or any(_has_backup(data, role) for role in doers):
            continue
        if _row_backup_covers(data, row, doers[0]):
            continue
        person = doers[0].person_name.strip()
        yield Finding(
            code="RISK_SINGLE_POINT_OF_FAILURE",
            severity=Severity.WARNING,
            message=f'"{row.activity.name}" rests on one person, {person} '
            f"({role_names(doers)}), with nobody to step in when they are away.",
            suggestion=f"Give {role_names(doers)} an absence backup (usually an MSP role), "
            "name a backup for this activity, or add a second Responsible role.",
            **row_subject(row),
        )


@rule
def risk_no_absence_cover(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """An internal role that does work and has nobody to cover its vacations and sick leave;
    covering absences is one of the main things co-managed IT is bought for."""
    for role in data.roles:
        if role.side != Side.INTERNAL or _has_backup(data, role):
            continue
        uncovered = [
            row
            for row in data.in_scope_rows
            if "R" in data.row_cells(row).get(role.id, "")
            and not _row_backup_covers(data, row, role)
        ]
        if not uncovered:
            continue
        who = f"{role.name} ({role.person_name.strip()})" if _person(role) else role.name
        yield Finding(
            code="RISK_NO_ABSENCE_COVER",
            severity=Severity.WARNING,
            message=f"{who} does the work on {activities_text(uncovered)}, and nobody is "
            "named to cover for them during vacations or sick leave.",
            suggestion=f"Set an absence backup for {role.name}, usually the MSP role that "
            "knows the work best, or name a backup on each of those activities.",
            role=role.name,
            role_id=role.id,
        )
