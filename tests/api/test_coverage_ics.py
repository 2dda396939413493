"""GET /api/engagements/{id}/coverage.ics: each role's coverage as recurring events in the
client's time zone, public holidays included, read back with the icalendar library."""

import datetime as dt

import icalendar
import pytest


def feed(api, engagement, **params):
    return api.get(f"/api/engagements/{engagement.pk}/coverage.ics", params)


def events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(ev["summary"]): ev for ev in calendar.walk("VEVENT")}


def test_the_it_lead_covers_business_hours_every_weekday_without_the_holidays(am, alerts_scope):
    response = feed(am, alerts_scope, role="it lead")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert list(found) == ["IT lead: business hours"]
    day = found["IT lead: business hours"]
    start = day.decoded("dtstart")
    assert day["dtstart"].params["TZID"] == "America/New_York"
    assert (start.time(), day.decoded("dtend").time()) == (dt.time(8), dt.time(17))
    assert day["rrule"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    # The next year's public holidays on weekdays are taken out (Thanksgiving is always one).
    excluded = {d.dt.date() for d in day["exdate"].dts}
    assert any(d.month == 11 and d.weekday() == 3 and 22 <= d.day <= 28 for d in excluded)
    assert all(d.weekday() < 5 for d in excluded)
    assert "Dana +1 212 555 0101 dana@example.com" in str(day["description"])
    assert "Respond to infrastructure alerts" in str(day["description"])


def test_the_weekend_role_gets_the_weekend_and_each_weekday_holiday(am, alerts_scope):
    found = events(feed(am, alerts_scope, role="Weekend on-call"))
    weekend = found["Weekend on-call: weekends and holidays"]
    assert weekend["rrule"]["BYDAY"] == ["SA", "SU"]
    holidays = [name for name in found if "public holiday" in name]
    assert "Weekend on-call: public holiday (Christmas Day)" in holidays or (
        "Weekend on-call: public holiday (Independence Day (observed))" in holidays
    )
    assert len(holidays) >= 8


def test_after_hours_is_the_evening_and_the_early_morning(am, alerts_scope):
    found = icalendar.Calendar.from_ical(feed(am, alerts_scope, role="NOC").content)
    spans = sorted(
        (ev.decoded("dtstart").time(), ev.decoded("dtend").time()) for ev in found.walk("VEVENT")
    )
    assert spans == [(dt.time(0), dt.time(8)), (dt.time(17), dt.time(0))]
    assert found.walk("VTIMEZONE")[0]["tzid"] == "America/New_York"


def test_without_a_role_every_role_is_in_the_feed(am, alerts_scope):
    assert {name.split(":")[0] for name in events(feed(am, alerts_scope))} == {
        "IT lead",
        "NOC",
        "Weekend on-call",
    }


def test_an_unknown_role_is_a_400_naming_role(am, alerts_scope):
    response = feed(am, alerts_scope, role="Nobody")
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


@pytest.mark.parametrize("who", ["other_am", "anon"])
def test_others_do_not_get_the_feed(request, who, alerts_scope):
    response = feed(request.getfixturevalue(who), alerts_scope)
    assert response.status_code in (401, 403, 404)
    assert b"BEGIN:VCALENDAR" not in response.content
