"""Who hears about a new assignment: every rule of the matching, on the database."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from assignments.models import Assignment, Category, Skill
from associations.models import AssociationMembership
from members.models import NotificationPreference
from municipalities.geo import distance_km
from notifications import matching, services
from notifications.models import Kind, Notification, SavedSearch
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    UserFactory,
    locality,
)

# The search, matching and sending have a PostgreSQL and a SQLite path: CI runs these on both.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

CODES = {"Norsjö": "2417"}
SNOW = "snorojning-och-vinter"
GARDEN = "tradgard-och-utemiljo"


def next_weekday(weekday: int, hour: int) -> datetime:
    """The next given weekday (0 = Monday) at this hour, Swedish time, at least two days ahead."""
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def association():
    return AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])


def new_assignment(association, *, category=SNOW, skills=(), starts_at=None, place="Rusksele", **fields):
    starts_at = starts_at or next_weekday(1, 10)  # a Tuesday morning
    assignment = AssignmentFactory(
        association=association,
        locality=locality(place),
        category=Category.objects.get(slug=category),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        **fields,
    )
    assignment.skills.set(skills)
    return assignment


def resident(*, home="Rusksele", radius=None, interests=(SNOW,), skills=(), **profile):
    person = MemberProfileFactory(
        home_locality=locality(home, CODES.get(home, "2481")) if home else None, travel_radius_km=radius, **profile
    )
    person.interests.set(Category.objects.filter(slug__in=interests))
    person.skills.set(skills)
    return person.user


def matched(assignment) -> set:
    matching.match(assignment)
    return set(Notification.objects.filter(assignment=assignment, kind=Kind.MATCH).values_list("recipient", flat=True))


def test_a_resident_in_the_same_municipality_without_a_radius_is_told(association):
    here = resident(home="Lycksele")
    resident(home="Norsjö")  # another municipality
    assert matched(new_assignment(association)) == {here.pk}


def test_the_travel_radius_is_measured_between_the_places_coordinates(association):
    home, place = locality("Lycksele"), locality("Rusksele")
    distance = distance_km(float(home.latitude), float(home.longitude), float(place.latitude), float(place.longitude))
    just_short = resident(home="Lycksele", radius=int(distance))  # 27 km: the place is 27.09 km away
    just_enough = resident(home="Lycksele", radius=int(distance) + 1)
    assert matched(new_assignment(association)) == {just_enough.pk}
    assert just_short.pk not in matched(new_assignment(association))


def test_a_radius_reaches_across_the_municipal_border(association):
    # Norsjö is about 53 km from Lycksele, in another municipality.
    reaches = resident(home="Norsjö", radius=100)
    too_short = resident(home="Norsjö", radius=50)
    assert matched(new_assignment(association, place="Lycksele")) == {reaches.pk}
    assert too_short.pk not in matched(new_assignment(association, place="Lycksele"))


def test_residents_without_a_home_locality_are_not_matched_by_their_profile(association):
    homeless = resident(home=None)
    assert homeless.pk not in matched(new_assignment(association))


def test_a_skill_it_asks_for_or_an_interest_in_its_category_is_needed(association):
    skill, other_skill = Skill.objects.filter(kind=Skill.Kind.SKILL)[:2]
    has_skill = resident(interests=(), skills=[skill])
    has_other_skill = resident(interests=(), skills=[other_skill])
    likes_category = resident(interests=(GARDEN,))
    neither = resident(interests=())
    assignment = new_assignment(association, category=GARDEN, skills=[skill])
    assert matched(assignment) == {has_skill.pk, likes_category.pk}
    assert not {has_other_skill.pk, neither.pk} & matched(assignment)


@pytest.mark.parametrize(
    ("starts_at", "needed"),
    [
        (lambda: next_weekday(1, 10), "available_weekdays"),
        (lambda: next_weekday(3, 18), "available_evenings"),
        (lambda: next_weekday(5, 10), "available_weekends"),
        (lambda: next_weekday(6, 19), "available_weekends"),
    ],
)
def test_only_residents_available_then_are_told(association, starts_at, needed):
    periods = ("available_weekdays", "available_evenings", "available_weekends")
    available = resident(**{period: period == needed for period in periods})
    not_then = resident(**{period: period != needed for period in periods})
    assert matched(new_assignment(association, starts_at=starts_at())) == {available.pk}
    assert not_then.pk not in matched(new_assignment(association, starts_at=starts_at()))


def test_an_assignment_with_a_deadline_suits_any_availability(association):
    weekends_only = resident(available_weekdays=False, available_evenings=False)
    assignment = AssignmentFactory(
        association=association,
        locality=locality("Rusksele"),
        starts_at=None,
        ends_at=None,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    assert matched(assignment) == {weekends_only.pk}


def test_off_unverified_inactive_and_the_associations_own_coordinators_are_not_told(association):
    told = resident()
    resident(notification_preference=NotificationPreference.OFF)
    unverified = MemberProfileFactory(user=UserFactory(verified=False), home_locality=locality("Rusksele"))
    unverified.interests.set(Category.objects.filter(slug=SNOW))
    inactive = resident()
    inactive.is_active = False
    inactive.save()
    coordinator = resident()
    MembershipFactory(user=coordinator, association=association, role=AssociationMembership.Role.COORDINATOR)
    plain_member = resident()
    MembershipFactory(user=plain_member, association=association, role=AssociationMembership.Role.MEMBER)
    assert matched(new_assignment(association)) == {told.pk, plain_member.pk}


def test_matching_twice_makes_no_second_notification(association):
    resident()
    assignment = new_assignment(association)
    assert matching.match(assignment) == 1
    assert matching.match(assignment) == 0
    assert Notification.objects.filter(assignment=assignment).count() == 1


# Saved searches ---------------------------------------------------------------------------


def save_search(user, query: str) -> SavedSearch:
    request = RequestFactory().post("/mina-sidor/bevakningar/ny/", {"query": query})
    request.user = user
    return services.saved_search_create(user=user, filterset=services.filterset_for(request, QueryDict(query)))


def watcher(**profile):
    """Someone the profile rules alone would never match: no interests, lives far away."""
    return resident(home="Norsjö", interests=(), **profile)


@pytest.mark.parametrize(
    ("query", "fits"),
    [
        ("", True),
        ("municipality=2481", True),
        ("municipality=2417", False),
        (f"category={SNOW}", True),
        (f"category={GARDEN}", False),
        ("compensation=fixed", True),
        ("compensation=hourly", False),
        ("paid=on", True),
        ("date_from={in_2_days}", True),
        ("date_from={in_60_days}", False),
        ("date_to={in_60_days}", True),
        ("date_to={today}", False),
    ],
)
def test_a_saved_search_fits_when_the_assignment_passes_its_filter(association, query, fits):
    today = timezone.localdate()
    query = query.format(today=today, in_2_days=today + timedelta(days=2), in_60_days=today + timedelta(days=60))
    person = watcher()
    search = save_search(person, query)
    assignment = new_assignment(association, compensation="fixed", payment_route="umbrella", amount_sek=Decimal("500"))
    assert (person.pk in matched(assignment)) is fits
    if fits:
        assert Notification.objects.get(recipient=person, assignment=assignment).saved_search == search


def test_a_saved_search_by_place_and_skill(association):
    skill, other = Skill.objects.filter(kind=Skill.Kind.SKILL)[:2]
    person = watcher(skills=[skill, other])
    save_search(person, f"municipality=2481&locality={locality('Rusksele').pk}&skill={skill.pk}")
    assert person.pk in matched(new_assignment(association, skills=[skill]))
    assert person.pk not in matched(new_assignment(association, skills=[other]))
    assert person.pk not in matched(new_assignment(association, skills=[skill], place="Lycksele"))


def test_a_saved_search_by_distance_and_fitting_skills_uses_the_profile_now(association):
    skill, other = Skill.objects.filter(kind=Skill.Kind.SKILL)[:2]
    # Off: only the saved search can tell them.
    person = resident(home="Lycksele", interests=(), skills=[skill], notification_preference=NotificationPreference.OFF)
    save_search(person, "distance=25&fits=on")
    assert person.pk not in matched(new_assignment(association, skills=[skill]))  # Rusksele is 27 km away
    assert person.pk in matched(new_assignment(association, skills=[skill], place="Lycksele"))
    assert person.pk not in matched(new_assignment(association, skills=[other], place="Lycksele"))


def test_a_paused_search_tells_nobody_and_a_resumed_one_does(association):
    person = watcher()
    search = save_search(person, "municipality=2481")
    search.active = False
    search.save()
    assert person.pk not in matched(new_assignment(association))
    search.active = True
    search.save()
    assert person.pk in matched(new_assignment(association))


def test_a_saved_search_tells_even_residents_whose_preference_is_off_but_only_in_the_inbox(association):
    person = watcher(notification_preference=NotificationPreference.OFF)
    save_search(person, "municipality=2481")
    assignment = new_assignment(association)
    assert person.pk in matched(assignment)
    services.skip_unwanted_matches(assignment.pk)
    assert Notification.objects.get(recipient=person).email_state == Notification.EmailState.SKIPPED


def test_two_fitting_searches_and_a_fitting_profile_make_one_notification(association):
    person = resident()
    save_search(person, "municipality=2481")
    save_search(person, f"category={SNOW}")
    assignment = new_assignment(association)
    assert matching.match(assignment) == 1
    assert Notification.objects.filter(recipient=person, assignment=assignment).count() == 1


@pytest.mark.postgres
def test_a_saved_search_with_words_uses_the_swedish_full_text_search(association):
    from assignments.services import refresh_search_vectors

    person = watcher()
    save_search(person, "q=skotta+trappan")
    other = watcher()
    save_search(other, "q=gräsklippning")
    assignment = new_assignment(association, title="Skotta trappan vid bygdegården")
    refresh_search_vectors(Assignment.objects.filter(pk=assignment.pk))
    assert matched(assignment) == {person.pk}


def test_a_saved_search_with_words_on_the_embedded_database(association, settings):
    person = watcher()
    save_search(person, "q=trappan")
    other = watcher()
    save_search(other, "q=gräsklippning")
    assignment = new_assignment(association, title="Skotta trappan vid bygdegården")
    from django.db import connection

    if connection.vendor == "postgresql":
        from assignments.services import refresh_search_vectors

        refresh_search_vectors(Assignment.objects.filter(pk=assignment.pk))
    assert matched(assignment) == {person.pk}


@pytest.mark.parametrize("q", ["a" * 199 + " b", "x" * 300, "   ", "ord " * 60])
def test_a_long_or_odd_text_filter_never_breaks_matching_for_anyone(association, q):
    from django.db import connection

    from assignments.services import refresh_search_vectors

    watching = watcher()
    save_search(watching, f"q={q}")
    assert len(SavedSearch.objects.get(user=watching).text) <= 200
    assert not SavedSearch.objects.get(user=watching).text.endswith(" ")
    told = resident()
    assignment = new_assignment(association)
    if connection.vendor == "postgresql":
        refresh_search_vectors(Assignment.objects.filter(pk=assignment.pk))
    assert told.pk in matched(assignment)


def own_words(owner, *words):
    from assignments.skills import own_skills_set

    own_skills_set(owner.own_skills, list(words))


def test_an_own_word_on_a_profile_fits_an_assignment_whose_skill_names_contain_it(association):
    baker = resident(interests=())
    own_words(baker.profile, "Bakning")
    knitter = resident(interests=())
    own_words(knitter.profile, "Stickning")
    assignment = new_assignment(association, skills=[Skill.objects.get(label_sv="Enklare bakningskunskaper")])
    assert matched(assignment) == {baker.pk}


def test_an_own_word_on_an_assignment_fits_a_profile_with_it_as_own_word_or_in_a_skill_name(association):
    says_it_too = resident(interests=())
    own_words(says_it_too.profile, "surdegsbakning")
    has_the_skill = resident(interests=(), skills=[Skill.objects.get(label_sv="Vedugnsbakning")])
    neither = resident(interests=(), skills=[Skill.objects.get(label_sv="Snöskottning")])
    assignment = new_assignment(association)
    own_words(assignment, "Bakning")
    assert matched(assignment) == {says_it_too.pk, has_the_skill.pk}
    assert neither.pk not in matched(assignment)


def test_own_words_fit_whatever_the_letter_case_even_with_swedish_letters(association):
    # SQLite's LOWER() leaves Ä alone; the lower-case key makes the rule the same on both databases.
    hunter = resident(interests=())
    own_words(hunter.profile, "ÄLGJAKT")
    assignment = new_assignment(association)
    own_words(assignment, "Älgjakt och slakt")
    assert matched(assignment) == {hunter.pk}


def test_a_saved_search_for_fitting_skills_counts_own_words(association):
    baker = resident(interests=())
    own_words(baker.profile, "Bakning")
    SavedSearch.objects.create(user=baker, name="Mina", fits_my_skills=True)
    other = resident(interests=())
    own_words(other.profile, "Stickning")
    SavedSearch.objects.create(user=other, name="Mina", fits_my_skills=True)
    assignment = new_assignment(association, skills=[Skill.objects.get(label_sv="Bakning, cirkelledning")])
    searches = matching.fitting_saved_searches(assignment, matching.SkillSide.of(assignment))
    assert set(searches.values_list("user_id", flat=True)) == {baker.pk}


# Development goals: the list's filter and the alert mean the same ------------------------


@pytest.fixture
def goals():
    from municipalities.models import DevelopmentGoal

    lycksele, norsjo = locality("Lycksele").municipality, locality("Norsjö", "2417").municipality
    return {
        "living": DevelopmentGoal.objects.create(municipality=lycksele, title="Levande byar", position=0),
        "young": DevelopmentGoal.objects.create(municipality=lycksele, title="Fler unga i föreningslivet", position=1),
        "retired": DevelopmentGoal.objects.create(municipality=lycksele, title="Gammalt mål", is_active=False),
        "norsjo": DevelopmentGoal.objects.create(municipality=norsjo, title="Norsjös mål", position=0),
    }


GOAL_QUERIES = [
    "goal={living}",
    "goal={young}",
    "municipality=2481&goal={living}",
    f"goal={{living}}&category={SNOW}",
    f"goal={{young}}&category={GARDEN}",
    # Values the list ignores (with a message) are left out of the alert too, so both show everything else.
    "goal={retired}",
    "municipality=2481&goal={norsjo}",
    "goal=999999",
    "goal=abc",
]


@pytest.mark.parametrize("query", GOAL_QUERIES)
def test_the_list_and_a_saved_search_with_a_goal_find_the_same_assignments(association, goals, query):
    from assignments.filters import AssignmentFilter
    from assignments.queries import open_assignments

    query = query.format(**{name: goal.pk for name, goal in goals.items()})
    person = watcher()
    search = save_search(person, query)
    made = {
        "living": new_assignment(association),
        "both": new_assignment(association, category=GARDEN),
        "young": new_assignment(association, category=GARDEN),
        "none": new_assignment(association),
        "retired": new_assignment(association),
    }
    made["living"].development_goals.set([goals["living"]])
    made["both"].development_goals.set([goals["living"], goals["young"]])
    made["young"].development_goals.set([goals["young"]])
    made["retired"].development_goals.set([goals["retired"]])

    request = RequestFactory().get("/uppdrag/", QueryDict(query))
    request.user = person
    listed = set(AssignmentFilter(QueryDict(query), queryset=open_assignments(), request=request).qs)
    alerted = {assignment for assignment in made.values() if person.pk in matched(assignment)}
    assert alerted == listed & set(made.values())
    if QueryDict(query).get("goal") in (str(goals["living"].pk), str(goals["young"].pk)):
        assert search.goal is not None
        assert len(alerted) < len(made)  # the goal narrowed both
    else:
        assert search.goal is None
        assert alerted == set(made.values())


def test_a_saved_search_with_a_goal_is_named_after_it(association, goals):
    search = save_search(watcher(), f"municipality=2481&goal={goals['young'].pk}")
    assert search.name == "Fler unga i föreningslivet · Lycksele"
    assert search.query == f"goal={goals['young'].pk}&municipality=2481"


def test_a_saved_search_for_a_goal_retired_since_finds_nothing_new_until_it_is_active_again(association, goals):
    person = watcher()
    save_search(person, f"goal={goals['living'].pk}")
    served = new_assignment(association)
    served.development_goals.set([goals["living"]])
    goals["living"].is_active = False
    goals["living"].save()
    assert person.pk not in matched(served)
    goals["living"].is_active = True
    goals["living"].save()
    again = new_assignment(association)
    again.development_goals.set([goals["living"]])
    assert person.pk in matched(again)
