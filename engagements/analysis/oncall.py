"""Who covers an activity at a given moment, from the matrix as plain data: the role the
coverage names for the moment's window, its people, and who steps in when they are away."""

import datetime as dt
from dataclasses import dataclass, field

from engagements.analysis.calendar import Moment, moment
from engagements.analysis.data import MatrixData
from engagements.models import MatrixRow, Person, Role, Window


@dataclass(frozen=True)
class Cover:
    """A role and the people to call for it (active people only: someone who left is no
    one to call); `role` is None for a person named as backup directly."""

    role: Role | None
    side: str
    people: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class OnCall:
    row: MatrixRow
    moment: Moment
    covering: list[Cover]
    backup: list[Cover]
    response_target_minutes: int | None


def _active(people) -> list[Person]:
    return [person for person in people if person.active]


def _cover(data: MatrixData, role: Role) -> Cover:
    return Cover(role=role, side=role.side, people=_active(data.role_people(role)))


def backups_for(data: MatrixData, row: MatrixRow, roles: list[Role]) -> list[Cover]:
    """Who steps in when the covering roles are away: the activity's own absence backup,
    then each covering role's backup role or backup person; each once."""
    found: list[Cover] = []
    seen_roles = {role.id for role in roles}
    candidates = [data.row_coverage(row).get(Window.ABSENCE_BACKUP)]
    for role in roles:
        candidates.append(data.roles_by_id.get(role.absence_backup_id))
    for candidate in candidates:
        if candidate is not None and candidate.id not in seen_roles:
            seen_roles.add(candidate.id)
            found.append(_cover(data, candidate))
    seen_people = {p.id for cover in found for p in cover.people}
    for role in roles:
        person = role.absence_backup_person
        if person is not None and person.active and person.id not in seen_people:
            seen_people.add(person.id)
            found.append(Cover(role=None, side=person.side, people=[person]))
    return found


def covering_in(data: MatrixData, row: MatrixRow, window: str) -> list[Role]:
    """The role the coverage names for this window (none when nobody covers it)."""
    role = data.row_coverage(row).get(window)
    return [role] if role is not None else []


def on_call(data: MatrixData, row: MatrixRow, at: dt.datetime) -> OnCall:
    """Who covers the activity at an aware moment."""
    when = moment(data.engagement, at)
    roles = covering_in(data, row, when.window)
    return OnCall(
        row=row,
        moment=when,
        covering=[_cover(data, role) for role in roles],
        backup=backups_for(data, row, roles),
        response_target_minutes=data.row_targets(row).get(when.window),
    )
