"""Rules about time and people: the hours of the week an activity needs, and who steps in
when the person doing the work is away."""

import datetime

import pytest

from engagements.analysis import Severity, week_hours, week_windows
from engagements.models import CoverageNeed, Side, Window
from tests.helpers.sketch import Sketch

IT_MANAGER, SYSADMIN = "Client IT manager", "Internal systems administrator"
NOC, DESK = "MSP NOC", "MSP service desk"
BUSINESS, AFTER, WEEKENDS, ABSENCE = (
    Window.BUSINESS_HOURS,
    Window.AFTER_HOURS,
    Window.WEEKENDS_HOLIDAYS,
    Window.ABSENCE_BACKUP,
)


# -- the week --------------------------------------------------------------------------------


def test_a_standard_week_splits_into_45_75_and_48_hours():
    week = week_windows(Sketch().engagement)
    assert {w: part.hours for w, part in week.items()} == {
        BUSINESS: 45,
        AFTER: 75,
        WEEKENDS: 48,
    }
    assert (
        week[AFTER].describe() == "after hours (75 h a week: Mon–Fri 17:00–08:00, America/Chicago)"
    )
    assert week[BUSINESS].describe() == (
        "business hours (45 h a week: Mon–Fri 08:00–17:00, America/Chicago)"
    )
    assert week[WEEKENDS].describe() == (
        "weekends and holidays (48 h a week: Sat–Sun all day, and public holidays, America/Chicago)"
    )


@pytest.mark.parametrize(
    ("days", "start", "end", "hours"),
    [
        ("12345", (8, 0), (17, 0), (45, 75, 48)),
        ("123456", (7, 30), (18, 0), (63, 81, 24)),
        ("12345", (6, 0), (18, 0), (60, 60, 48)),
        ("1235", (9, 0), (17, 0), (32, 64, 72)),
        ("1234567", (0, 0), (12, 0), (84, 84, 0)),
    ],
)
def test_the_three_windows_always_add_up_to_168_hours(days, start, end, hours):
    sketch = Sketch(
        business_days=days,
        business_start=datetime.time(*start),
        business_end=datetime.time(*end),
    )
    week = week_windows(sketch.engagement)
    assert (week[BUSINESS].hours, week[AFTER].hours, week[WEEKENDS].hours) == hours
    assert sum(hours) == 168
    assert week_hours(sketch.data()) == dict(zip((BUSINESS, AFTER, WEEKENDS), hours, strict=True))


def test_the_week_is_described_in_the_clients_own_days_and_time_zone():
    sketch = Sketch(business_days="1235", time_zone="Europe/Berlin")
    week = week_windows(sketch.engagement)
    assert week[BUSINESS].when == "Mon, Tue, Wed, Fri 08:00–17:00"
    assert week[WEEKENDS].when == "Thu, Sat, Sun all day, and public holidays"
    assert week[WEEKENDS].time_zone == "Europe/Berlin"


def test_a_seven_day_business_still_has_public_holidays():
    week = week_windows(Sketch(business_days="1234567").engagement)
    assert week[WEEKENDS].describe() == (
        "weekends and holidays (public holidays only, America/Chicago)"
    )


# -- GAP_COVERAGE ----------------------------------------------------------------------------


def test_an_uncovered_window_the_activity_needs_is_a_coverage_gap(sketch):
    sketch.row(
        "monitoring.respond-alerts",
        "Respond to infrastructure alerts",
        need=CoverageNeed.EXTENDED,
        letters={NOC: "AR", IT_MANAGER: "I"},
        covered_by={BUSINESS: NOC},
    )
    [finding] = sketch.found("GAP_COVERAGE")
    assert finding.severity == Severity.ERROR
    assert finding.message == (
        '"Respond to infrastructure alerts" needs extended-hours cover, but nobody covers '
        "after hours (75 h a week: Mon–Fri 17:00–08:00, America/Chicago)."
    )
    assert "after hours (75 h a week" in finding.suggestion

    sketch.cover("monitoring.respond-alerts", AFTER, NOC)
    assert sketch.found("GAP_COVERAGE") == []


def test_a_24x7_activity_names_every_missing_window_with_its_hours():
    sketch = Sketch(
        business_start=datetime.time(6, 0),
        business_end=datetime.time(18, 0),
        time_zone="Europe/Berlin",
    )
    sketch.role("MSP SOC", Side.MSP)
    sketch.row(
        "security.soc-monitoring",
        "Monitor security alerts",
        need=CoverageNeed.ALWAYS,
        letters={"MSP SOC": "AR"},
        covered_by={BUSINESS: "MSP SOC"},
    )
    [finding] = sketch.found("GAP_COVERAGE")
    assert finding.message == (
        '"Monitor security alerts" needs 24x7 cover, but nobody covers after hours (60 h a '
        "week: Mon–Fri 18:00–06:00, Europe/Berlin) and weekends and holidays (48 h a week: "
        "Sat–Sun all day, and public holidays, Europe/Berlin)."
    )
    assert "(108 h a week" in finding.suggestion

    sketch.cover("security.soc-monitoring", AFTER, "MSP SOC")
    sketch.cover("security.soc-monitoring", WEEKENDS, "MSP SOC")
    assert sketch.found("GAP_COVERAGE") == []


def test_a_business_hours_activity_only_needs_business_hours(sketch):
    sketch.row("strategy.budget", letters={IT_MANAGER: "AR"}, covered_by={BUSINESS: IT_MANAGER})
    assert sketch.found("GAP_COVERAGE") == []
    sketch.cover("strategy.budget", BUSINESS, None)
    assert sketch.keys("GAP_COVERAGE") == ["GAP_COVERAGE:activity=strategy.budget"]


