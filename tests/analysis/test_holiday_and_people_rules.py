"""Rules that read real dates and real people: the public holidays a coverage gap would
miss, response targets nobody can meet, and roles that still name someone who left."""

import datetime

from engagements.analysis import AnalysisConfig
from engagements.analysis.calendar import timeline, upcoming_holidays
from engagements.models import CoverageNeed, Person, Side, Window
from tests.helpers.sketch import Sketch

BUSINESS, AFTER, WEEKENDS = Window.BUSINESS_HOURS, Window.AFTER_HOURS, Window.WEEKENDS_HOLIDAYS
DECEMBER = AnalysisConfig(today=datetime.date(2026, 12, 2))


def sketch(country="US", subdivision="NY") -> Sketch:
    s = Sketch(time_zone="America/New_York")
    s.client.country, s.client.subdivision = country, subdivision
    s.role("IT lead", Side.INTERNAL)
    s.role("NOC", Side.MSP)
    return s


def test_a_24x7_duty_uncovered_on_weekends_names_the_next_holidays_it_would_miss():
    s = sketch()
    s.row(
        "monitoring.alerts",
        "Respond to alerts",
        need=CoverageNeed.ALWAYS,
        letters={"NOC": "AR"},
        covered_by={BUSINESS: "NOC", AFTER: "NOC"},
    )
    [gap] = s.found("GAP_COVERAGE", DECEMBER)
    assert "next public holidays: 25 Dec 2026, Christmas Day; 1 Jan 2027, New Year's Day" in (
        gap.message
    )


def test_without_a_country_the_gap_names_no_holidays():
    s = sketch(country="", subdivision="")
    s.row(
        "monitoring.alerts",
        need=CoverageNeed.ALWAYS,
        letters={"NOC": "AR"},
        covered_by={BUSINESS: "NOC", AFTER: "NOC"},
    )
    [gap] = s.found("GAP_COVERAGE", DECEMBER)
    assert "holidays:" not in gap.message


def test_extended_hours_duties_miss_holidays_on_business_days():
    s = sketch(country="DE", subdivision="BY")
    s.row(
        "helpdesk.tier1",
        "Answer tier-1 requests",
        need=CoverageNeed.EXTENDED,
        letters={"NOC": "AR"},
        covered_by={BUSINESS: "NOC", AFTER: "NOC"},
    )
    [gap] = s.found("GAP_HOLIDAY_COVERAGE", DECEMBER)
    assert gap.subject == "engagement"
    # 25 and 26 Dec 2026 fall on Friday and Saturday: only the Friday is a business day.
    assert gap.message.startswith('"Answer tier-1 requests" needs extended-hours cover')
    assert "(next: 25 Dec 2026, Christmas Day; 1 Jan 2027, New Year's Day;" in gap.message
    assert "Second Day of Christmas" not in gap.message

    s.cover("helpdesk.tier1", WEEKENDS, "NOC")
    assert s.found("GAP_HOLIDAY_COVERAGE", DECEMBER) == []


def test_without_a_country_no_holiday_gap_is_found():
    s = sketch(country="", subdivision="")
    s.row(
        "helpdesk.tier1",
        need=CoverageNeed.EXTENDED,
        letters={"NOC": "AR"},
        covered_by={BUSINESS: "NOC", AFTER: "NOC"},
    )
    assert s.found("GAP_HOLIDAY_COVERAGE", DECEMBER) == []


def test_a_response_target_in_a_window_nobody_covers_is_an_error():
    s = sketch()
    s.row(
        "monitoring.alerts",
        "Respond to alerts",
        letters={"NOC": "AR"},
        covered_by={BUSINESS: "NOC"},
    )
    s.target("monitoring.alerts", BUSINESS, 15)
    assert s.found("GAP_RESPONSE_TARGET") == []
    s.target("monitoring.alerts", AFTER, 15)
    [gap] = s.found("GAP_RESPONSE_TARGET")
    assert gap.severity == "error"
    assert gap.message == (
        '"Respond to alerts" promises a response within 15 min after hours, but nobody '
        "covers it after hours."
    )


def test_a_role_naming_someone_inactive_is_an_error_until_someone_else_is_named():
    s = sketch()
    s.row("monitoring.alerts", letters={"IT lead": "AR"}, covered_by={BUSINESS: "IT lead"})
    dana = Person(id=1, name="Dana Ortiz", side=Side.INTERNAL, active=True)
    s.name_people("IT lead", dana)
    assert s.found("RISK_INACTIVE_PERSON") == []

    dana.active = False
    [finding] = s.found("RISK_INACTIVE_PERSON")
    assert finding.severity == "error"
    assert finding.message == "IT lead names Dana Ortiz, who is no longer active."

    s.name_people("IT lead", Person(id=2, name="Sam Lee", side=Side.INTERNAL))
    assert s.found("RISK_INACTIVE_PERSON") == []


def test_an_inactive_absence_backup_person_is_named_as_such():
    s = sketch()
    s.roles["NOC"].absence_backup_person = Person(id=3, name="Ana", side="msp", active=False)
    [finding] = s.found("RISK_INACTIVE_PERSON")
    assert finding.message == "NOC names Ana (absence backup), who is no longer active."


def test_upcoming_holidays_of_bavaria_include_epiphany():
    s = sketch(country="DE", subdivision="BY")
    days = upcoming_holidays(s.client, start=datetime.date(2026, 12, 20), days=20)
    assert [(d.isoformat(), name) for d, name in days] == [
        ("2026-12-25", "Christmas Day"),
        ("2026-12-26", "Second Day of Christmas"),
        ("2027-01-01", "New Year's Day"),
        ("2027-01-06", "Epiphany"),
    ]


def test_the_timeline_marks_a_holiday_and_follows_the_dst_change():
    s = sketch()
    spans = timeline(s.engagement, datetime.date(2026, 7, 2), 2)  # Thu, then Fri 3 Jul
    assert [(sp.start.isoformat(), sp.window, sp.holiday) for sp in spans] == [
        ("2026-07-02T00:00:00-04:00", AFTER, None),
        ("2026-07-02T08:00:00-04:00", BUSINESS, None),
        ("2026-07-02T17:00:00-04:00", AFTER, None),
        ("2026-07-03T00:00:00-04:00", WEEKENDS, "Independence Day (observed)"),
    ]
    march = timeline(s.engagement, datetime.date(2026, 3, 7), 3)  # Sat, Sun (DST), Mon
    weekend = march[0]
    assert weekend.window == WEEKENDS
    # 8 March is 23 hours long in New York: the weekend is 47 hours of real time.
    utc = datetime.UTC
    assert weekend.end.astimezone(utc) - weekend.start.astimezone(utc) == datetime.timedelta(
        hours=47
    )
    assert march[1].start.isoformat() == "2026-03-09T00:00:00-04:00"
