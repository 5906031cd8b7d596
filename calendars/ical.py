"""Assignments as iCalendar (RFC 5545) data, built with the `icalendar` library.

One VEVENT per assignment. The UID is stable per assignment, so a calendar that
subscribes to a feed updates the same event when the assignment changes instead of
adding a second one; SEQUENCE grows with every change (RFC 5545 §3.8.7.4) and DTSTAMP
is the time of the last change (§3.8.7.2: without a METHOD, DTSTAMP is when the
information was last revised), so the same data always gives the same bytes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from assignments.models import Assignment
from uppdragsbanken.links import site_host

LOCAL_TZ = ZoneInfo("Europe/Stockholm")
# How often calendar apps are asked to fetch a subscribed feed again (RFC 7986 REFRESH-INTERVAL).
REFRESH_INTERVAL = timedelta(hours=1)
PRODID = "-//Uppdragsbanken//Uppdragsbanken//SV"

# The event's STATUS (RFC 5545 §3.8.1.11) for each assignment status. A draft may still
# change; an expired assignment found nobody and does not take place.
EVENT_STATUS = {
    Assignment.Status.DRAFT: "TENTATIVE",
    Assignment.Status.PUBLISHED: "CONFIRMED",
    Assignment.Status.FILLED: "CONFIRMED",
    Assignment.Status.COMPLETED: "CONFIRMED",
    Assignment.Status.CANCELLED: "CANCELLED",
    Assignment.Status.EXPIRED: "CANCELLED",
}


@dataclass(frozen=True)
class Entry:
    """One assignment in a calendar, and whether it is shown as cancelled there.

    `cancelled` is for a place that ended while the assignment itself may still be
    on, e.g. a resident's accepted claim that was cancelled.
    """

    assignment: Assignment
    cancelled: bool = False


def event_uid(assignment: Assignment) -> str:
    """The event's UID, "assignment-<pk>@<site host>": the same in every feed and download."""
    return f"assignment-{assignment.pk}@{site_host()}"


def event_sequence(assignment: Assignment) -> int:
    """The revision number: whole seconds from creation to the last change (updated_at).

    It grows whenever the assignment is saved, which is all RFC 5545 asks of SEQUENCE
    (and clients only compare it), without a counter column kept by every service.
    """
    return max(int((assignment.updated_at - assignment.created_at).total_seconds()), 0)


def assignment_url(assignment: Assignment) -> str:
    """The assignment's page as an absolute address on SITE_URL."""
    return settings.SITE_URL + reverse("assignments:detail", args=[assignment.pk])


def local_datetime(moment: datetime) -> datetime:
    """An aware datetime as Europe/Stockholm wall-clock time, or as UTC when that time is ambiguous.

    Input: an aware datetime (the database gives UTC). Output: the same instant in
    Europe/Stockholm, written with TZID. In the hour the clocks go back (e.g. 02:00–03:00
    on 2027-10-31) every wall-clock time happens twice, and RFC 5545 §3.3.5 reads
    such a time as the first one; the second is therefore given in UTC, which every
    calendar places right.
    """
    local = moment.astimezone(LOCAL_TZ)
    if local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def _location(assignment: Assignment) -> str:
    return _("%(locality)s, %(municipality)s kommun") % {
        "locality": assignment.locality.name,
        "municipality": assignment.locality.municipality.name,
    }


def _hours(assignment: Assignment) -> str:
    if assignment.estimated_hours == 1:
        return _("Cirka en timme")
    return _("Cirka %(hours)s timmar") % {"hours": floatformat(assignment.estimated_hours, -1)}