def test_a_rows_coverage_override_raises_what_it_needs(sketch):
    sketch.row("strategy.budget", letters={IT_MANAGER: "AR"}, covered_by={BUSINESS: IT_MANAGER})
    sketch.rows["strategy.budget"].coverage_need = CoverageNeed.EXTENDED
    assert len(sketch.found("GAP_COVERAGE")) == 1
    sketch.rows["strategy.budget"].coverage_need = ""
    assert sketch.found("GAP_COVERAGE") == []


def test_an_out_of_scope_activity_needs_no_cover(sketch):
    sketch.row("security.edr", need=CoverageNeed.ALWAYS, in_scope=False)
    assert sketch.found("GAP_COVERAGE") == []


# -- RISK_SINGLE_POINT_OF_FAILURE --------------------------------------------------------------


def test_work_resting_on_one_named_person_with_no_backup_is_a_single_point_of_failure(sketch):
    sketch.roles[SYSADMIN].person_name = "Chris Olsen"
    sketch.row(
        "cloud.tenant-admin",
        "Administer the tenant",
        letters={IT_MANAGER: "A", SYSADMIN: "R", NOC: "C"},
    )
    [finding] = sketch.found("RISK_SINGLE_POINT_OF_FAILURE")
    assert finding.severity == Severity.WARNING
    assert finding.message == (
        '"Administer the tenant" rests on one person, Chris Olsen (Internal systems '
        "administrator), with nobody to step in when they are away."
    )

    sketch.backup(SYSADMIN, NOC)
    assert sketch.found("RISK_SINGLE_POINT_OF_FAILURE") == []


def test_a_backup_named_on_the_activity_also_clears_the_single_point_of_failure(sketch):
    sketch.roles[SYSADMIN].person_name = "Chris Olsen"
    sketch.row("cloud.tenant-admin", letters={IT_MANAGER: "A", SYSADMIN: "R"})
    assert len(sketch.found("RISK_SINGLE_POINT_OF_FAILURE")) == 1
    sketch.cover("cloud.tenant-admin", ABSENCE, NOC)
    assert sketch.found("RISK_SINGLE_POINT_OF_FAILURE") == []


def test_a_second_responsible_clears_the_single_point_of_failure(sketch):
    sketch.roles[SYSADMIN].person_name = "Chris Olsen"
    sketch.row("cloud.tenant-admin", letters={IT_MANAGER: "A", SYSADMIN: "R"})
    sketch.set("cloud.tenant-admin", NOC, "R")
    assert sketch.found("RISK_SINGLE_POINT_OF_FAILURE") == []


def test_two_roles_held_by_the_same_person_are_still_one_person(sketch):
    sketch.roles[SYSADMIN].person_name = "Chris Olsen"
    sketch.roles[IT_MANAGER].person_name = "chris olsen "
    sketch.backup(SYSADMIN, IT_MANAGER)  # backing himself up is no backup
    sketch.row("cloud.tenant-admin", letters={IT_MANAGER: "AR", SYSADMIN: "R"})
    assert len(sketch.found("RISK_SINGLE_POINT_OF_FAILURE")) == 1


def test_a_team_that_is_not_one_named_person_is_not_a_single_point_of_failure(sketch):
    sketch.row("cloud.tenant-admin", letters={IT_MANAGER: "A", SYSADMIN: "R"})
    assert sketch.found("RISK_SINGLE_POINT_OF_FAILURE") == []


# -- RISK_NO_ABSENCE_COVER -------------------------------------------------------------------


def test_an_internal_role_doing_work_with_no_absence_backup_is_a_risk(sketch):
    sketch.roles[SYSADMIN].person_name = "Chris Olsen"
    sketch.row("cloud.tenant-admin", "Administer the tenant", letters={SYSADMIN: "AR"})
    sketch.row("cloud.identity", "Manage identity", letters={SYSADMIN: "AR"})
    [finding] = sketch.found("RISK_NO_ABSENCE_COVER")
    assert finding.severity == Severity.WARNING
    assert finding.key == "RISK_NO_ABSENCE_COVER:role=Internal systems administrator"
    assert finding.message == (
        "Internal systems administrator (Chris Olsen) does the work on 2 activities (such as "
        '"Administer the tenant"), and nobody is named to cover for them during vacations or '
        "sick leave."
    )

    sketch.backup(SYSADMIN, NOC)
    assert sketch.found("RISK_NO_ABSENCE_COVER") == []


def test_backups_named_on_every_activity_cover_the_role(sketch):
    sketch.row("cloud.tenant-admin", letters={SYSADMIN: "AR"}, covered_by={ABSENCE: NOC})
    sketch.row("cloud.identity", letters={SYSADMIN: "AR"})
    [finding] = sketch.found("RISK_NO_ABSENCE_COVER")
    assert 'does the work on "Identity"' in finding.message  # the one left uncovered
    sketch.cover("cloud.identity", ABSENCE, DESK)
    assert sketch.found("RISK_NO_ABSENCE_COVER") == []


def test_an_internal_role_that_only_answers_or_hears_needs_no_absence_cover(sketch):
    sketch.row("strategy.budget", letters={IT_MANAGER: "A", NOC: "R", SYSADMIN: "I"})
    assert sketch.found("RISK_NO_ABSENCE_COVER") == []


def test_msp_roles_cover_their_own_absences(sketch):
    sketch.row("tools.rmm", letters={NOC: "AR"})
    assert sketch.found("RISK_NO_ABSENCE_COVER") == []
