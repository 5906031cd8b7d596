"""The dates and times of a repeating assignment's occurrences.

A series is every week or every other week on chosen weekdays until an end date, or a list of
dates. Rules, and where they come from:
- At most a year: the last occurrence is at most one year after the first (MAX_SPAN), and there
  are at most MAX_OCCURRENCES of them (once a week for a year fits). More is refused with a
  message that says so; an association can start a new series after it.
- Every occurrence keeps the same wall-clock time in Europe/Stockholm. 18:00–20:00 stays
  18:00–20:00 when summer time begins (last Sunday in March) or ends (last Sunday in October), so
  its time in UTC moves by an hour across those nights.
- A clock time that does not exist on an occurrence's date (02:00–02:59 on the night summer time
  begins) refuses the whole series, naming the date, as the single-assignment form refuses it
  (uppdragsbanken.fields.local_datetime): we never move a time the person did not choose. A clock
  time that happens twice (02:00–02:59 on the night summer time ends) is taken as the first,
  summer-time one, and the dates concerned are returned so the page can say so.
The weekly rules use python-dateutil's rrule (RFC 5545 RRULE semantics): the weeks of "every
other week" are counted from the week of the first date, weeks starting on Monday.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from dateutil.rrule import WEEKLY, rrule, weekdays
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import AssignmentSeries
from uppdragsbanken.fields import local_datetime

MAX_OCCURRENCES = 60
MAX_SPAN = relativedelta(years=1)
Repeat = AssignmentSeries.Repeat


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def last_allowed(first: date) -> date:
    """The last date a series that begins on `first` may have an occurrence on (one year later)."""
    return first + MAX_SPAN


def occurrence_dates(
    *, first: date, repeat: str, weekdays_iso: list[int] = (), until: date | None = None, dates: list[date] = ()
) -> list[date]:
    """The dates of a series' occurrences, in order.

    Inputs: `first`, the date the person gave (the first occurrence for listed dates; the day the
    weekly rule starts from otherwise); `repeat`, an AssignmentSeries.Repeat value; for the weekly
    rules `weekdays_iso` (1 = Monday … 7 = Sunday) and `until` (inclusive); for listed dates
    `dates`, the other dates besides `first`, in any order. Output: a sorted list of dates, the
    first of them on or after `first`. Raises ValidationError (keyed by the form field it is about:
    "repeat_weekdays", "repeat_until" or "repeat_dates") for no weekday, an end before the start,
    a date before the first, a date twice, more than a year or more than MAX_OCCURRENCES.
    """
    if repeat in (Repeat.WEEKLY, Repeat.EVERY_OTHER_WEEK):
        if not weekdays_iso:
            raise ValidationError({"repeat_weekdays": _("Välj minst en veckodag.")})
        if until is None:
            raise ValidationError({"repeat_until": _("Ange det sista datumet.")})
        if until <= first:
            raise ValidationError({"repeat_until": _("Det sista datumet måste vara efter det första.")})
        if until > last_allowed(first):
            raise ValidationError(
                {
                    "repeat_until": _("Ett uppdrag kan upprepas högst ett år, till och med %(date)s.")
                    % {"date": _day(last_allowed(first))}
                }
            )
        rule = rrule(
            WEEKLY,
            interval=2 if repeat == Repeat.EVERY_OTHER_WEEK else 1,
            byweekday=[weekdays[day - 1] for day in sorted(set(weekdays_iso))],
            dtstart=datetime.combine(first, time()),
            until=datetime.combine(until, time()),
            wkst=0,
        )
        # One more than allowed is enough to know it is too many.
        start = datetime.combine(first, time())
        found = [moment.date() for moment in rule.xafter(start, MAX_OCCURRENCES + 1, inc=True)]
        if not found:
            raise ValidationError({"repeat_weekdays": _("Ingen av veckodagarna finns mellan datumen.")})
        field_name = "repeat_until"
    elif repeat == Repeat.DATES:
        seen = {first}
        for day in dates:
            if day in seen:
                raise ValidationError({"repeat_dates": _("Datumet %(date)s står två gånger.") % {"date": _day(day)}})
            if day < first:
                raise ValidationError(
                    {
                        "repeat_dates": _("Datumet %(date)s är före det första datumet, %(first)s.")
                        % {"date": _day(day), "first": _day(first)}
                    }
                )
            if day > last_allowed(first):
                raise ValidationError(
                    {
                        "repeat_dates": _(
                            "Datumet %(date)s är mer än ett år efter det första. Ett uppdrag kan upprepas högst "
                            "ett år, till och med %(last)s."
                        )
                        % {"date": _day(day), "last": _day(last_allowed(first))}
                    }
                )
            seen.add(day)
        if len(seen) < 2:
            raise ValidationError({"repeat_dates": _("Skriv minst ett datum till, ett per rad.")})
        found = sorted(seen)
        field_name = "repeat_dates"
    else:
        raise ValueError(f"unknown repeat rule {repeat!r}")
    if len(found) > MAX_OCCURRENCES:
        raise ValidationError(
            {
                field_name: ngettext(
                    "Det blir fler än %(max)s tillfälle. Välj ett tidigare slutdatum eller färre dagar.",
                    "Det blir fler än %(max)s tillfällen. Välj ett tidigare slutdatum eller färre dagar.",
                    MAX_OCCURRENCES,
                )
                % {"max": MAX_OCCURRENCES}
            }
        )
    return found


@dataclass
class Occurrences:
    """The moments of a series: (starts_at, ends_at) per date, aware, and the dates whose clock
    time happens twice (taken as the first, summer-time one)."""

    moments: list[tuple[datetime, datetime]] = field(default_factory=list)
    ambiguous: list[date] = field(default_factory=list)


def occurrence_moments(days: list[date], start: time, end: time) -> Occurrences:
    """The same wall-clock window (Europe/Stockholm) on every date of `days`.

    Inputs: dates; start and end clock times, end after start (same day). Output: Occurrences
    with aware datetimes; across a change to or from summer time the UTC time moves an hour
    while the clock time stays. Raises ValidationError (key "start_time" or "end_time") naming
    the first date on which a clock time does not exist.
    """
    result = Occurrences()
    for day in days:
        pair = []
        for name, clock in (("start_time", start), ("end_time", end)):
            try:
                moment, ambiguous = local_datetime(day, clock)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None
            if ambiguous and day not in result.ambiguous:
                result.ambiguous.append(day)
            pair.append(moment)
        result.moments.append((pair[0], pair[1]))
    return result
