"""A resident's compensation summary: what the associations stated for their confirmed work.

Uppdragsbanken handles no money. The kronor here are what each association stated in its
assignment, counted by the same rule as the municipal dashboard (`_stated_pay`: hourly rate ×
confirmed hours, or the fixed fee). A claim counts when its status is "confirmed"; it belongs to
the year (Europe/Stockholm) of `decided_at`, the moment the association confirmed the hours.

Two queries whatever the number of claims: the sums per year and payment route, and the paid
claims behind them (with their association)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from assignments.models import Assignment, Claim
from members.models import User
from municipalities.statistics import PAID_ROUTES, _stated_pay

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAID = ~Q(assignment__compensation=Assignment.Compensation.VOLUNTARY)


@dataclass(frozen=True)
class RouteTotal:
    """One payment route in one year: the number of confirmed paid claims, their confirmed hours
    and the compensation the associations stated for them (kronor)."""

    route: str
    label: str
    claims: int
    hours: Decimal
    stated: Decimal


@dataclass
class YearSummary:
    """One calendar year (Europe/Stockholm) of a resident's confirmed work.

    `routes`: the paid routes with any claim that year, in the order of PAID_ROUTES; `hours` and
    `stated`: their sums; `voluntary_hours`: the confirmed hours of voluntary assignments, never
    money; `claims`: the paid claims behind the sums, oldest confirmation first, each with
    `stated` (kronor) set. `claims` is empty for a year the page does not show."""

    year: int
    routes: list[RouteTotal] = field(default_factory=list)
    voluntary_hours: Decimal = Decimal("0")
    claims: list[Claim] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((route.hours for route in self.routes), Decimal("0"))

    @property
    def stated(self) -> Decimal:
        return sum((route.stated for route in self.routes), Decimal("0"))

    @property
    def paid_claims(self) -> int:
        return sum(route.claims for route in self.routes)


def _kronor(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _hours(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _confirmed(resident: User) -> QuerySet:
    """The resident's confirmed claims, each with `year`: the local year of its confirmation."""
    return Claim.objects.filter(resident=resident, status=Claim.Status.CONFIRMED, decided_at__isnull=False).annotate(
        year=ExtractYear("decided_at", tzinfo=STOCKHOLM)
    )


def compensation_years(resident: User, *, year: int | None = None) -> list[YearSummary]:
    """The resident's confirmed work per year, latest year first: every year with a confirmed
    claim, paid or voluntary. With `year`, only that year gets its list of claims (the others
    keep only their sums); without, or when `year` has no confirmed claim, every year does.

    In: the resident (only their own claims are ever read) and an optional year. Out: a list of
    YearSummary. Raises nothing. Two queries: the sums, and the paid claims."""
    routes = dict(Assignment.PaymentRoute.choices)
    sums = (
        _confirmed(resident)
        .values("year", "assignment__payment_route")
        .annotate(
            claims=Count("pk"),
            hours=Sum("hours_confirmed"),
            stated=Sum(_stated_pay(), filter=PAID),
        )
        .order_by()
    )
    years: dict[int, YearSummary] = {}
    found: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in sums:
        summary = years.setdefault(row["year"], YearSummary(year=row["year"]))
        route = row["assignment__payment_route"]
        if route in PAID_ROUTES:
            found[row["year"]][route] = row
        else:
            summary.voluntary_hours += _hours(row["hours"])
    for number, summary in years.items():
        for route in PAID_ROUTES:
            row = found[number].get(route)
            if row:
                summary.routes.append(
                    RouteTotal(
                        route=route,
                        label=routes[route],
                        claims=row["claims"],
                        hours=_hours(row["hours"]),
                        stated=_kronor(row["stated"]),
                    )
                )

    paid = (
        _confirmed(resident)
        .filter(PAID)
        .select_related("assignment__association")
        .annotate(stated=_stated_pay())
        .order_by("decided_at", "pk")
    )
    if year in years:
        paid = paid.filter(year=year)
    for claim in paid:
        claim.stated = _kronor(claim.stated)
        years[claim.year].claims.append(claim)
    return sorted(years.values(), key=lambda s: -s.year)
