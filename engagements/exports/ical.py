"""Each role's coverage as an iCalendar feed (RFC 5545, written by the `icalendar` library),
for the service desk's calendar: the windows a role covers as weekly recurring events in the
client's time zone, public holidays taken out of the working-day events and given events of
their own when the role covers weekends and holidays.
"""

import datetime as dt
import zoneinfo

import icalendar

from engagements.analysis.calendar import upcoming_holidays
from engagements.analysis.data import MatrixData
from engagements.models import Role, Window
from engagements.models.choices import WINDOW_IN_SENTENCE

MEDIA_TYPE = "text/calendar"
ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
# How far ahead public holidays are written out.
HOLIDAY_HORIZON_DAYS = 366


def _first_on(start: dt.date, weekdays: list[int]) -> dt.date:
    """The first day on or after `start` that falls on one of these ISO weekdays."""
    day = start
    while day.isoweekday() not in weekdays:
        day += dt.timedelta(days=1)
    return day


def coverage_filename(data: MatrixData, role: Role | None) -> str:
    engagement = data.engagement
    who = f"-{role.name}" if role else ""
    raw = f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}{who}-coverage.ics"
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in raw)


def coverage_calendar(
    data: MatrixData, *, role: Role | None, today: dt.date, now: dt.datetime
) -> bytes:
    """The coverage of one role (every role when None) as an .ics file."""
    engagement = data.engagement
    zone = zoneinfo.ZoneInfo(engagement.client.time_zone)
    holidays = upcoming_holidays(engagement.client, start=today, days=HOLIDAY_HORIZON_DAYS)
    until = (
        dt.datetime.combine(engagement.effective_to, dt.time(23, 59), zone).astimezone(dt.UTC)
        if engagement.effective_to
        else None
    )

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//raci//coverage//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{engagement.client.name}: {engagement.title} coverage")
    calendar.add("x-wr-timezone", engagement.client.time_zone)

    for each in [role] if role is not None else data.roles:
        _add_role(calendar, data, each, today, now, until, holidays)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _add_role(calendar, data: MatrixData, each: Role, today, now, until, holidays) -> None:
    """The events of one role: one per window it covers (two for after hours, before and
    after the working day), and one per public holiday on a business day."""
    engagement = data.engagement
    zone = zoneinfo.ZoneInfo(engagement.client.time_zone)
    business_days = sorted(int(d) for d in engagement.business_days)
    other_days = [d for d in range(1, 8) if d not in business_days]
    weekday_holidays = [(day, name) for day, name in holidays if day.isoweekday() in business_days]
    rows_by_window: dict[str, list[str]] = {}
    for row in data.in_scope_rows:
        for window, covering in data.row_coverage(row).items():
            if covering.id == each.id and window != Window.ABSENCE_BACKUP:
                rows_by_window.setdefault(window, []).append(row.activity.name)
    people = [p for p in data.role_people(each) if p.active]
    contact = "; ".join(
        " ".join(part for part in (p.name, p.phone, p.email) if part) for p in people
    )

    def event(window, part, start, end, days, *, exclude=(), name=None):
        ev = icalendar.Event()
        ev.add("uid", f"raci-{engagement.pk}-{each.pk}-{window}-{part}@raci")
        ev.add("dtstamp", now)
        ev.add("summary", name or f"{each.name}: {WINDOW_IN_SENTENCE[window]}")
        lines = [f"{each.name} covers {', '.join(rows_by_window[window])}."]
        if contact:
            lines.append(f"Call: {contact}")
        ev.add("description", "\n".join(lines))
        ev.add("dtstart", start)
        ev.add("dtend", end)
        ev.add("categories", [WINDOW_IN_SENTENCE[window]])
        if days:
            rule = {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in days]}
            if until:
                rule["until"] = until
            ev.add("rrule", rule)
        if exclude:
            ev.add("exdate", list(exclude))
        calendar.add_component(ev)

    def at(day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, zone)

    midnight = dt.time(0)
    first_business = _first_on(today, business_days)
    if Window.BUSINESS_HOURS in rows_by_window:
        event(
            Window.BUSINESS_HOURS,
            "day",
            at(first_business, engagement.business_start),
            at(first_business, engagement.business_end),
            business_days,
            exclude=[at(day, engagement.business_start) for day, _ in weekday_holidays],
        )
    if Window.AFTER_HOURS in rows_by_window:
        event(
            Window.AFTER_HOURS,
            "evening",
            at(first_business, engagement.business_end),
            at(first_business + dt.timedelta(days=1), midnight),
            business_days,
            exclude=[at(day, engagement.business_end) for day, _ in weekday_holidays],
        )
        if engagement.business_start > midnight:
            event(
                Window.AFTER_HOURS,
                "morning",
                at(first_business, midnight),
                at(first_business, engagement.business_start),
                business_days,
                exclude=[at(day, midnight) for day, _ in weekday_holidays],
            )
    if Window.WEEKENDS_HOLIDAYS in rows_by_window:
        if other_days:
            first_off = _first_on(today, other_days)
            event(
                Window.WEEKENDS_HOLIDAYS,
                "weekend",
                at(first_off, midnight),
                at(first_off + dt.timedelta(days=1), midnight),
                other_days,
            )
        for day, name in weekday_holidays:
            event(
                Window.WEEKENDS_HOLIDAYS,
                f"holiday-{day.isoformat()}",
                at(day, midnight),
                at(day + dt.timedelta(days=1), midnight),
                None,
                name=f"{each.name}: public holiday ({name})",
            )