def _description(assignment: Assignment, cancelled: bool) -> str:
    parts = []
    if cancelled:
        if assignment.status == Assignment.Status.CANCELLED and assignment.cancel_reason:
            parts.append(_("Inställt: %(reason)s") % {"reason": assignment.cancel_reason})
        else:
            parts.append(_("Inställt."))
    parts.append(_("Ett uppdrag från %(name)s.") % {"name": assignment.association.name})
    if assignment.deadline is not None:
        parts.append(_("Ska vara klart senast den här dagen. Du väljer själv när du gör det."))
    parts.append(_("Uppskattad tid: %(hours)s.") % {"hours": _hours(assignment)})
    if assignment.how_to_get_there:
        parts.append(_("Hitta dit: %(text)s") % {"text": assignment.how_to_get_there})
    if assignment.what_to_bring:
        parts.append(_("Ta med: %(text)s") % {"text": assignment.what_to_bring})
    parts.append(_("Mer om uppdraget: %(url)s") % {"url": assignment_url(assignment)})
    return "\n\n".join(parts)


def assignment_event(assignment: Assignment, *, cancelled: bool = False) -> Event:
    """One VEVENT for an assignment, in the active language.

    Input: an assignment with association and locality__municipality loaded (or
    loadable); `cancelled` shows it as cancelled whatever its status. Output: an
    `icalendar.Event`. A time window (starts_at/ends_at, stored in UTC) becomes local
    Europe/Stockholm times with TZID (see local_datetime); a deadline alone becomes an
    all-day event on that date (DTSTART;VALUE=DATE, DTEND the next day, RFC 5545
    §3.6.1) that does not mark the day as busy, titled "Klart senast: ...".
    """
    status = "CANCELLED" if cancelled else EVENT_STATUS[assignment.status]
    is_cancelled = status == "CANCELLED"
    if assignment.deadline is not None:
        summary = _("Klart senast: %(title)s") % {"title": assignment.title}
        start: date | datetime = assignment.deadline
        end: date | datetime = assignment.deadline + timedelta(days=1)
        transparency = "TRANSPARENT"
    else:
        summary = assignment.title
        start, end = local_datetime(assignment.starts_at), local_datetime(assignment.ends_at)
        transparency = "OPAQUE"
    if is_cancelled:
        summary = _("Inställt: %(title)s") % {"title": summary}
    event = Event.new(
        uid=event_uid(assignment),
        stamp=assignment.updated_at.astimezone(UTC),
        sequence=event_sequence(assignment),
        summary=summary,
        start=start,
        end=end,
        location=_location(assignment),
        description=_description(assignment, is_cancelled),
        url=assignment_url(assignment),
        status=status,
        transparency=transparency,
        categories=[assignment.category.name] if assignment.category_id else (),
    )
    locality = assignment.locality
    if locality.latitude is not None and locality.longitude is not None:
        event.add("geo", (float(locality.latitude), float(locality.longitude)))
    return event


def build_calendar(entries: Iterable[Entry], *, name: str) -> Calendar:
    """A VCALENDAR with one event per entry and the Europe/Stockholm VTIMEZONE they use.

    Input: the entries, and the calendar's name as calendar apps show it (NAME and
    X-WR-CALNAME). Output: an `icalendar.Calendar`. The VTIMEZONE (RFC 5545 §3.6.5) is
    made by `add_missing_timezones` from the time-zone database and covers the
    events' years, so an app without its own zone data still knows when summer time
    starts and ends.
    """
    calendar = Calendar.new(prodid=PRODID, name=name, refresh_interval=REFRESH_INTERVAL)
    calendar.pop("UID")  # new() adds a random one, which would make every fetch look changed
    # Outlook and older Apple versions read the refresh time from this older property.
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    years = []
    for entry in entries:
        event = assignment_event(entry.assignment, cancelled=entry.cancelled)
        calendar.add_component(event)
        years.append(event.start.year)
    if years:
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return calendar


def to_ics(calendar: Calendar) -> bytes:
    """The calendar as the bytes of a .ics file (UTF-8, CRLF line ends, folded lines)."""
    return calendar.to_ical()


def feed_url(feed) -> str:
    """The feed's secret address as an absolute https (or http) URL on SITE_URL."""
    return settings.SITE_URL + reverse("calendars:feed", args=[feed.token])
