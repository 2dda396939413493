"""Real dates: the client's public holidays (from the `holidays` library, never a list of
our own) and which window of the engagement's week a moment falls in.

The week is split as the coverage arithmetic splits it: a public holiday or a day that is
not a business day is "weekends and holidays" all day; a business day is business hours
between its start and end, and after hours before and after them.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import holidays

from engagements.models import Client, Engagement, Window


def client_holidays(client: Client, years) -> dict[dt.date, str]:
    """date -> holiday name for the client's country and subdivision in those years; empty
    when the client has no country. Names several holidays on one day as one
    ("Christmas Day; Boxing Day")."""
    if not client.country:
        return {}
    calendar = holidays.country_holidays(
        client.country, subdiv=client.subdivision or None, years=list(years)
    )
    return {day: "; ".join(calendar.get_list(day)) for day in sorted(calendar)}


def upcoming_holidays(
    client: Client, *, start: dt.date, days: int = 366, weekdays: set[int] | None = None
) -> list[tuple[dt.date, str]]:
    """The client's public holidays from `start` on, for `days` days; only those on these
    ISO weekdays when given (the business days, to find the ones a weekday cover misses)."""
    end = start + dt.timedelta(days=days)
    found = client_holidays(client, range(start.year, end.year + 1))
    return [
        (day, name)
        for day, name in found.items()
        if start <= day < end and (weekdays is None or day.isoweekday() in weekdays)
    ]


def holiday_text(day: dt.date, name: str) -> str:
    """ "25 Dec 2026, Christmas Day" """
    return f"{day.day} {day:%b %Y}, {name}"


def window_at(engagement: Engagement, local: dt.datetime, holiday: str | None) -> str:
    """The window of the week a local moment falls in."""
    if holiday or str(local.isoweekday()) not in engagement.business_days:
        return Window.WEEKENDS_HOLIDAYS
    if engagement.business_start <= local.time() < engagement.business_end:
        return Window.BUSINESS_HOURS
    return Window.AFTER_HOURS


@dataclass(frozen=True)
class Moment:
    """A moment as the client lives it: its local time, window and holiday."""

    at: dt.datetime  # aware, UTC
    local: dt.datetime  # aware, in the client's time zone
    window: str
    holiday: str | None


def moment(engagement: Engagement, at: dt.datetime) -> Moment:
    """Where an aware moment falls in the engagement's week, in the client's time zone."""
    zone = zoneinfo.ZoneInfo(engagement.client.time_zone)
    local = at.astimezone(zone)
    holiday = client_holidays(engagement.client, [local.year]).get(local.date())
    return Moment(
        at=at.astimezone(dt.UTC),
        local=local,
        window=window_at(engagement, local, holiday),
        holiday=holiday,
    )


@dataclass(frozen=True)
class Span:
    """A stretch of time in one window, local start and end (end exclusive)."""

    start: dt.datetime
    end: dt.datetime
    window: str
    holiday: str | None = None


def timeline(engagement: Engagement, start: dt.date, days: int) -> list[Span]:
    """The engagement's windows day by day from `start`, in the client's time zone, with
    adjacent stretches of one window joined (a weekend is one span). Local times come from
    the zone, so a day of a DST change is 23 or 25 hours long, as the client lives it."""
    zone = zoneinfo.ZoneInfo(engagement.client.time_zone)
    found = client_holidays(engagement.client, range(start.year, start.year + 2))
    spans: list[Span] = []

    def add(begin: dt.datetime, end: dt.datetime, window: str, holiday: str | None) -> None:
        if end <= begin:
            return
        last = spans[-1] if spans else None
        if last and last.window == window and last.end == begin and last.holiday == holiday:
            spans[-1] = Span(last.start, end, window, holiday)
        else:
            spans.append(Span(begin, end, window, holiday))

    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        midnight = dt.datetime.combine(day, dt.time(0), zone)
        next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
        holiday = found.get(day)
        if holiday or str(day.isoweekday()) not in engagement.business_days:
            add(midnight, next_midnight, Window.WEEKENDS_HOLIDAYS, holiday)
            continue
        opens = dt.datetime.combine(day, engagement.business_start, zone)
        closes = dt.datetime.combine(day, engagement.business_end, zone)
        add(midnight, opens, Window.AFTER_HOURS, None)
        add(opens, closes, Window.BUSINESS_HOURS, None)
        add(closes, next_midnight, Window.AFTER_HOURS, None)
    return spans
