"""Who should hear about a newly published assignment: queries, not loops.

A resident fits when all of these hold:
- their home locality is within their travel radius of the assignment's place,
  or, with no radius given, in the same municipality;
- they have one of the skills it asks for, or an own word that fits (the rule is in
  assignments.skills), or an interest in its category;
- they are available then (see `period_of`);
- they want to hear about matches (preference not "off"), have a verified
  e-mail address, and do not run the association that posted it.

Every active saved search whose filter the assignment passes also fits, whatever
the profile says: the resident asked for exactly that.

The matches are written straight from the SELECT into the notifications table,
skipping rows that already exist, so running it twice changes nothing.
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from assignments import search as text_search
from assignments import search_pg
from assignments.models import Assignment
from assignments.queries import is_open_for_claims
from assignments.skills import SkillSide, fits_q, has_any_q
from associations.models import AssociationMembership
from associations.permissions import MANAGERS
from members.models import MemberProfile, NotificationPreference, ProfileOwnSkill
from municipalities.geo import distance_expression
from notifications.models import Kind, Notification, SavedSearch

EVENING_STARTS = 17  # o'clock, local time


def period_of(assignment: Assignment) -> str | None:
    """Which availability an assignment needs, from when it starts (Swedish time).

    Saturday or Sunday: weekends. A weekday from 17:00: evenings. Other weekdays:
    weekdays. "Any time before a date" needs nothing in particular (None).
    """
    if assignment.starts_at is None:
        return None
    start = timezone.localtime(assignment.starts_at)
    if start.weekday() >= 5:
        return "available_weekends"
    if start.hour >= EVENING_STARTS:
        return "available_evenings"
    return "available_weekdays"


def _verified(user_field: str):
    return Exists(EmailAddress.objects.filter(user_id=OuterRef(user_field), verified=True))


def _not_a_manager(assignment: Assignment, user_field: str):
    return ~Exists(
        AssociationMembership.objects.filter(
            user_id=OuterRef(user_field), association_id=assignment.association_id, role__in=MANAGERS
        )
    )


def fitting_profiles(assignment: Assignment, side: SkillSide) -> QuerySet[MemberProfile]:
    place = assignment.locality
    profiles = (
        MemberProfile.objects.filter(user__is_active=True, home_locality__isnull=False)
        .exclude(notification_preference=NotificationPreference.OFF)
        .annotate(
            distance_km=distance_expression(
                "home_locality__latitude", "home_locality__longitude", place.latitude, place.longitude
            )
        )
        .filter(
            Q(travel_radius_km__isnull=True, home_locality__municipality_id=place.municipality_id)
            | Q(travel_radius_km__isnull=False, distance_km__lte=F("travel_radius_km"))
        )
    )
    wants = Exists(
        MemberProfile.interests.through.objects.filter(
            memberprofile_id=OuterRef("pk"), category_id=assignment.category_id
        )
    )
    fits = fits_q(
        side,
        skill_links=MemberProfile.skills.through.objects.filter(memberprofile_id=OuterRef("pk")),
        own_rows=ProfileOwnSkill.objects.filter(profile_id=OuterRef("pk")),
    )
    if fits is not None:
        wants |= fits
    profiles = profiles.filter(wants)
    period = period_of(assignment)
    if period:
        profiles = profiles.filter(**{period: True})
    return profiles.filter(_verified("user_id")).filter(_not_a_manager(assignment, "user_id"))


def _active_goal_ids(assignment: Assignment):
    """The active development goals the assignment serves, as a subquery (no round trip of its own)."""
    return Assignment.development_goals.through.objects.filter(
        assignment_id=assignment.pk, developmentgoal__is_active=True
    ).values("developmentgoal_id")


def fitting_saved_searches(assignment: Assignment, side: SkillSide) -> QuerySet[SavedSearch]:
    skill_ids = side.skill_ids
    place = assignment.locality
    searches = SavedSearch.objects.filter(active=True, user__is_active=True).filter(
        Q(municipality__isnull=True) | Q(municipality_id=place.municipality_id),
        Q(locality__isnull=True) | Q(locality_id=place.pk),
        Q(category__isnull=True) | Q(category_id=assignment.category_id),
        Q(skill__isnull=True) | Q(skill_id__in=skill_ids) if skill_ids else Q(skill__isnull=True),
        Q(compensation="") | Q(compensation=assignment.compensation),
        # The list filters by active goals only (assignments.filters.goal_choices); so does this.
        # A search kept for a goal that was retired since finds nothing new until it is active again.
        Q(goal__isnull=True) | Q(goal_id__in=_active_goal_ids(assignment)),
    )
    if not assignment.is_paid:
        searches = searches.filter(paid_only=False)
    # The same rules as the list's date filters (assignments.filters).
    if assignment.deadline is not None:
        searches = searches.filter(Q(date_from__isnull=True) | Q(date_from__lte=assignment.deadline))
    else:
        last_day = timezone.localdate(assignment.ends_at)
        first_day = timezone.localdate(assignment.starts_at)
        searches = searches.filter(
            Q(date_from__isnull=True) | Q(date_from__lte=last_day),
            Q(date_to__isnull=True) | Q(date_to__gte=first_day),
        )
    # Distance and "fits my skills" are about the resident's profile now; like the
    # list, they are ignored when the profile has no home or no skills.
    searches = searches.annotate(
        distance=distance_expression(
            "user__profile__home_locality__latitude",
            "user__profile__home_locality__longitude",
            place.latitude,
            place.longitude,
        )
    ).filter(
        Q(distance_km__isnull=True) | Q(user__profile__home_locality__isnull=True) | Q(distance__lte=F("distance_km"))
    )
    their_skills = MemberProfile.skills.through.objects.filter(memberprofile__user_id=OuterRef("user_id"))
    their_words = ProfileOwnSkill.objects.filter(profile__user_id=OuterRef("user_id"))
    fits = Q(fits_my_skills=False) | ~has_any_q(skill_links=their_skills, own_rows=their_words)
    skills_fit = fits_q(side, skill_links=their_skills, own_rows=their_words)
    if skills_fit is not None:
        fits |= skills_fit
    searches = searches.filter(fits)
    if connection.vendor == "postgresql":
        # The list's own rules: the saved text goes through the same SQL function as typed text
        # (uppdrag_tsquery), so an alert finds exactly what /uppdrag/ finds for those words.
        has_text = Exists(
            Assignment.objects.filter(pk=assignment.pk).filter(search_pg.matches(search_pg.tsquery(OuterRef("text"))))
        )
        # CASE, not OR: PostgreSQL may evaluate either side of an OR first, and an empty text is no query.
        searches = searches.alias(
            text_fits=Case(When(text="", then=Value(True)), default=has_text, output_field=BooleanField())
        ).filter(text_fits=True)
    return searches.filter(_verified("user_id")).filter(_not_a_manager(assignment, "user_id"))


def _text_fits(assignment: Assignment, text: str) -> bool:
    """Whether the list's free text `text` finds this assignment: the same call as /uppdrag/
    (assignments.search.search), on this one assignment, so an alert and the list never disagree."""
    return text_search.search(Assignment.objects.filter(pk=assignment.pk), text).exists()


def _insert(select_sql: str, params: tuple, saved_search_column: str, assignment: Assignment) -> int:
    table = connection.ops.quote_name(Notification._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {table} (recipient_id, kind, assignment_id, ref, detail, saved_search_id, created_at,"
        " email_state, email_attempts)"
        f" SELECT matched.user_id, %s, %s, '', '', {saved_search_column}, %s, %s, 0"
        f" FROM ({select_sql}) matched WHERE 1 = 1"
        " ON CONFLICT (recipient_id, assignment_id, kind, ref) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (Kind.MATCH, assignment.pk, now, Notification.EmailState.PENDING, *params))
        return max(cursor.rowcount, 0)


def match(assignment: Assignment) -> int:
    """Write a match notification for everyone the assignment fits. Returns how many were new.

    An assignment that can no longer be signed up for (assignments.queries.is_open_for_claims)
    fits nobody: a match about it would offer a sign-up that is refused.
    """
    if not is_open_for_claims(assignment):
        return 0
    created = 0
    side = SkillSide.of(assignment)
    searches = fitting_saved_searches(assignment, side)
    if connection.vendor != "postgresql":
        # SQLite (the embedded default): one search per distinct text, through the list's own search.
        rows = list(searches.values_list("pk", "text"))
        fits = {text: _text_fits(assignment, text) for text in {text for _pk, text in rows if text}}
        searches = SavedSearch.objects.filter(pk__in=[pk for pk, text in rows if not text or fits[text]])
    # Saved searches first: the inbox can then say which of them found it.
    for query, column in (
        (searches.values("user_id", "id"), "matched.id"),
        (fitting_profiles(assignment, side).values("user_id"), "NULL"),
    ):
        try:
            sql, params = query.query.sql_with_params()
        except EmptyResultSet:  # a condition that can match nothing, such as "one of no ids"
            continue
        created += _insert(sql, params, column, assignment)
    return created
