"""Reads of assignments and claims, with everything their pages show loaded up front."""

from decimal import Decimal

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from assignments.models import LIVE_WAITING_STATUSES, Assignment, AssignmentOwnSkill, Claim, WaitingListEntry
from assignments.skills import SkillSide, fits_q
from associations.models import Association
from municipalities.geo import distance_expression
from municipalities.models import Locality

OPEN_STATUSES = (Assignment.Status.PUBLISHED,)
VISIBLE_STATUSES = (
    Assignment.Status.PUBLISHED,
    Assignment.Status.FILLED,
    Assignment.Status.COMPLETED,
    Assignment.Status.CANCELLED,
    Assignment.Status.EXPIRED,
)


def open_for_claims_q(*, now=None, prefix: str = "") -> Q:
    """The one definition of "can still be signed up for", as a condition on assignments.

    Published (not a draft, not filled, cancelled, completed or expired), posted by an
    association the municipality has not suspended, and not too late: a time window that
    has not begun, or a deadline that is today or later (Assignment.claims_closed() says
    the same of one assignment). It reads the clock,
    not the status alone, so an assignment that ended an hour ago is out even before
    the hourly expiry has moved it on. `prefix` is the path to the assignment from
    another model, e.g. "assignment__"; `now` defaults to the current time.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    not_begun = Q(**{f"{prefix}starts_at__gt": now})
    deadline_ahead = Q(**{f"{prefix}starts_at__isnull": True, f"{prefix}deadline__gte": today})
    not_suspended = ~Q(**{f"{prefix}association__verification": Association.Verification.SUSPENDED})
    return Q(**{f"{prefix}status": Assignment.Status.PUBLISHED}) & not_suspended & (not_begun | deadline_ahead)


def open_for_claims(queryset: QuerySet[Assignment] | None = None, *, now=None) -> QuerySet[Assignment]:
    """The assignments of `queryset` (default: all) that can still be signed up for (open_for_claims_q)."""
    queryset = Assignment.objects.all() if queryset is None else queryset
    return queryset.filter(open_for_claims_q(now=now))


def is_open_for_claims(assignment: Assignment, *, now=None) -> bool:
    """open_for_claims_q() for one assignment already loaded (with its association), without a query."""
    return (
        assignment.status == Assignment.Status.PUBLISHED
        and not assignment.association.is_suspended
        and not assignment.claims_closed(now)
    )


def with_card_data(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Everything an assignment card shows, in one query.

    `is_open` (can still be signed up for, at the time of the query) decides whether
    the card says how many places are left.
    """
    return (
        queryset.select_related("association", "locality__municipality", "category")
        .defer("search_vector")
        .annotate(is_open=ExpressionWrapper(open_for_claims_q(), output_field=BooleanField()))
    )


def open_assignments() -> QuerySet[Assignment]:
    """What /uppdrag/ lists before its filters: every assignment that can still be signed up for."""
    return with_card_data(open_for_claims())


def latest_open_assignments(*, user, limit: int) -> list[Assignment]:
    """The newest open assignments, near the resident's home when we know it."""
    queryset = one_per_series(open_assignments())
    home = home_locality(user)
    if home is not None:
        near = list(queryset.filter(locality__municipality_id=home.municipality_id).order_by("-published_at")[:limit])
        if near:
            return near
    return list(queryset.order_by("-published_at")[:limit])


def visible_assignments() -> QuerySet[Assignment]:
    """Assignments the public may see: everything but drafts."""
    return with_card_data(Assignment.objects.filter(status__in=VISIBLE_STATUSES))


def home_locality(user) -> Locality | None:
    """The logged-in person's home place, or None (anonymous, no profile, no home place).

    The profile is read with its place in one query, unless the request has read it already
    (assignments.listcache.person_of), and is then left cached on `user`."""
    if not user.is_authenticated:
        return None
    from members.models import MemberProfile, User

    cached = User.profile.related.is_cached(user)
    if not cached:
        profile = MemberProfile.objects.select_related("home_locality").filter(user=user).first()
        User.profile.related.set_cached_value(user, profile)
    profile = User.profile.related.get_cached_value(user)
    return profile.home_locality if profile is not None else None


def with_distance_from(queryset: QuerySet[Assignment], home: Locality) -> QuerySet[Assignment]:
    """Annotate `distance_km` from home to the assignment's locality (haversine, in SQL)."""
    return queryset.annotate(
        distance_km=distance_expression("locality__latitude", "locality__longitude", home.latitude, home.longitude)
    )


