"""The municipality's figures: one definition each, used by every page that shows it.

The staff dashboard, the public municipality page, the exports and the open data all
read these functions, so a name never means two different counts. Each figure function
says in its docstring exactly what it counts: which states, which date places a row in a
period, and whether it counts rows or unique people; its `how` text says the same in
plain Swedish on the page ("Så räknas det").

Privacy: every published count of people goes through `people()`: 0 is shown as 0, 1–4 as
"<5" (`Count.suppressed`), and 5 and up rounded to the nearest multiple of 5, halves up
(`Count.rounded`: 7 → 5, 8 → 10, 13 → 15), as NHS Digital and statistics offices publish
counts of people. No people cell is then exact except 0, so the difference between any two
of them (two cells, a table and its total, two periods a month apart) is never exact either:
whenever it could be a group of 1–4, it spans at least the four values "<5" itself stands
for (e.g. 10 and 5 leave 1–7). No second cell needs to be hidden. Counts that are not people
(assignments, hours, kronor, days) stay exact; a figure derived from a people count is
computed from the published value or not shown, as its docstring says.

Situation figures use only residents whose latest situation record carries consent: a
resident who withdraws consent or deletes their account drops out of every situation figure,
for every period, from that moment.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Aggregate,
    Case,
    DateTimeField,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    When,
    Window,
)
from django.db.models import (
    Count as CountAgg,
)
from django.db.models.functions import Coalesce, DenseRank, TruncMonth
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, Claim
from municipalities.models import DevelopmentGoal, Municipality

TZ = ZoneInfo(settings.TIME_ZONE)
# Counts of people are published in steps of 5; 1–4 are shown as "<5".
PEOPLE_STEP = 5
MAX_MONTHS = 60
PERIOD_NAMES = ("this_month", "last_month", "this_quarter", "this_year", "last_12_months")
# Claims that hold one of the assignment's places.
PLACE_HOLDING = (Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.CONFIRMED)
# Situations counted as "outside work" when a resident first completes an assignment, and
# the situations that count as a step towards work afterwards.
STARTING_SITUATIONS = ("job_seeking", "student")
OUTCOME_SITUATIONS = ("employed", "self_employed", "student")


# Periods ---------------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_count(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


class PeriodError(ValueError):
    """A period that cannot be shown. str() is a translated, plain message for the page."""


def _same_day_months_back(day: date, months: int) -> date:
    """`day` moved `months` months back, on the same day of the month or its last day if shorter."""
    first = _add_months(day, -months)
    last_day = (_add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


@dataclass(frozen=True)
class Period:
    """A span of days. A period that is still going on (this month, this quarter, this year, the
    last 12 months, or own months up to the current one) ends with today: the days that have not
    happened yet are not part of it (`so_far`). `span_months` is then the number of calendar
    months it spans, and its previous period is the same days one such span earlier (1 January –
    15 March last year for this year on 15 March), so both periods have had the same time."""

    start: date  # first day, inclusive, a calendar date in Europe/Stockholm
    end: date  # the day after the last day, exclusive
    span_months: int | None = None  # set on a period cut at today, and on its previous period
    ongoing: bool = False  # the period ends today and goes on

    @classmethod
    def named(cls, name: str, *, today: date) -> Period:
        """A period by name, relative to `today`: this_month, last_month, this_quarter, this_year,
        last_12_months (the current month and the eleven before it). A period that includes today
        ends with today (`so_far`). Raises PeriodError for other names."""
        month = today.replace(day=1)
        if name == "this_month":
            whole = cls(month, _add_months(month, 1))
        elif name == "last_month":
            whole = cls(_add_months(month, -1), month)
        elif name == "this_quarter":
            first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
            whole = cls(first, _add_months(first, 3))
        elif name == "this_year":
            whole = cls(date(today.year, 1, 1), date(today.year + 1, 1, 1))
        elif name == "last_12_months":
            whole = cls(_add_months(month, -11), _add_months(month, 1))
        else:
            raise PeriodError(_("Välj en av perioderna i listan."))
        return whole.so_far(today)

    @classmethod
    def months(cls, first: date, last: date) -> Period:
        """Whole months from `first`'s month to `last`'s month, both included."""
        return cls(first.replace(day=1), _add_months(last, 1))

    def so_far(self, today: date) -> Period:
        """This period up to and including `today` when it goes on after today, else itself.
        Nothing after today can have happened, so the figures are the same; the label and the
        previous period change (see the class)."""
        if not self.start <= today < self.end:
            return self
        # The whole period's months: a period of whole months cut at today still steps back by them.
        span = _month_count(self.start, self.end) if self.whole_months else None
        return Period(self.start, today + timedelta(days=1), span_months=span, ongoing=True)

    @property
    def whole_months(self) -> bool:
        return self.start.day == 1 and self.end.day == 1

    @property
    def month_count(self) -> int:
        return _month_count(self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        """The period of the same length right before: the same number of months for whole months;
        for a period cut at today, the same days `span_months` earlier."""
        if self.span_months:
            last = _same_day_months_back(self.end - timedelta(days=1), self.span_months)
            start = _add_months(self.start, -self.span_months)
            return Period(start, min(last + timedelta(days=1), self.start), span_months=self.span_months)
        if self.whole_months:
            return Period(_add_months(self.start, -self.month_count), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    @property
    def label(self) -> str:
        last = self.end - timedelta(days=1)
        values = {"start": formats.date_format(self.start, "j b Y"), "end": formats.date_format(last, "j b Y")}
        if self.ongoing:
            return _("%(start)s – %(end)s (pågår, till och med i dag)") % values
        return _("%(start)s – %(end)s") % values

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start, end) at midnight in Europe/Stockholm, for DateTimeFields."""
        return (datetime.combine(self.start, time(), tzinfo=TZ), datetime.combine(self.end, time(), tzinfo=TZ))


def _parse_month(text: str) -> date:
    """ "2026-03" or "2026-03-15" → 1 March 2026. Raises PeriodError."""
    text = (text or "").strip()
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) not in (2, 3) or not 1000 <= parts[0] <= 9999:
            raise ValueError
        return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1).replace(day=1)
    except ValueError:
        raise PeriodError(
            _("”%(text)s” är inte en månad. Skriv år och månad, till exempel 2026-03.") % {"text": text[:20]}
        ) from None


def period_from_query(params: QueryDict, *, today: date, earliest: date | None) -> Period:
    """The period a dashboard URL asks for.

    Inputs: the GET parameters — `period` (one of PERIOD_NAMES, default last_12_months), or
    `from` and `to` as months ("2026-01", a full date is read as its month) for whole months
    from–to; `today`; `earliest`, the date of the municipality's first published assignment
    (None when there is none). Output: a Period, ending with today if it includes the current
    month (`Period.so_far`). Raises PeriodError with a plain message for
    an unreadable month, an end before the start, an end after the current month, more than
    five years, or a start before the month of the first assignment.
    """
    first, last = params.get("from", "").strip(), params.get("to", "").strip()
    if not first and not last:
        return Period.named(params.get("period") or "last_12_months", today=today)
    if not first or not last:
        raise PeriodError(_("Ange både en första och en sista månad."))
    start, end_month = _parse_month(first), _parse_month(last)
    if end_month < start:
        raise PeriodError(_("Den sista månaden är före den första. Byt plats på dem."))
    if end_month > today.replace(day=1):
        raise PeriodError(_("Perioden kan inte sluta efter den här månaden."))
    period = Period.months(start, end_month)
    if period.month_count > MAX_MONTHS:
        raise PeriodError(_("Välj en period på högst fem år."))
    if earliest is not None and start < earliest.replace(day=1):
        raise PeriodError(
            _("Statistiken börjar i %(month)s, när kommunens första uppdrag publicerades. Välj en senare månad.")
            % {"month": formats.date_format(earliest, "F Y")}
        )
    return period.so_far(today)


