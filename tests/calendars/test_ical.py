"""What a calendar app shows for an assignment: times across summer-time changes, all-day deadlines."""

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from calendars import ical
from tests.calendars.conftest import deadline_only, events_by_uid, timed, uid, utc

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def read_back(*assignments):
    """Build a calendar and parse its bytes again, as a subscribing app would."""
    from icalendar import Calendar

    body = ical.to_ics(ical.build_calendar([ical.Entry(a) for a in assignments], name="Test"))
    return body.decode(), Calendar.from_ical(body)


def test_the_night_summer_time_starts_keeps_wall_clock_and_instant(association):
    # 2027-03-28: at 02:00 the clocks go to 03:00. 01:30 CET = 00:30 UTC; 04:30 CEST = 02:30 UTC.
    night = timed(association, utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 2, 30))
    text, calendar = read_back(night)
    event = events_by_uid(calendar)[uid(night)]
    assert "DTSTART;TZID=Europe/Stockholm:20270328T013000" in text
    assert "DTEND;TZID=Europe/Stockholm:20270328T043000" in text
    assert (event.start.hour, event.start.minute) == (1, 30)
    assert (event.end.hour, event.end.minute) == (4, 30)
    assert event.start == utc(2027, 3, 28, 0, 30)
    assert event.end == utc(2027, 3, 28, 2, 30)
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=2)  # two hours of work, not three


def test_the_night_summer_time_ends_keeps_wall_clock_and_instant(association):
    # 2027-10-31: at 03:00 the clocks go back to 02:00. 01:30 CEST = 23:30 UTC the day before; 04:00 CET = 03:00 UTC.
    night = timed(association, utc(2027, 10, 30, 23, 30), utc(2027, 10, 31, 3, 0))
    text, calendar = read_back(night)
    event = events_by_uid(calendar)[uid(night)]
    assert "DTSTART;TZID=Europe/Stockholm:20271031T013000" in text
    assert "DTEND;TZID=Europe/Stockholm:20271031T040000" in text
    assert event.start == utc(2027, 10, 30, 23, 30)
    assert event.end == utc(2027, 10, 31, 3, 0)
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=3, minutes=30)


def test_a_time_in_the_repeated_hour_comes_out_at_the_right_instant(association):
    # 02:15 happens twice on 2027-10-31: first in summer time (00:15 UTC), then in winter time (01:15 UTC).
    first = timed(association, utc(2027, 10, 31, 0, 15), utc(2027, 10, 31, 4, 0))
    second = timed(association, utc(2027, 10, 31, 1, 15), utc(2027, 10, 31, 4, 0))
    _text, calendar = read_back(first, second)
    events = events_by_uid(calendar)
    # (== between zones is always False for a time in the repeated hour, PEP 495: compare in UTC.)
    assert events[uid(first)].start.astimezone(UTC) == utc(2027, 10, 31, 0, 15)
    assert events[uid(second)].start.astimezone(UTC) == utc(2027, 10, 31, 1, 15)
    assert events[uid(first)].start.astimezone(STOCKHOLM).strftime("%H:%M %Z") == "02:15 CEST"
    assert events[uid(second)].start.astimezone(STOCKHOLM).strftime("%H:%M %Z") == "02:15 CET"


def test_the_calendar_carries_the_stockholm_time_zone_with_both_changes(association):
    timed(association, utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 2, 30))
    text, calendar = read_back(*association.assignments.all())
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Stockholm"
    assert zone.daylight and zone.standard
    assert "20270328" in text and "20271031" in text  # the 2027 changes are in it


def test_a_deadline_only_assignment_is_an_all_day_event_saying_finish_by(association):
    job = deadline_only(association, date(2027, 5, 14), title="Måla staketet")
    text, calendar = read_back(job)
    event = events_by_uid(calendar)[uid(job)]
    assert "DTSTART;VALUE=DATE:20270514" in text
    assert event.start == date(2027, 5, 14)
    assert event.end == date(2027, 5, 15)
    assert str(event["SUMMARY"]) == "Klart senast: Måla staketet"
    assert str(event["TRANSP"]) == "TRANSPARENT"  # the day is not marked busy


def test_event_says_what_where_and_links_to_the_page(association):
    job = timed(
        association,
        utc(2027, 4, 10, 8),
        utc(2027, 4, 10, 11),
        title="Kratta löv",
        how_to_get_there="Vid kyrkan, sväng vänster.",
        what_to_bring="Arbetshandskar",
    )
    _text, calendar = read_back(job)
    event = events_by_uid(calendar)[uid(job)]
    assert str(event["SUMMARY"]) == "Kratta löv"
    assert str(event["LOCATION"]) == f"{job.locality.name}, {job.locality.municipality.name} kommun"
    description = str(event["DESCRIPTION"])
    for text in ("Byaföreningen Kusfors", "Cirka 3 timmar", "Vid kyrkan, sväng vänster.", "Arbetshandskar"):
        assert text in description
    assert str(event["URL"]) == f"http://127.0.0.1:8000/uppdrag/{job.pk}/"
    assert f"http://127.0.0.1:8000/uppdrag/{job.pk}/" in description
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_changed_assignment_keeps_its_uid_and_gets_a_higher_sequence(association):
    job = timed(association, utc(2027, 4, 10, 8), utc(2027, 4, 10, 11))
    before = ical.assignment_event(job)
    job.updated_at = job.updated_at + timedelta(minutes=5)
    after = ical.assignment_event(job)
    assert before["UID"] == after["UID"] == uid(job)
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_text_follows_the_active_language(association):
    job = timed(association, utc(2027, 4, 10, 8), utc(2027, 4, 10, 11))
    with translation.override("en"):
        event = ical.assignment_event(job)
    assert "About 3 hours" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]).endswith("Municipality")


def test_the_same_data_gives_the_same_bytes(association):
    timed(association, utc(2027, 4, 10, 8), utc(2027, 4, 10, 11))
    first, _calendar = read_back(*association.assignments.all())
    again, _calendar = read_back(*association.assignments.all())
    assert first == again  # polling apps get "not modified" until something changes
