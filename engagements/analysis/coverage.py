"""Rules about time and people: which hours of the week are looked after, and what happens
when the one person doing the work is away."""

from collections.abc import Iterator

from engagements.analysis.calendar import holiday_text, upcoming_holidays
from engagements.analysis.core import AnalysisConfig, Finding, Severity, row_rule, rule
from engagements.analysis.data import MatrixData
from engagements.analysis.derived import week_windows
from engagements.analysis.matrix import activities_text, joined, role_names, row_subject
from engagements.models import MatrixRow, Role, Side, Window
from engagements.models.choices import (
    NEED_IN_SENTENCE,
    WINDOW_IN_SENTENCE,
    WINDOWS_NEEDED,
    CoverageNeed,
)

# How many of the next public holidays a finding names.
HOLIDAYS_NAMED = 3


def _next_holidays_text(data: MatrixData, config: AnalysisConfig, weekdays=None) -> str:
    """ "25 Dec 2026, Christmas Day; 1 Jan 2027, New Year's Day" for the client's next public
    holidays (on those weekdays when given); "" when the client has no country."""
    coming = upcoming_holidays(data.engagement.client, start=config.from_date, weekdays=weekdays)
    return "; ".join(holiday_text(day, name) for day, name in coming[:HOLIDAYS_NAMED])


@row_rule
def gap_coverage(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """An activity that must be looked after in a part of the week nobody covers: the alert
    at 2 a.m. on a Sunday goes unanswered."""
    week = week_windows(data.engagement)
    holidays_text = None
    for row in data.in_scope_rows:
        need = row.required_coverage
        covered = data.row_coverage(row)
        missing = [week[w] for w in WINDOWS_NEEDED.get(need, ()) if w not in covered]
        if not missing:
            continue
        hours = sum(part.hours for part in missing)
        missed = ""
        if any(part.window == Window.WEEKENDS_HOLIDAYS for part in missing):
            if holidays_text is None:
                holidays_text = _next_holidays_text(data, config)
            missed = f" (next public holidays: {holidays_text})" if holidays_text else ""
        yield Finding(
            code="GAP_COVERAGE",
            severity=Severity.ERROR,
            message=f'"{row.activity.name}" needs {NEED_IN_SENTENCE.get(need, need)} cover, but '
            f"nobody covers {joined([part.describe() for part in missing])}{missed}.",
            suggestion=f"Name a role to cover {joined([part.name for part in missing])} "
            f"({hours:g} h a week; usually an MSP role such as the NOC or SOC), "
            "or lower the activity's coverage need if it can wait for business hours.",
            **row_subject(row),
        )


def _person(role: Role) -> str:
    return role.person_name.strip().casefold()


def _people(data: MatrixData, role: Role) -> frozenset:
    """Who holds a role: its directory people when it names them, else its written name
    (a role of a revision built before the directory)."""
    people = data.role_people(role)
    if people:
        return frozenset(person.id for person in people)
    return frozenset([_person(role)]) if _person(role) else frozenset()


def _covers_for(data: MatrixData, backup: Role | None, role: Role) -> bool:
    """Whether `backup` can step in for `role`: another role, and not the same people."""
    if backup is None or backup.id == role.id:
        return False
    held = _people(data, role)
    return not (held and _people(data, backup) == held)


def _has_backup(data: MatrixData, role: Role) -> bool:
    if role.absence_backup_person_id is not None and role.absence_backup_person.active:
        return role.absence_backup_person_id not in _people(data, role)
    return _covers_for(data, data.roles_by_id.get(role.absence_backup_id), role)


def _row_backup_covers(data: MatrixData, row: MatrixRow, role: Role) -> bool:
    """Whether the activity's own absence backup can step in for this role."""
    return _covers_for(data, data.row_coverage(row).get(Window.ABSENCE_BACKUP), role)


@row_rule
def risk_single_point_of_failure(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """All the work on an activity rests on one named person with nobody to step in: the
    article's IT department "held together by one person"."""
    for row in data.in_scope_rows:
        doers = data.roles_with(row, "R")
        if not doers or not all(_people(data, role) for role in doers):
            continue
        people = frozenset().union(*(_people(data, role) for role in doers))
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


@rule
def gap_holiday_coverage(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Extended-hours duties covered on working days only: a public holiday on a weekday
    falls in the weekends-and-holidays window, so that day nobody answers them. One finding
    for the engagement, naming the activities and the next such holidays."""
    needed = WINDOWS_NEEDED[CoverageNeed.EXTENDED]
    rows = [
        row
        for row in data.in_scope_rows
        if row.required_coverage == CoverageNeed.EXTENDED
        and Window.WEEKENDS_HOLIDAYS not in (covered := data.row_coverage(row))
        # a row missing working-day cover is already a coverage gap of its own
        and all(window in covered for window in needed)
    ]
    if not rows:
        return
    business_days = {int(d) for d in data.engagement.business_days}
    holidays_text = _next_holidays_text(data, config, weekdays=business_days)
    if not holidays_text:
        return
    yield Finding(
        code="GAP_HOLIDAY_COVERAGE",
        severity=Severity.WARNING,
        message=f"{activities_text(rows)} {'needs' if len(rows) == 1 else 'need'} "
        f"extended-hours cover, but nobody covers {'it' if len(rows) == 1 else 'them'} "
        "on public holidays that fall on business days "
        f"(next: {holidays_text}).",
        suggestion="Name a role to cover weekends and holidays for these activities, or "
        "agree in writing that they wait for the next business day.",
    )


@rule
def gap_response_target(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A response target promised for a window nobody covers: the contract promises an
    answer that no one is named to give."""
    for row in data.in_scope_rows:
        covered = data.row_coverage(row)
        for window, minutes in data.row_targets(row).items():
            if window in covered:
                continue
            yield Finding(
                code="GAP_RESPONSE_TARGET",
                severity=Severity.ERROR,
                message=f'"{row.activity.name}" promises a response within {minutes} min '
                f"{WINDOW_IN_SENTENCE[window]}, but nobody covers it "
                f"{WINDOW_IN_SENTENCE[window]}.",
                suggestion=f"Name a role to cover {WINDOW_IN_SENTENCE[window]}, or remove the "
                "response target for that window.",
                **row_subject(row),
            )


@rule
def risk_inactive_person(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A role that still names someone marked as gone: their duties and the windows they
    cover have nobody behind them until someone else is named."""
    for role in data.roles:
        gone = [person.name for person in data.role_people(role) if not person.active]
        backup = role.absence_backup_person
        if backup is not None and not backup.active:
            gone.append(f"{backup.name} (absence backup)")
        if not gone:
            continue
        yield Finding(
            code="RISK_INACTIVE_PERSON",
            severity=Severity.ERROR,
            message=f"{role.name} names {joined(gone)}, who "
            f"{'is' if len(gone) == 1 else 'are'} no longer active.",
            suggestion=f"Name who holds {role.name} now (start a new revision if this one is "
            "signed), or mark the person active again if they are back.",
            role=role.name,
            role_id=role.id,
        )