def earliest_assignment(municipality: Municipality) -> date | None:
    """The local date of the municipality's first published assignment, or None."""
    first = _assignments(municipality).aggregate(first=Min("published_at"))["first"]
    return timezone.localtime(first, TZ).date() if first else None


# Counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One cell. `value` is None when suppressed, or when there is nothing to compute.

    `suppressed`: a count of 1–4 people, shown as "<5". `rounded`: a count of people rounded
    to the nearest 5; pages and files show it as an ordinary number."""

    value: int | Decimal | None
    suppressed: bool = False
    rounded: bool = False
    # Decimals to show whatever the value; None: one decimal for a fraction, none for a whole number.
    decimals: int | None = None

    def __str__(self) -> str:
        if self.suppressed:
            return "<5"
        if self.value is None:
            return "–"
        if self.decimals is not None:
            return formats.number_format(self.value, decimal_pos=self.decimals, use_l10n=True, force_grouping=True)
        if isinstance(self.value, Decimal) and self.value != self.value.to_integral_value():
            return formats.number_format(self.value, decimal_pos=1, use_l10n=True, force_grouping=True)
        return formats.number_format(int(self.value), use_l10n=True, force_grouping=True)


def people(value: int) -> Count:
    """A count of people as it may be published: 0 as 0, 1–4 as "<5", and 5 and up rounded to
    the nearest multiple of 5, halves up (5, 6, 7 → 5; 8 → 10; 12 → 10; 13 → 15)."""
    if value == 0:
        return Count(0)
    if value < PEOPLE_STEP:
        return Count(None, suppressed=True)
    return Count((value + PEOPLE_STEP // 2) // PEOPLE_STEP * PEOPLE_STEP, rounded=True)


def _people_how(text: str) -> str:
    """A people figure's explanation, ending with the rule every people count follows."""
    rule = _(
        "Antal personer avrundas till närmaste femtal och färre än 5 visas som ”<5”, så att ingen enskild kan pekas ut."
    )
    return f"{text} {rule}"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    how: str
    unit: str
    current: Count
    previous: Count


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    how: str
    columns: list[str]
    rows: list[list[str | Count]]
    chart: str | None
    chart_column: int = 1


@dataclass(frozen=True)
class Dashboard:
    municipality: Municipality
    period: Period
    previous: Period
    figures: list[Figure]
    tables: list[Table]
    made_at: datetime


# Shared querysets and helpers --------------------------------------------------------------


def _assignments(municipality: Municipality) -> QuerySet:
    """Assignments in the municipality: those whose place (locality) lies in it."""
    return Assignment.objects.filter(locality__municipality=municipality)


def _confirmed(municipality: Municipality) -> QuerySet:
    return Claim.objects.filter(assignment__locality__municipality=municipality, status=Claim.Status.CONFIRMED)


