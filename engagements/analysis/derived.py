"""Views derived from the matrix that are not findings: week arithmetic, domain leads."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from engagements.analysis.data import MatrixData
from engagements.models import Engagement, Side, Window
from engagements.models.choices import SIDE_SHORT, WINDOW_IN_SENTENCE
from engagements.models.engagement import WEEKDAY_NAMES

WEEK_HOURS = 168


@dataclass(frozen=True)
class WeekWindow:
    """One part of the engagement's 168-hour week, in the client's own time zone."""

    window: str
    hours: float  # per week
    when: str  # "Mon–Fri 08:00–17:00"
    time_zone: str

    @property
    def name(self) -> str:
        return WINDOW_IN_SENTENCE[self.window]

    def describe(self) -> str:
        """ "after hours (75 h a week: Mon–Fri 17:00–08:00, America/Chicago)" """
        if not self.hours:
            return f"{self.name} ({self.when}, {self.time_zone})"
        return f"{self.name} ({self.hours:g} h a week: {self.when}, {self.time_zone})"


def days_text(days: list[int]) -> str:
    """ISO weekdays as people write them: [1..5] -> "Mon–Fri", [1, 3] -> "Mon, Wed"."""
    days = sorted(days)
    if len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in days)


def week_windows(engagement: Engagement) -> dict[str, WeekWindow]:
    """The engagement's week split into business hours, after hours (the rest of each
    business day) and weekends and holidays (the other days, plus public holidays); the
    three always add up to 168 hours."""
    day = datetime(2000, 1, 1)
    span = datetime.combine(day, engagement.business_end) - datetime.combine(
        day, engagement.business_start
    )
    business_days = sorted(int(d) for d in engagement.business_days)
    other_days = [d for d in range(1, 8) if d not in business_days]
    business = round(len(business_days) * span / timedelta(hours=1), 1)
    start, end = f"{engagement.business_start:%H:%M}", f"{engagement.business_end:%H:%M}"
    on_days = days_text(business_days)
    time_zone = engagement.client.time_zone
    return {
        Window.BUSINESS_HOURS: WeekWindow(
            Window.BUSINESS_HOURS, business, f"{on_days} {start}–{end}", time_zone
        ),
        Window.AFTER_HOURS: WeekWindow(
            Window.AFTER_HOURS,
            round(len(business_days) * 24 - business, 1),
            f"{on_days} {end}–{start}",
            time_zone,
        ),
        Window.WEEKENDS_HOLIDAYS: WeekWindow(
            Window.WEEKENDS_HOLIDAYS,
            len(other_days) * 24.0,
            f"{days_text(other_days)} all day, and public holidays"
            if other_days
            else "public holidays only",
            time_zone,
        ),
    }


def week_hours(data: MatrixData) -> dict[str, float]:
    """Hours per week in each window, from the engagement's business days and hours."""
    return {window: part.hours for window, part in week_windows(data.engagement).items()}


def domain_lead(data: MatrixData, domain_code: str) -> str:
    """Who leads a domain, in the words of the article's comparison table.

    "N/A" when nothing in the domain is in scope; "Flexible" when the Accountable side
    differs from activity to activity; "Shared" when one side is Accountable throughout but
    both sides do the work; otherwise the side that is Accountable and does the work.
    """
    rows = data.in_scope_rows_of(domain_code)
    if not rows:
        return "N/A"
    return lead_of(
        {role.side for row in rows for role in data.roles_with(row, "A")},
        {role.side for row in rows for role in data.roles_with(row, "R")},
    )


def lead_of(accountable_sides: set[str], responsible_sides: set[str]) -> str:
    """The lead of a domain with rows in scope, from the sides Accountable and Responsible
    on them (see `domain_lead`; the matrix document gathers the sides in its own pass)."""
    if len(accountable_sides) > 1:
        return "Flexible"
    if {Side.INTERNAL, Side.MSP} <= responsible_sides:
        return "Shared"
    if not accountable_sides:
        return "Nobody"
    return SIDE_SHORT[next(iter(accountable_sides))]