def within_km(queryset: QuerySet[Assignment], home: Locality, km: int) -> QuerySet[Assignment]:
    """Assignments within km of home. A box on the coordinates narrows it before the exact distance."""
    from math import cos, radians

    dlat = Decimal(km / 111.0)
    dlon = Decimal(km / (111.0 * max(cos(radians(float(home.latitude))), 0.1)))
    boxed = queryset.filter(
        locality__latitude__range=(home.latitude - dlat, home.latitude + dlat),
        locality__longitude__range=(home.longitude - dlon, home.longitude + dlon),
    )
    return with_distance_from(boxed, home).filter(distance_km__lte=km)


def with_total_pay(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """What the whole assignment pays: a fee, or the hourly rate times the estimated hours."""
    return queryset.annotate(
        total_pay=Case(
            When(compensation=Assignment.Compensation.HOURLY, then=F("amount_sek") * F("estimated_hours")),
            When(compensation=Assignment.Compensation.FIXED, then=F("amount_sek")),
            default=Value(Decimal("0")),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        )
    )


def with_when(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """A single moment to sort by: the start of the window, or the deadline."""
    return queryset.annotate(when=Coalesce("starts_at", Cast("deadline", DateTimeField())))


def words(text: str) -> list[str]:
    """The words a free-text filter searches for (assignments.search.words), as a list."""
    from assignments import search as text_search

    return list(text_search.words(text).words)


def search(queryset: QuerySet[Assignment], text: str) -> QuerySet[Assignment]:
    """Free text, ranked (assignments.search.search: the one search on every database)."""
    from assignments import search as text_search

    return text_search.search(queryset, text)


def fits_skills(queryset: QuerySet[Assignment], side: SkillSide) -> QuerySet[Assignment]:
    """Assignments that fit a resident's skills and own words (the rule is in assignments.skills).

    Inputs: a queryset of assignments and the resident's SkillSide. Output: the queryset
    narrowed to those that fit; empty when the resident has no skills or words at all.
    """
    fits = fits_q(
        side,
        skill_links=Assignment.skills.through.objects.filter(assignment_id=OuterRef("pk")),
        own_rows=AssignmentOwnSkill.objects.filter(assignment_id=OuterRef("pk")),
    )
    return queryset.none() if fits is None else queryset.filter(fits)


def claim_counts(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return queryset.annotate(
        pending_count=Count("claims", filter=Q(claims__status=Claim.Status.PENDING)),
        hours_to_confirm=Count("claims", filter=Q(claims__status=Claim.Status.DONE)),
    )


def association_assignments(association) -> QuerySet[Assignment]:
    """All of an association's assignments, with claim counts, for its overview."""
    return claim_counts(
        association.assignments.select_related("locality", "category", "series").order_by("-created_at")
    )


def claims_of_assignment(assignment: Assignment) -> list[Claim]:
    return list(
        assignment.claims.select_related(
            "resident__profile__home_locality",
            "resident__offline_record",
            "registered_by__profile",
            "hours_reported_by__profile",
        ).order_by("status", "created_at")
    )


def claims_of_resident(user) -> QuerySet[Claim]:
    return user.claims.select_related(
        "assignment__association",
        "assignment__locality__municipality",
        "assignment__category",
        "registered_by__profile",
    ).order_by("-created_at")


def own_claim(user, assignment: Assignment) -> Claim | None:
    """The resident's live claim on this assignment, if any."""
    if not user.is_authenticated:
        return None
    return (
        assignment.claims.filter(resident=user).exclude(status=Claim.Status.WITHDRAWN).order_by("-created_at").first()
    )


def _with_position(queryset: QuerySet[WaitingListEntry]) -> QuerySet[WaitingListEntry]:
    """Annotate `ahead`: how many wait before each entry in its line (first come, first in line)."""
    waiting = WaitingListEntry.Status.WAITING
    before = WaitingListEntry.objects.filter(assignment_id=OuterRef("assignment_id"), status=waiting).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    counted = before.order_by().values("assignment_id").annotate(n=Count("pk")).values("n")
    return queryset.annotate(ahead=Coalesce(Subquery(counted, output_field=IntegerField()), 0))


def waiting_entries_of_resident(user) -> list[WaitingListEntry]:
    """The resident's live places in line (waiting or offered), oldest first, each with its
    assignment and `ahead` (how many wait before it). One query, however many there are."""
    entries = WaitingListEntry.objects.filter(resident=user, status__in=LIVE_WAITING_STATUSES).select_related(
        "assignment__association", "assignment__locality"
    )
    return list(_with_position(entries.defer("assignment__search_vector")).order_by("created_at", "pk"))


def own_waiting_entry(user, assignment: Assignment) -> WaitingListEntry | None:
    """The resident's live entry on this assignment, with `ahead`; None when not in line."""
    if not user.is_authenticated:
        return None
    entries = WaitingListEntry.objects.filter(assignment=assignment, resident=user, status__in=LIVE_WAITING_STATUSES)
    return _with_position(entries).first()


def waiting_count(assignment: Assignment) -> int:
    """How many are in line for a place (not counting those offered one)."""
    return assignment.waiting_list.filter(status=WaitingListEntry.Status.WAITING).count()


def waiting_list_of_assignment(assignment: Assignment) -> list[WaitingListEntry]:
    """The assignment's line as its association sees it: live entries in order, with the
    names people chose (never an e-mail address). One query."""
    return list(
        assignment.waiting_list.filter(status__in=LIVE_WAITING_STATUSES)
        .select_related("resident__profile")
        .order_by("created_at", "pk")
    )


# Series ---------------------------------------------------------------------------------------


def one_per_series(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The list's results with each series once: of a series' occurrences in `queryset`, only the
    earliest, so 52 weeks do not fill the list (first_of_each_series), annotated as
    with_series_info says. Input: the filtered, not yet ordered queryset. Still one SQL statement."""
    return with_series_info(first_of_each_series(queryset))


def first_of_each_series(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """`queryset` without the occurrences that have an earlier one of their series in it.

    The filters stay right: an occurrence is hidden only for an earlier one of its series that
    passes the same filters (a date filter after the first week shows the first week after it).
    Assignments in no series pass as they are. A correlated NOT EXISTS on the (series, starts_at)
    index, evaluated only for rows in a series.
    """
    if queryset.db and connections[queryset.db].vendor == "postgresql":
        # The first occurrences, found once (DISTINCT ON over the series' partial index), then looked
        # up in a hash: the list's plans stay those of a list without series. As a correlated
        # NOT EXISTS per row, PostgreSQL misjudged how many rows pass and left the covering index
        # for a heap scan, about 10 times slower on seed_scale (bench/run.py).
        firsts = (
            queryset.filter(series_id__isnull=False)
            .order_by("series_id", "starts_at", "pk")
            .distinct("series_id")
            .values("pk")
        )
        return queryset.filter(Q(series_id__isnull=True) | Q(pk__in=firsts))
    earlier = queryset.filter(series_id=OuterRef("series_id")).filter(
        Q(starts_at__lt=OuterRef("starts_at")) | Q(starts_at=OuterRef("starts_at"), pk__lt=OuterRef("pk"))
    )
    return queryset.filter(Q(series_id__isnull=True) | ~Exists(earlier))


def with_series_info(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate `series_left` (how many other occurrences of its series can still be signed up
    for; None outside a series) and `series_repeat` (AssignmentSeries.Repeat; None outside a
    series), for the card. The count is a correlated subquery, looked for only in a series."""
    others_open = (
        open_for_claims(Assignment.objects.filter(series_id=OuterRef("series_id")))
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("series_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return queryset.annotate(
        # CASE first, so the count is not even looked for outside a series.
        series_left=Case(
            When(series_id__isnull=False, then=Subquery(others_open, output_field=IntegerField())),
            default=Value(None),
            output_field=IntegerField(),
        ),
        series_repeat=F("series__repeat"),
    )


def series_occurrences(assignment: Assignment) -> list[Assignment]:
    """Every occurrence of the assignment's series, in time order, for the association's page."""
    if assignment.series_id is None:
        return []
    return list(
        Assignment.objects.filter(series_id=assignment.series_id, association_id=assignment.association_id)
        .defer("search_vector", "description")
        .order_by("starts_at", "pk")
    )


def coming_occurrences(assignment: Assignment, user) -> list[Assignment]:
    """The other occurrences of the assignment's series a resident may still sign up for or see
    filled, in time order (not begun; published or filled), each annotated `is_open` (as the list
    says it) and `own_claim_label` (the status of the user's sign-up that is not withdrawn, or
    None). One query.
    """
    if assignment.series_id is None:
        return []
    queryset = (
        Assignment.objects.filter(
            series_id=assignment.series_id,
            starts_at__gt=timezone.now(),
            status__in=(Assignment.Status.PUBLISHED, Assignment.Status.FILLED),
        )
        .exclude(pk=assignment.pk)
        .select_related("association")
        .only(
            "pk",
            "starts_at",
            "ends_at",
            "slots",
            "places_taken",
            "status",
            "association__verification",
            "title",
            "claim_mode",
        )
        .annotate(is_open=ExpressionWrapper(open_for_claims_q(), output_field=BooleanField()))
        .order_by("starts_at", "pk")
    )
    if user.is_authenticated:
        live = (
            Claim.objects.filter(assignment_id=OuterRef("pk"), resident=user)
            .exclude(status=Claim.Status.WITHDRAWN)
            .order_by("-created_at")
        )
        queryset = queryset.annotate(own_claim_status=Subquery(live.values("status")[:1]))
    occurrences = list(queryset)
    for occurrence in occurrences:
        status = getattr(occurrence, "own_claim_status", None)
        occurrence.own_claim_label = Claim.Status(status).label if status else None
    return occurrences