def _in(field_name: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _full() -> Q:
    """Every place taken: status "filled" or "completed" with places taken = places."""
    return Q(status__in=(Assignment.Status.FILLED, Assignment.Status.COMPLETED), places_taken__gte=F("slots"))


def _per_assignment(municipality: Municipality) -> QuerySet:
    """One row per assignment of the municipality, with the moments read from its claims:

    - `first_claim_at`: the `created_at` of its earliest claim, whatever became of it;
    - `filled_at`, for assignments whose every place is taken (`_full`), when the last place
      was taken: the sign-up time of the latest claim holding a place. The moment an
      association accepted a claim is not kept once the work is confirmed (the confirmation
      takes its place), so the sign-up time is used: exact for "first come", and the earliest
      possible moment when the association chooses. None for other assignments.

    Both come from one GROUP BY over the assignments' claims, so each is computed once per
    assignment however many filters read it (a correlated subquery was evaluated again for
    every reference). Aggregating over this queryset makes it a derived table."""
    return (
        _assignments(municipality)
        .values(
            "pk",
            "association",
            "status",
            "published_at",
            "completed_at",
            "cancelled_at",
            "updated_at",
            "slots",
            "places_taken",
        )
        .annotate(
            first_claim_at=Min("claims__created_at"),
            filled_at=Case(
                When(_full(), then=Max("claims__created_at", filter=Q(claims__status__in=PLACE_HOLDING))),
                output_field=DateTimeField(),
            ),
        )
        .order_by()
    )


def _figure(key, label, how, unit, values: list, kind=Count) -> Figure:
    """A figure of two periods, written with the same number of decimals in both: when either
    value has a fraction, both show one decimal (10,0 beside 12,5, not 10 beside 12,5)."""
    fraction = any(isinstance(v, Decimal) and v != v.to_integral_value() for v in values[:2])
    if kind is Count and fraction:
        return Figure(key, label, how, unit, Count(values[0], decimals=1), Count(values[1], decimals=1))
    return Figure(key, label, how, unit, kind(values[0]), kind(values[1]))


def _decimal(value, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# Assignments -----------------------------------------------------------------------------
#
# Every assignment figure of both periods comes from one query over `_per_assignment`
# (`_assignment_figures`); the functions below pick their figure from it and say what it counts.


class _SQLiteMedian:
    """statistics.median as an SQLite aggregate, for `Median`: SQLite has no percentile_cont."""

    def __init__(self) -> None:
        self.values: list = []

    def step(self, value) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return pystats.median(self.values) if self.values else None


class Median(Aggregate):
    """The median of a duration: percentile_cont(0.5) on PostgreSQL; on SQLite the same median
    (the mean of the middle two when their number is even) from `_SQLiteMedian`."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_aggregate("uppdrag_median", 1, _SQLiteMedian)
        # Set on a copy: Aggregate.as_sql refuses a template passed alongside a filter.
        call = self.copy()
        call.function, call.template = "uppdrag_median", "%(function)s(%(expressions)s)"
        return call.as_sql(compiler, connection, **extra_context)


MEDIANS = {"median_days_to_first_claim": "first_claim_at", "median_days_to_filled": "filled_at"}
ASSIGNMENT_COUNTS = (
    "assignments_published",
    "assignments_claimed",
    "assignments_filled",
    "assignments_completed",
    "assignments_cancelled",
    "assignments_expired",
    "active_associations",
)


def _assignment_conditions(period: Period) -> dict[str, Q]:
    """Which rows of `_per_assignment` each count of ASSIGNMENT_COUNTS takes for `period`."""
    return {
        "assignments_published": _in("published_at", period),
        "assignments_claimed": _in("first_claim_at", period),
        "assignments_filled": _in("filled_at", period),
        "assignments_completed": Q(status=Assignment.Status.COMPLETED) & _in("completed_at", period),
        "assignments_cancelled": Q(status=Assignment.Status.CANCELLED) & _in("cancelled_at", period),
        "assignments_expired": Q(status=Assignment.Status.EXPIRED) & _in("updated_at", period),
        "active_associations": _in("published_at", period),
    }


def _assignment_figures(municipality: Municipality, periods: list[Period]) -> dict[str, list]:
    """One query: for each of `periods`, the counts of ASSIGNMENT_COUNTS, "fill_rate" and the MEDIANS."""
    names = {}
    for i, period in enumerate(periods):
        conditions = _assignment_conditions(period)
        for key in ASSIGNMENT_COUNTS:
            column = "association" if key == "active_associations" else "pk"
            names[f"{key}{i}"] = CountAgg(column, filter=conditions[key], distinct=column != "pk")
        names[f"published_full{i}"] = CountAgg("pk", filter=conditions["assignments_published"] & _full())
        for key, until in MEDIANS.items():
            wait = ExpressionWrapper(F(until) - F("published_at"), output_field=DurationField())
            names[f"{key}{i}"] = Median(
                wait, filter=conditions["assignments_published"] & Q(**{f"{until}__isnull": False})
            )
    result = _per_assignment(municipality).aggregate(**names)
    values = {key: [result[f"{key}{i}"] for i in range(len(periods))] for key in ASSIGNMENT_COUNTS}
    values["fill_rate"] = [
        _decimal(Decimal(100) * result[f"published_full{i}"] / total) if total else None
        for i, total in enumerate(values["assignments_published"])
    ]
    for key in MEDIANS:
        medians = [result[f"{key}{i}"] for i in range(len(periods))]
        values[key] = [_decimal(Decimal(v.total_seconds()) / 86400) if v is not None else None for v in medians]
    return values


def assignments_published(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments published in the period: rows, placed by `published_at`, whatever their status
    is now (published, filled, completed, cancelled or expired; drafts have no published_at)."""
    return _assignment_figures(municipality, periods)["assignments_published"]


def assignments_claimed(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments that got their first sign-up in the period: rows, placed by the `created_at` of
    the assignment's earliest claim, whatever became of that claim (also withdrawn or declined)."""
    return _assignment_figures(municipality, periods)["assignments_claimed"]


def assignments_filled(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments whose every place was taken, placed by when the last place was taken
    (`filled_at`, see `_per_assignment`): rows, status now "filled" or "completed" with places
    taken = places."""
    return _assignment_figures(municipality, periods)["assignments_filled"]


def assignments_completed(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments completed in the period: rows with status "completed", placed by `completed_at`."""
    return _assignment_figures(municipality, periods)["assignments_completed"]


def assignments_cancelled(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments cancelled in the period: rows with status "cancelled", placed by `cancelled_at`."""
    return _assignment_figures(municipality, periods)["assignments_cancelled"]


def assignments_expired(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Assignments that expired without anyone getting a place (sign-ups never accepted may
    exist) in the period: rows with status "expired", placed by
    `updated_at`, which the hourly expiry sets and nothing changes afterwards."""
    return _assignment_figures(municipality, periods)["assignments_expired"]


def fill_rate(municipality: Municipality, periods: list[Period]) -> list[Decimal | None]:
    """Of the assignments published in the period (rows, by `published_at`), the share in percent
    whose every place has been taken by now (status "filled" or "completed" with places taken =
    places). None when nothing was published."""
    return _assignment_figures(municipality, periods)["fill_rate"]


def active_associations(municipality: Municipality, periods: list[Period]) -> list[int]:
    """Associations that published at least one assignment in the period: unique associations,
    placed by the assignment's `published_at` (associations are not people: not suppressed)."""
    return _assignment_figures(municipality, periods)["active_associations"]


def median_days_to_first_claim(municipality: Municipality, periods: list[Period]) -> list[Decimal | None]:
    """Median days from `published_at` to the `created_at` of the first claim, over assignments
    published in the period that have had a sign-up (rows; one decimal)."""
    return _assignment_figures(municipality, periods)["median_days_to_first_claim"]


def median_days_to_filled(municipality: Municipality, periods: list[Period]) -> list[Decimal | None]:
    """Median days from `published_at` to when the last place was taken (`filled_at`, see
    `_per_assignment`), over assignments published in the period whose every place has been
    taken (rows; one decimal)."""
    return _assignment_figures(municipality, periods)["median_days_to_filled"]


# Confirmed work: hours, pay and people ---------------------------------------------------
#
# Every figure of confirmed claims for both periods comes from one query (`_claim_figures`):
# the claims are grouped per resident, which the people counts need, and the hours and pay
# summed per resident are summed again outside.


def _stated_pay():
    """Per confirmed claim: the hourly rate × confirmed hours, or the fixed fee (per person)."""
    hourly = Q(assignment__compensation=Assignment.Compensation.HOURLY)
    return Case(
        When(hourly, then=F("assignment__amount_sek") * F("hours_confirmed")),
        default=F("assignment__amount_sek"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


PAID_ROUTES = (
    Assignment.PaymentRoute.UMBRELLA,
    Assignment.PaymentRoute.F_TAX,
    Assignment.PaymentRoute.EMPLOYMENT,
)
HOURS = {
    "hours_confirmed": Q(),
    "hours_voluntary": Q(assignment__compensation=Assignment.Compensation.VOLUNTARY),
    "hours_paid": Q(assignment__compensation__in=(Assignment.Compensation.FIXED, Assignment.Compensation.HOURLY)),
}


def _claim_figures(municipality: Municipality, periods: list[Period]) -> dict[str, list]:
    """One query over the municipality's confirmed claims, grouped per resident: for each period,
    the sums of HOURS, the stated pay per route of PAID_ROUTES (key = the route), and the counts
    of people `residents_counts` describes ("engaged", "first_time", "three_plus")."""
    per_resident = {}
    for i, period in enumerate(periods):
        start, end = period.bounds()
        inside = _in("decided_at", period)
        # decided_at rather than pk: every claim the filter takes has one, and the index
        # claim_confirmed_by_assignment holds it, so the claims are read from the index alone.
        per_resident[f"in{i}"] = CountAgg("decided_at", filter=inside)
        per_resident[f"upto{i}"] = CountAgg("decided_at", filter=Q(decided_at__lt=end))
        per_resident[f"before{i}"] = CountAgg("decided_at", filter=Q(decided_at__lt=start))
        for key, condition in HOURS.items():
            per_resident[f"r_{key}{i}"] = Sum("hours_confirmed", filter=inside & condition)
        paid = inside & ~Q(assignment__compensation=Assignment.Compensation.VOLUNTARY)
        for route in PAID_ROUTES:
            per_resident[f"r_{route}{i}"] = Sum(_stated_pay(), filter=paid & Q(assignment__payment_route=route))
    grouped = _confirmed(municipality).values("resident").annotate(**per_resident).order_by()
    names = {}
    for i in range(len(periods)):
        names[f"engaged{i}"] = CountAgg("resident", filter=Q(**{f"in{i}__gt": 0}))
        names[f"first_time{i}"] = CountAgg("resident", filter=Q(**{f"in{i}__gt": 0, f"before{i}": 0}))
        names[f"three_plus{i}"] = CountAgg("resident", filter=Q(**{f"in{i}__gt": 0, f"upto{i}__gte": 3}))
        for key in [*HOURS, *PAID_ROUTES]:
            names[f"{key}{i}"] = Sum(f"r_{key}{i}")
    result = grouped.aggregate(**names)
    values = {}
    for key in ("engaged", "first_time", "three_plus"):
        values[key] = [result[f"{key}{i}"] for i in range(len(periods))]
    for key in HOURS:
        values[key] = [_decimal(result[f"{key}{i}"] or 0) for i in range(len(periods))]
    for route in PAID_ROUTES:
        values[route] = [_decimal(result[f"{route}{i}"] or 0, "1") for i in range(len(periods))]
    return values


def hours_confirmed(municipality: Municipality, periods: list[Period]) -> list[Decimal]:
    """Hours confirmed by associations: the sum of `hours_confirmed` over claims with status
    "confirmed", placed by the claim's `decided_at` (the moment of confirmation)."""
    return _claim_figures(municipality, periods)["hours_confirmed"]


def hours_voluntary(municipality: Municipality, periods: list[Period]) -> list[Decimal]:
    """As hours_confirmed, only assignments with compensation "voluntary"."""
    return _claim_figures(municipality, periods)["hours_voluntary"]


def hours_paid(municipality: Municipality, periods: list[Period]) -> list[Decimal]:
    """As hours_confirmed, only assignments with a fee or an hourly rate."""
    return _claim_figures(municipality, periods)["hours_paid"]


def compensation_by_route(municipality: Municipality, periods: list[Period]) -> dict[str, list[Decimal]]:
    """Stated compensation of confirmed paid work, in kronor, per payment route: over claims with
    status "confirmed" on paid assignments, placed by the claim's `decided_at`; the hourly rate ×
    confirmed hours, or the fixed fee once per person. What the assignment states, not what was paid."""
    values = _claim_figures(municipality, periods)
    return {route: values[route] for route in PAID_ROUTES}


def residents_counts(municipality: Municipality, periods: list[Period]) -> list[dict[str, Count]]:
    """Residents engaged (unique people with at least one claim with status "confirmed" whose
    `decided_at` is in the period), engaged for the first time (their first confirmed claim in the
    municipality ever is in the period), and with three or more (engaged in the period, and three or
    more confirmed claims in the municipality by its end), each as `people()` publishes it."""
    values = _claim_figures(municipality, periods)
    return [
        {key: people(values[key][i]) for key in ("engaged", "first_time", "three_plus")} for i in range(len(periods))
    ]


# Texts -----------------------------------------------------------------------------------


def _compensation_texts(route: str) -> tuple[str, str, str]:
    """A payment route's figure: its label names the route as Assignment.PaymentRoute does, so
    the card, the table of payment routes and the assignment form use one wording per route."""
    name = str(Assignment.PaymentRoute(route).label)
    how = _(
        "Den ersättning som uppdragen anger, för bekräftat betalt arbete med betalningssättet "
        "”%(route)s”: timersättning gånger bekräftade timmar, eller arvodet en gång per person. "
        "Räknas till den dag då arbetet bekräftades. Det som står i uppdraget, inte det som "
        "faktiskt betalades ut."
    ) % {"route": name}
    return _("Ersättning: %(route)s") % {"route": name}, how, _("kr")


def _texts() -> dict[str, tuple[str, str, str]]:
    """key → (label, how, unit), translated at call time."""
    hours_how = _(
        "Summan av de timmar som föreningarna har bekräftat. Timmarna räknas till den dag då föreningen bekräftade dem."
    )
    return {
        "assignments_published": (
            _("Publicerade uppdrag"),
            _("Uppdrag som publicerades under perioden, vad som än hänt med dem sedan. Utkast räknas inte."),
            _("st"),
        ),
        "assignments_claimed": (
            _("Uppdrag som fick anmälningar"),
            _(
                "Uppdrag som fick sin första anmälan under perioden. Anmälan räknas även om den senare "
                "togs tillbaka eller inte antogs."
            ),
            _("st"),
        ),
        "assignments_filled": (
            _("Fullsatta uppdrag"),
            _(
                "Uppdrag där alla platser har tillsatts. Uppdraget räknas till den dag då den sista av "
                "dem som fick en plats anmälde sig, också om det publicerades före perioden."
            ),
            _("st"),
        ),
        "assignments_completed": (
            _("Genomförda uppdrag"),
            _("Uppdrag som markerades som genomförda under perioden."),
            _("st"),
        ),
        "assignments_cancelled": (
            _("Inställda uppdrag"),
            _("Uppdrag som föreningen ställde in under perioden."),
            _("st"),
        ),
        "assignments_expired": (
            _("Uppdrag som gick ut utan att någon fick en plats"),
            _(
                "Uppdrag vars tid eller sista dag passerade under perioden utan att någon hade fått en plats. "
                "Uppdraget kan ha fått anmälningar som aldrig antogs."
            ),
            _("st"),
        ),
        "fill_rate": (
            _("Andel fullsatta av uppdragen publicerade under perioden"),
            _(
                "Av uppdragen som publicerades under perioden: hur stor andel som i dag har fått alla "
                "platser tillsatta, när det än skedde. Det är inte ”Fullsatta uppdrag” delat med "
                "”Publicerade uppdrag”: fullsatta uppdrag räknas efter dagen då de blev fullsatta, också "
                "sådana som publicerades före perioden, och en del av periodens uppdrag blir fullsatta "
                "först efter den."
            ),
            _("%"),
        ),
        "median_days_to_first_claim": (
            _("Tid till första anmälan"),
            _(
                "Mediantiden i dagar från publicering till första anmälan, för uppdrag som publicerades "
                "under perioden och har fått någon anmälan. Hälften av uppdragen fick sin första anmälan "
                "snabbare än så."
            ),
            _("dagar"),
        ),
        "median_days_to_filled": (
            _("Tid tills fullsatt"),
            _(
                "Mediantiden i dagar från publicering tills den sista platsen tillsattes, för uppdrag som "
                "publicerades under perioden och har blivit fullsatta."
            ),
            _("dagar"),
        ),
        "hours_confirmed": (_("Bekräftade timmar"), hours_how, _("timmar")),
        "hours_voluntary": (
            _("Bekräftade timmar, ideellt"),
            _("Som bekräftade timmar, men bara ideella uppdrag utan ersättning."),
            _("timmar"),
        ),
        "hours_paid": (
            _("Bekräftade timmar, betalt"),
            _("Som bekräftade timmar, men bara uppdrag med arvode eller timersättning."),
            _("timmar"),
        ),
        **{f"compensation_{route}": _compensation_texts(route) for route in PAID_ROUTES},
        "residents_engaged": (
            _("Engagerade invånare"),
            _people_how(
                _(
                    "Antal olika personer som har gjort minst ett uppdrag som föreningen har bekräftat "
                    "under perioden. Varje person räknas en gång."
                )
            ),
            _("personer"),
        ),
        "residents_first_time": (
            _("Engagerade för första gången"),
            _people_how(_("Personer vars allra första bekräftade uppdrag i kommunen bekräftades under perioden.")),
            _("personer"),
        ),
        "residents_three_plus": (
            _("Med tre uppdrag eller fler"),
            _people_how(
                _(
                    "Personer som var engagerade under perioden och vid periodens slut hade minst tre "
                    "bekräftade uppdrag i kommunen."
                )
            ),
            _("personer"),
        ),
        "active_associations": (
            _("Aktiva föreningar"),
            _("Föreningar som publicerade minst ett uppdrag under perioden."),
            _("st"),
        ),
    }


def _make(key: str, values: list, kind=Count) -> Figure:
    label, how, unit = _texts()[key]
    return _figure(key, label, how, unit, values, kind)


ASSIGNMENT_KEYS = (*ASSIGNMENT_COUNTS, "fill_rate", *MEDIANS)
PEOPLE_KEYS = {
    "residents_engaged": "engaged",
    "residents_first_time": "first_time",
    "residents_three_plus": "three_plus",
}
CLAIM_KEYS = (*HOURS, *(f"compensation_{route}" for route in PAID_ROUTES), *PEOPLE_KEYS)


def _figures(municipality: Municipality, period: Period, keys: list[str] | None) -> tuple[list[Figure], dict]:
    """`figures`, and the values of `_assignment_figures` and `_claim_figures` it read."""
    periods = [period, period.previous()]
    wanted = set(keys or _texts())
    out: list[Figure] = []
    values: dict[str, list] = {}
    if wanted.intersection(ASSIGNMENT_KEYS):
        values.update(_assignment_figures(municipality, periods))
        out += [_make(key, values[key]) for key in ASSIGNMENT_KEYS if key in wanted]
    if wanted.intersection(CLAIM_KEYS):
        claims = _claim_figures(municipality, periods)
        values.update(claims)
        out += [_make(key, claims[key]) for key in HOURS if key in wanted]
        for route in PAID_ROUTES:
            if f"compensation_{route}" in wanted:
                out.append(_make(f"compensation_{route}", claims[route]))
        for key, inner in PEOPLE_KEYS.items():
            if key in wanted:
                label, how, unit = _texts()[key]
                out.append(Figure(key, label, how, unit, people(claims[inner][0]), people(claims[inner][1])))
    order = list(_texts())
    return sorted(out, key=lambda figure: order.index(figure.key)), values


def figures(municipality: Municipality, period: Period, keys: list[str] | None = None) -> list[Figure]:
    """The headline figures for `period`, each with the previous period of the same length.

    `keys` limits which are computed (the public page needs four); None means all of them.
    Two queries at most: the assignment figures and the confirmed work."""
    return _figures(municipality, period, keys)[0]


PUBLIC_KEYS = ["assignments_completed", "hours_confirmed", "active_associations", "residents_engaged"]


def public_figures(municipality: Municipality, *, today: date) -> list[Figure]:
    """The public page's headline figures for the last 12 months, with the same definitions and
    suppression as the dashboard (each beside the 12 months before)."""
    return figures(municipality, Period.named("last_12_months", today=today), PUBLIC_KEYS)


# Tables ----------------------------------------------------------------------------------


BREAKDOWNS = {  # table key → (the assignment field it groups by, the label shown)
    "by_category": ("category", "category__name_sv"),
    "by_locality": ("locality", "locality__name"),
    "by_association": ("association", "association__name"),
}


def _confirmed_in(period: Period, relation: str = "claims") -> FilteredRelation:
    """Only the confirmed claims decided in `period`, as a join: the rows a breakdown needs from
    claims, so an assignment is repeated only once per such claim, not once per claim it ever had."""
    return FilteredRelation(
        relation,
        condition=Q(**{f"{relation}__status": Claim.Status.CONFIRMED}) & _in(f"{relation}__decided_at", period),
    )


class _ResidentIds(Aggregate):
    """The distinct resident ids of a group as text, "12,40,7" (NULLs left out)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        call = self.copy()
        call.function, call.template = "STRING_AGG", "%(function)s(DISTINCT (%(expressions)s)::text, ',')"
        return call.as_sql(compiler, connection, **extra_context)


def _breakdown_rows(municipality: Municipality, period: Period, keys: list[str]) -> dict[str, list[dict]]:
    """One query for the breakdowns `keys` (of BREAKDOWNS): per group, published (by
    published_at), completed (status "completed", by completed_at), the hours and the unique
    residents of claims "confirmed" in the period (by decided_at); ordered by label.

    The database groups by all the breakdowns' fields at once, reading only the assignments that
    count in the period (groups without any are not shown anyway), each joined only to its claims
    confirmed in the period; the groups are added up here per breakdown, the residents as a set
    so that each counts once per row. Each label's rank comes from the database, so the rows sort
    as ORDER BY label would in its collation."""
    published = _in("published_at", period)
    completed = Q(status=Assignment.Status.COMPLETED) & _in("completed_at", period)
    fields = [field for key in keys for field in BREAKDOWNS[key]]
    # MIN(label) is the group's own label; as an aggregate it keeps the rank out of the GROUP BY.
    ranks = {f"{key}_rank": Window(DenseRank(), order_by=Min(BREAKDOWNS[key][1]).asc()) for key in keys}
    groups = (
        _assignments(municipality)
        .annotate(confirmed=_confirmed_in(period))
        .filter(published | completed | Q(confirmed__isnull=False))
        .values(*fields)
        .annotate(
            published=CountAgg("pk", filter=published, distinct=True),
            completed=CountAgg("pk", filter=completed, distinct=True),
            hours=Sum("confirmed__hours_confirmed"),
            residents=_ResidentIds("confirmed__resident"),
            **ranks,
        )
        .order_by()
    )
    totals: dict[str, dict] = {key: {} for key in keys}
    for group in groups:
        residents = group["residents"].split(",") if group["residents"] else ()
        for key in keys:
            field, label = BREAKDOWNS[key]
            row = totals[key].get(group[field])
            if row is None:
                row = totals[key][group[field]] = {
                    "rank": group[f"{key}_rank"],
                    "label": group[label],
                    "published": 0,
                    "completed": 0,
                    "hours": None,
                    "residents": set(),
                }
            row["published"] += group["published"]
            row["completed"] += group["completed"]
            if group["hours"] is not None:
                row["hours"] = (row["hours"] or 0) + group["hours"]
            row["residents"].update(residents)
    return {
        key: [
            {**row, "engaged": len(row["residents"])}
            for _id, row in sorted(totals[key].items(), key=lambda item: (item[1]["rank"], item[0]))
        ]
        for key in keys
    }


def _breakdown(key: str, title: str, rows: list[dict]) -> Table:
    """The table of one breakdown from its `_breakdown_rows`."""
    cells = []
    for row in rows:
        if not (row["published"] or row["completed"] or row["hours"]):
            continue
        cells.append(
            [
                str(row["label"]),
                Count(row["published"]),
                Count(row["completed"]),
                Count(_decimal(row["hours"] or 0)),
                people(row["engaged"]),
            ]
        )
    columns = [
        _breakdown_columns()[key],
        _("Publicerade uppdrag"),
        _("Genomförda uppdrag"),
        _("Bekräftade timmar"),
        _("Engagerade invånare"),
    ]
    return Table(key, title, _breakdown_how(), columns, cells, "bar", 1)


def _breakdown_titles() -> dict[str, str]:
    return {"by_category": _("Per kategori"), "by_locality": _("Per ort"), "by_association": _("Per förening")}


def _breakdown_columns() -> dict[str, str]:
    """The first column's heading: what each row is."""
    return {"by_category": _("Kategori"), "by_locality": _("Ort"), "by_association": _("Förening")}


def _breakdowns(municipality: Municipality, period: Period) -> list[Table]:
    """by_category, by_locality and by_association, from one query."""
    rows = _breakdown_rows(municipality, period, list(BREAKDOWNS))
    titles = _breakdown_titles()
    return [_breakdown(key, titles[key], rows[key]) for key in BREAKDOWNS]


def by_category(municipality: Municipality, period: Period) -> Table:
    """Per category: assignments published (by published_at), completed (by completed_at), hours
    confirmed and unique residents engaged (claims "confirmed", by decided_at)."""
    rows = _breakdown_rows(municipality, period, ["by_category"])["by_category"]
    return _breakdown("by_category", _breakdown_titles()["by_category"], rows)


def by_locality(municipality: Municipality, period: Period) -> Table:
    """As by_category, per locality (villages included)."""
    rows = _breakdown_rows(municipality, period, ["by_locality"])["by_locality"]
    return _breakdown("by_locality", _breakdown_titles()["by_locality"], rows)


def by_association(municipality: Municipality, period: Period) -> Table:
    """As by_category, per posting association."""
    rows = _breakdown_rows(municipality, period, ["by_association"])["by_association"]
    return _breakdown("by_association", _breakdown_titles()["by_association"], rows)


def _breakdown_how() -> str:
    return _people_how(
        _(
            "Publicerade uppdrag räknas efter publiceringsdag, genomförda efter dagen de markerades som "
            "genomförda, timmar och personer efter dagen då föreningen bekräftade arbetet. En person som "
            "gjort uppdrag i flera grupper räknas i var och en."
        )
    )


def _has_targets() -> bool:
    try:
        DevelopmentGoal._meta.get_field("target_kind")
        DevelopmentGoal._meta.get_field("target_per_year")
    except FieldDoesNotExist:
        return False
    return True


def _goal_units() -> dict[str, str]:
    """What a goal's target counts, as the unit shown beside it."""
    return {
        DevelopmentGoal.TargetKind.HOURS: _("timmar"),
        DevelopmentGoal.TargetKind.ASSIGNMENTS: _("uppdrag"),
        DevelopmentGoal.TargetKind.RESIDENTS: _("invånare"),
    }


def _year_share(period: Period) -> Decimal:
    """The part of a year a period is: its months / 12 for whole months, else its days / 365."""
    if period.whole_months:
        return Decimal(period.month_count) / 12
    return Decimal(period.days) / 365


def by_goal(municipality: Municipality, period: Period) -> Table:
    """Per development goal of the municipality: assignments completed (status "completed", by
    completed_at), confirmed hours and unique residents engaged (claims "confirmed", by decided_at)
    on assignments serving the goal; and, for goals with a yearly target, the target for the period
    (target per year × months / 12, or × days / 365 for a period cut at today), its unit, and the
    progress towards it in percent, divided by the exact target (the target is shown with one
    decimal at most).

    Residents engaged are published as `people()` does. Progress towards a target in residents
    is computed from that published (rounded) count, so it gives away nothing the count does
    not; it is left empty ("–") when the count is "<5" or when the period's target is under 5
    people, where a count rounded to fives cannot say how far the goal has come (2 people
    shown as 5 against a target of 2 would read 250 %)."""
    goals = (
        DevelopmentGoal.objects.filter(municipality=municipality)
        .annotate(confirmed=_confirmed_in(period, "assignments__claims"))
        .annotate(
            completed=CountAgg(
                "assignments",
                filter=Q(assignments__status=Assignment.Status.COMPLETED) & _in("assignments__completed_at", period),
                distinct=True,
            ),
            hours=Sum("confirmed__hours_confirmed"),
            engaged=CountAgg("confirmed__resident", distinct=True),
        )
        .order_by("position", "title")
    )
    targets = _has_targets()
    share = _year_share(period)
    units = _goal_units()
    rows = []
    for goal in goals:
        hours = _decimal(goal.hours or 0)
        engaged = people(goal.engaged)
        row = [goal.title, Count(goal.completed), Count(hours), engaged]
        if targets:
            target = progress = None
            unit = ""
            if goal.target_kind and goal.target_per_year:
                target = Decimal(goal.target_per_year) * share
                unit = units.get(goal.target_kind, "")
                reached = {"hours": hours, "assignments": goal.completed, "residents": engaged.value}[goal.target_kind]
                too_few = goal.target_kind == DevelopmentGoal.TargetKind.RESIDENTS and target < PEOPLE_STEP
                if target and reached is not None and not too_few:
                    progress = _decimal(Decimal(100) * reached / target)
            row += [Count(_decimal(target)), unit, Count(progress)]
        rows.append(row)
    columns = [_("Utvecklingsmål"), _("Genomförda uppdrag"), _("Bekräftade timmar"), _("Engagerade invånare")]
    how = _people_how(
        _(
            "Uppdrag som föreningen har kopplat till målet. Ett uppdrag kan bidra till flera mål och "
            "räknas då i vart och ett. Målet för perioden är målet per år delat på årets månader, gånger "
            "periodens månader (för en period som pågår: dagarna hittills av årets 365), och står i det "
            "som målet mäts i: timmar, uppdrag eller invånare. Uppnått räknas mot det exakta målet för "
            "perioden, inte mot det avrundade som visas. För mål i antal invånare räknas det från det "
            "avrundade antalet personer, och visas inte när antalet är färre än 5 eller när målet för "
            "perioden är färre än 5 personer: då säger ett antal avrundat till femtal inget om hur långt "
            "man har kommit."
        )
    )
    if targets:
        columns += [_("Mål för perioden"), _("Enhet"), _("Uppnått, %")]
    return Table("by_goal", _("Per utvecklingsmål"), how, columns, rows, "bar", 1)


def monthly(municipality: Municipality, period: Period) -> Table:
    """The 24 months up to the end of `period`: per month, assignments published (by published_at),
    completed (by completed_at), confirmed hours (by decided_at) and unique residents engaged that
    month (claims "confirmed", by decided_at; as `people()` publishes it). Months in Europe/Stockholm."""
    last = _add_months(period.end, -1) if period.end.day == 1 else period.end.replace(day=1)
    span = Period(_add_months(last, -23), _add_months(last, 1))
    month_published = (
        _assignments(municipality)
        .filter(_in("published_at", span))
        .annotate(month=TruncMonth("published_at", tzinfo=TZ))
        .values("month")
        .annotate(n=CountAgg("pk"))
        .order_by()
    )
    month_completed = (
        _assignments(municipality)
        .filter(_in("completed_at", span), status=Assignment.Status.COMPLETED)
        .annotate(month=TruncMonth("completed_at", tzinfo=TZ))
        .values("month")
        .annotate(n=CountAgg("pk"))
        .order_by()
    )
    month_claims = (
        _confirmed(municipality)
        .filter(_in("decided_at", span))
        .annotate(month=TruncMonth("decided_at", tzinfo=TZ))
        .values("month")
        .annotate(hours=Sum("hours_confirmed"), engaged=CountAgg("resident", distinct=True))
        .order_by()
    )

    def key(value) -> date:
        return value.date() if isinstance(value, datetime) else value

    published = {key(row["month"]): row["n"] for row in month_published}
    completed = {key(row["month"]): row["n"] for row in month_completed}
    claims = {key(row["month"]): row for row in month_claims}
    rows = []
    for offset in range(24):
        month = _add_months(span.start, offset)
        claim_row = claims.get(month, {})
        rows.append(
            [
                formats.date_format(month, "b Y"),
                Count(published.get(month, 0)),
                Count(completed.get(month, 0)),
                Count(_decimal(claim_row.get("hours") or 0)),
                people(claim_row.get("engaged") or 0),
            ]
        )
    columns = [
        _("Månad"),
        _("Publicerade uppdrag"),
        _("Genomförda uppdrag"),
        _("Bekräftade timmar"),
        _("Engagerade invånare"),
    ]
    how = _people_how(
        _(
            "De 24 månaderna fram till periodens slut. Personer räknas en gång per månad; en person som "
            "gjort uppdrag flera månader räknas i varje månad, så månaderna kan inte läggas ihop till "
            "periodens antal personer."
        )
    )
    return Table("monthly", _("Månad för månad"), how, columns, rows, "line", 1)


def unmet_demand(municipality: Municipality, period: Period) -> Table:
    """Demand that was not met, per category and locality: assignments that expired (status
    "expired", by updated_at) or were cancelled with places left (status "cancelled", by
    cancelled_at, places taken when it was cancelled < places), and the places left untaken (rows
    and places, not people)."""
    # Cancelling gives back the places of accepted sign-ups (their claims become "cancelled", with
    # the decided_at of their acceptance; a sign-up still waiting has none), so the places taken
    # when it was cancelled are places_taken plus those.
    accepted_then = Coalesce(
        Subquery(
            Claim.objects.filter(assignment=OuterRef("pk"), status=Claim.Status.CANCELLED, decided_at__isnull=False)
            .values("assignment")
            .annotate(n=CountAgg("pk"))
            .values("n")
        ),
        0,
    )
    unmet = (Q(status=Assignment.Status.EXPIRED) & _in("updated_at", period)) | (
        Q(status=Assignment.Status.CANCELLED, taken_then__lt=F("slots")) & _in("cancelled_at", period)
    )
    rows_qs = (
        _assignments(municipality)
        .annotate(
            taken_then=Case(
                When(status=Assignment.Status.CANCELLED, then=F("places_taken") + accepted_then),
                default=F("places_taken"),
                output_field=IntegerField(),
            )
        )
        .filter(unmet)
        .values("category__name_sv", "locality__name")
        .annotate(assignments=CountAgg("pk"), places=Sum(F("slots") - F("taken_then")))
        .order_by("-assignments", "category__name_sv", "locality__name")
    )
    rows = [
        [row["category__name_sv"], row["locality__name"], Count(row["assignments"]), Count(row["places"])]
        for row in rows_qs
    ]
    how = _(
        "Uppdrag som gick ut utan att någon fick en plats, eller som ställdes in innan alla platser "
        "var tillsatta, efter kategori och ort. Platser är de platser som aldrig tillsattes. Visar "
        "vilka kunskaper som saknas var."
    )
    columns = [_("Kategori"), _("Ort"), _("Uppdrag"), _("Platser som inte tillsattes")]
    return Table("unmet_demand", _("Efterfrågan som inte möttes"), how, columns, rows, "bar", 2)


def by_payment_route(municipality: Municipality, period: Period, *, pay: dict | None = None) -> Table:
    """compensation_by_route for the period, as a table (kronor; see that function). `pay`: its
    result when already computed, with the period first."""
    pay = pay or compensation_by_route(municipality, [period])
    labels = dict(Assignment.PaymentRoute.choices)
    rows = [[str(labels[route]), Count(pay[route][0])] for route in PAID_ROUTES]
    return Table(
        "by_payment_route",
        _("Ersättning per betalningssätt"),
        _(
            "Den ersättning som uppdragen anger, för bekräftat betalt arbete, per betalningssätt: "
            "timersättning gånger bekräftade timmar, eller arvodet en gång per person. Räknas till den "
            "dag då arbetet bekräftades. Det som står i uppdraget, inte det som faktiskt betalades ut."
        ),
        [_("Betalningssätt"), _("Kronor")],
        rows,
        "bar",
        1,
    )


# Situations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Residents:
    """What the situation tables read about the residents of one period: `engaged`, each resident
    with a claim "confirmed" in the period (by decided_at) once; `firsts`, (resident, moment) for
    those whose first confirmed claim in the municipality was decided in the period; `histories`,
    their consented situation histories (`_situation_histories`)."""

    engaged: list[int]
    firsts: list[tuple[int, datetime]]
    histories: dict[int, list]


def _residents(municipality: Municipality, period: Period) -> _Residents:
    """Two queries: the confirmed claims grouped per resident, and the situation histories.
    A first confirmed claim in the period is also a claim in it, so `firsts` ⊆ `engaged`."""
    engaged_claims = _confirmed(municipality).filter(_in("decided_at", period))
    rows = list(
        _confirmed(municipality)
        .values("resident")
        .annotate(first=Min("decided_at"), inside=CountAgg("decided_at", filter=_in("decided_at", period)))
        .filter(inside__gt=0)
        .order_by()
        .values_list("resident", "first")
    )
    start, end = period.bounds()
    engaged = [resident for resident, _first in rows]
    firsts = [(resident, first) for resident, first in rows if start <= first < end]
    # The same residents as a subquery rather than a list of thousands of ids to send.
    return _Residents(engaged, firsts, _situation_histories(engaged_claims.values("resident")))


def _situation_histories(user_ids) -> dict[int, list]:
    """user id → [(recorded_at, situation, consent)] oldest first, for consenting residents only:
    anyone whose latest record withdraws consent is left out altogether."""
    from members.models import SituationChange

    histories: dict[int, list] = defaultdict(list)
    for row in (
        SituationChange.objects.filter(user_id__in=user_ids)
        .order_by("user_id", "recorded_at", "pk")
        .values_list("user_id", "recorded_at", "situation", "consent")
    ):
        histories[row[0]].append(row[1:])
    return {user: rows for user, rows in histories.items() if rows[-1][2]}


def _situation_at(history: list, moment: datetime) -> str:
    current = ""
    for recorded_at, situation, consent in history:
        if recorded_at > moment:
            break
        current = situation if consent else ""
    return current


def _months_later(moment: datetime, months: int) -> datetime:
    local = timezone.localtime(moment, TZ)
    first = _add_months(local.date(), months)
    day = min(local.day, (_add_months(first, 1) - timedelta(days=1)).day)
    return local.replace(year=first.year, month=first.month, day=day)


def employment_effect(
    municipality: Municipality, period: Period, *, now: datetime, residents: _Residents | None = None
) -> Table:
    """Of the residents whose first confirmed claim in the municipality (by decided_at) is in the
    period and who were job-seeking or students then (their latest consented situation record at
    that moment), how many later recorded employed, self-employed or — for job-seekers — studies,
    within 6 and within 12 months. Unique people; only residents whose latest situation record
    carries consent. A horizon that has not yet passed for everyone is counted as far as it goes
    (up to `now`), and `how` then says the follow-up is not complete; the chart draws the
    12-month outcome, not the cohort.

    Every cell is a count of people, published as `people()` does. The table shows no shares: a
    share would have to be worked out from the published (rounded) counts, never the true ones.
    `residents`: `_residents` for the period when already read."""
    residents = residents or _residents(municipality, period)
    firsts, histories = residents.firsts, residents.histories
    cohort = {situation: [0, 0, 0] for situation in STARTING_SITUATIONS}
    for resident, first in firsts:
        history = histories.get(resident)
        if not history:
            continue
        start = _situation_at(history, first)
        if start not in STARTING_SITUATIONS:
            continue
        cohort[start][0] += 1
        for column, months in ((1, 6), (2, 12)):
            horizon = min(_months_later(first, months), now)
            if any(
                first < recorded_at <= horizon and consent and situation in OUTCOME_SITUATIONS and situation != start
                for recorded_at, situation, consent in history
            ):
                cohort[start][column] += 1
    labels = {"job_seeking": _("Arbetssökande"), "student": _("Studerande")}
    rows = []
    for situation, (total, six, twelve) in cohort.items():
        rows.append([labels[situation], people(total), people(six), people(twelve)])
    total_row = [sum(cohort[s][i] for s in cohort) for i in range(3)]
    rows.append([_("Totalt"), *[people(value) for value in total_row]])
    how = _people_how(
        _(
            "Personer som gjorde sitt första bekräftade uppdrag i kommunen under perioden och då hade "
            "angett att de var arbetssökande eller studerande. Räknat: hur många som inom 6 och 12 "
            "månader angav att de fått arbete, startat eget företag eller – för arbetssökande – börjat "
            "studera. Bara personer som har samtyckt till att ange sin situation räknas. Den som tar "
            "tillbaka sitt samtycke eller tar bort sitt konto räknas inte längre, inte heller för tidigare "
            "perioder. Den som ännu inte har följts i 6 eller 12 månader "
            "räknas med det som har hänt fram till i dag. Diagrammet visar hur många som inom 12 månader "
            "fick arbete, startade företag eller började studera."
        )
    )
    if _months_later(datetime.combine(period.end, time(), tzinfo=TZ), 12) > now:
        how += " " + _(
            "Uppföljningen är inte klar: för den som började under perioden har 6 eller 12 månader inte "
            "gått än. De räknas med det de har angett hittills, så siffrorna kan fortfarande öka."
        )
    columns = [_("Situation vid första uppdraget"), _("Personer"), _("Inom 6 månader"), _("Inom 12 månader")]
    # The chart draws the outcome (work, own business or studies within 12 months), not the cohort.
    return Table("employment_effect", _("Vägen till arbete"), how, columns, rows, "bar", 3)


def by_situation(municipality: Municipality, period: Period, *, residents: _Residents | None = None) -> Table:
    """Residents engaged in the period (unique people, claims "confirmed" by decided_at) by their
    consented situation at the end of the period; those without one in "Har inte angett".
    `residents`: `_residents` for the period when already read."""
    from members.models import Situation

    residents = residents or _residents(municipality, period)
    engaged, histories = residents.engaged, residents.histories
    _start, end = period.bounds()
    tally: dict[str, int] = defaultdict(int)
    for resident in engaged:
        tally[_situation_at(histories[resident], end) if resident in histories else ""] += 1
    rows = [[str(label), people(tally[value])] for value, label in Situation.choices]
    rows.append([_("Har inte angett"), people(tally[""])])
    how = _people_how(
        _(
            "Engagerade invånare efter den situation de hade angett vid periodens slut. Bara personer som "
            "har samtyckt räknas med sin situation; övriga räknas som ”har inte angett”. Den som tar "
            "tillbaka sitt samtycke eller tar bort sitt konto räknas från och med då som ”har inte "
            "angett”, också för tidigare perioder."
        )
    )
    columns = [_("Situation"), _("Engagerade invånare")]
    return Table("by_situation", _("Engagerade efter situation"), how, columns, rows, "bar", 1)


# The pathway funnel ------------------------------------------------------------------------


def _funnel_steps() -> list[tuple[str, str, tuple[str, ...]]]:
    """The steps after "registered": (key, label, the milestone kinds that reach it). A step of
    two kinds is reached by the first milestone of either: one person, counted once."""
    from pathways.models import Milestone

    kind = Milestone.Kind
    return [
        ("first_assignment", _("Första uppdraget klart"), (kind.FIRST_ASSIGNMENT,)),
        ("three_assignments", _("Minst tre uppdrag klara"), (kind.THREE_ASSIGNMENTS,)),
        ("training", _("Kurs eller utbildning klar"), (kind.TRAINING,)),
        ("own_work", _("Egenanställning eller eget företag"), (kind.UMBRELLA, kind.OWN_BUSINESS)),
        ("employment", _("Fick en anställning"), (kind.EMPLOYMENT,)),
        ("studies", _("Började studera"), (kind.STUDIES,)),
    ]


def pathway_funnel(municipality: Municipality, period: Period) -> Table:
    """The steps on the way to work of the residents who live in the municipality: users whose
    profile's home locality lies in it now. One row per step, two columns of unique people each
    published as `people()` does: those who had reached the step by the end of the period, and
    those who reached it for the first time during it.

    "Registrerade" is placed by the account's `date_joined`; every other step by the date
    (`happened_on`, a local date) of the resident's earliest pathways Milestone of the step's
    kinds, whoever recorded it and wherever the work was done. "Egenanställning eller eget
    företag" is one step of two kinds (umbrella company, own business), so a person with both
    counts once: the two are never published apart, and no cell is a sum or a difference of
    others. Each row counts people on its own; a later step need not be a part of an earlier one.

    One query whatever the amount of data: the residents grouped with their first date per step,
    counted per column outside."""
    from members.models import User

    steps = _funnel_steps()
    firsts = {
        f"first_{key}": Min("milestones__happened_on", filter=Q(milestones__kind__in=kinds))
        for key, _label, kinds in steps
    }
    residents = (
        User.objects.filter(profile__home_locality__municipality=municipality)
        .values("pk", "date_joined")
        .annotate(**firsts)
        .order_by()
    )
    start, end = period.bounds()
    counts = {
        "registered_by_end": CountAgg("pk", filter=Q(date_joined__lt=end)),
        "registered_in": CountAgg("pk", filter=Q(date_joined__gte=start, date_joined__lt=end)),
    }
    for key, _label, _kinds in steps:
        first = f"first_{key}"
        counts[f"{key}_by_end"] = CountAgg("pk", filter=Q(**{f"{first}__lt": period.end}))
        counts[f"{key}_in"] = CountAgg("pk", filter=Q(**{f"{first}__gte": period.start, f"{first}__lt": period.end}))
    result = residents.aggregate(**counts)
    labels = [("registered", _("Registrerade"))] + [(key, label) for key, label, _kinds in steps]
    rows = [[label, people(result[f"{key}_by_end"] or 0), people(result[f"{key}_in"] or 0)] for key, label in labels]
    how = _people_how(
        _(
            "Invånare som bor i kommunen, det vill säga har en ort i kommunen som hemort i sin profil. "
            "”Registrerade” räknas efter dagen då de skapade sitt konto. Övriga steg räknas efter datumet "
            "på steget i invånarens tidslinje: första och tredje bekräftade uppdraget antecknas av "
            "webbplatsen, de andra stegen av invånaren själv eller en handledare. ”Under perioden” är de "
            "som nådde steget för första gången under perioden. Varje rad räknar personer för sig: den som "
            "har nått ett senare steg behöver inte ha nått de tidigare, så raderna är ingen trappa där "
            "varje steg ryms i steget före. Den som både har egenanställning och eget företag räknas en "
            "gång. Den som har tagit bort sitt konto räknas kvar, utan namn. Bara antal visas, aldrig vem."
        )
    )
    columns = [_("Steg"), _("Hade nått steget vid periodens slut"), _("Nådde steget under perioden")]
    return Table("pathway_funnel", _("Vägen till arbete – steg"), how, columns, rows, "bar", 1)


# Whole pages -----------------------------------------------------------------------------


def dashboard(municipality: Municipality, period: Period, *, now: datetime | None = None) -> Dashboard:
    """Every figure and table for `period` and the period of the same length before it.

    Runs a fixed number of queries whatever the amount of data (a test counts them)."""
    now = now or timezone.now()
    headline, values = _figures(municipality, period, None)
    residents = _residents(municipality, period)
    tables = [
        *_breakdowns(municipality, period),
        by_goal(municipality, period),
        monthly(municipality, period),
        unmet_demand(municipality, period),
        by_payment_route(municipality, period, pay={route: values[route] for route in PAID_ROUTES}),
        by_situation(municipality, period, residents=residents),
        employment_effect(municipality, period, now=now, residents=residents),
        pathway_funnel(municipality, period),
    ]
    return Dashboard(
        municipality=municipality,
        period=period,
        previous=period.previous(),
        figures=headline,
        tables=tables,
        made_at=now,
    )


REGION_KEYS = [
    "assignments_published",
    "assignments_completed",
    "hours_confirmed",
    "residents_engaged",
    "active_associations",
]


def region(municipalities: list[Municipality], period: Period) -> Table:
    """The headline figures (REGION_KEYS) of several municipalities side by side for `period`,
    one row per municipality, with the same definitions and suppression as each dashboard."""
    rows = []
    for municipality in municipalities:
        by_key = {figure.key: figure.current for figure in figures(municipality, period, REGION_KEYS)}
        rows.append([municipality.name, *[by_key[key] for key in REGION_KEYS]])
    texts = _texts()
    columns = [_("Kommun"), *[texts[key][0] for key in REGION_KEYS]]
    how = _("Samma definitioner som på varje kommuns egen statistiksida.")
    return Table("region", _("Kommunerna sida vid sida"), how, columns, rows, "bar", 1)


__all__ = [
    "Count",
    "Dashboard",
    "Figure",
    "Period",
    "PeriodError",
    "Table",
    "dashboard",
    "pathway_funnel",
    "period_from_query",
    "public_figures",
    "region",
    "unmet_demand",
]
