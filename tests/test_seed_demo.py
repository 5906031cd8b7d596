from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.utils import timezone

from assignments.models import Assignment, Claim
from associations.models import Association, AssociationMembership
from associations.validators import validate_organisation_number
from members.models import MemberProfile, SituationChange, User
from municipalities import demo_content as demo
from municipalities import demo_history, statistics
from municipalities.models import DevelopmentGoal, Municipality, StaffMembership
from notifications.models import SUPPORT_KINDS, Kind, Notification
from pathways import services as pathway_services
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Recommendation,
    SupporterNote,
    SupportLink,
    SupportOffer,
)
from pathways.queries import offering_associations, recommendations

pytestmark = pytest.mark.django_db

SEEDED_MODELS = (
    User,
    EmailAddress,
    MemberProfile,
    Association,
    AssociationMembership,
    StaffMembership,
    DevelopmentGoal,
    Assignment,
    Claim,
    SupportOffer,
    SupportLink,
    ConsentEvent,
    Intake,
    Milestone,
    SupporterNote,
    Recommendation,
    AccessLogEntry,
)


@pytest.fixture(autouse=True)
def debug_on(settings):
    # pytest-django runs tests with DEBUG off, which the command refuses without --force.
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        seed("--force")
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seeding_twice_leaves_the_same_number_of_rows_in_every_table():
    seed()
    first = row_counts()
    seed()
    assert row_counts() == first
    assert all(first[model._meta.label] > 0 for model in SEEDED_MODELS)


def test_a_reset_moves_dates_of_existing_assignments_instead_of_adding_rows():
    seed()
    assignment = Assignment.objects.get(title="Skotta fram utegymmet vid bystugan")
    long_ago = timezone.now() - timedelta(days=400)
    Assignment.objects.filter(pk=assignment.pk).update(starts_at=long_ago, ends_at=long_ago + timedelta(hours=3))
    seed("--reset")
    assignment.refresh_from_db()
    assert assignment.starts_at > timezone.now()
    assert Assignment.objects.filter(title="Skotta fram utegymmet vid bystugan").count() == 1


def test_an_association_verified_on_the_site_stays_verified_when_seeding_again():
    seed()
    pending = Association.objects.get(verification="pending")
    verifier = StaffMembership.objects.filter(municipality=pending.municipality, role="admin").first().user
    Association.objects.filter(pk=pending.pk).update(
        verification="verified", verified_by=verifier, verified_at=timezone.now()
    )
    out = seed()
    pending.refresh_from_db()
    assert pending.verification == "verified"
    assert pending.verified_by == verifier
    assert "0 rows added" in out


def test_what_people_changed_on_the_demo_site_stays_when_seeding_again():
    seed()
    assignment = Assignment.objects.get(title="Skotta fram utegymmet vid bystugan")
    starts_at = assignment.starts_at
    Assignment.objects.filter(pk=assignment.pk).update(description="Ändrad av föreningen.")
    claim = Claim.objects.filter(status="pending").first()
    Claim.objects.filter(pk=claim.pk).update(status="withdrawn")
    profile = MemberProfile.objects.get(user__email=demo.email("anna.l"))
    MemberProfile.objects.filter(pk=profile.pk).update(display_name="Anna från Lycksele")
    left = AssociationMembership.objects.filter(role="member").first()
    left.delete()
    renamed = DevelopmentGoal.objects.first()
    DevelopmentGoal.objects.filter(pk=renamed.pk).update(title="Ett nytt namn på målet")
    counts = row_counts()

    seed()

    assignment.refresh_from_db()
    assert assignment.description == "Ändrad av föreningen."
    assert assignment.starts_at == starts_at
    assert Claim.objects.get(pk=claim.pk).status == "withdrawn"
    assert MemberProfile.objects.get(pk=profile.pk).display_name == "Anna från Lycksele"
    assert not AssociationMembership.objects.filter(user=left.user, association=left.association).exists()
    assert not DevelopmentGoal.objects.filter(municipality=renamed.municipality, title=renamed.title).exists()
    assert row_counts() == counts


def test_a_demo_association_that_is_missing_is_seeded_again_with_its_assignments():
    seed()
    association = Association.objects.get(slug="rusksele-byaforening")
    titles = set(association.assignments.values_list("title", flat=True))
    association.assignments.all().delete()
    association.delete()
    seed()
    again = Association.objects.get(slug="rusksele-byaforening")
    assert set(again.assignments.values_list("title", flat=True)) == titles


@pytest.mark.usefixtures("seeded")
class TestTheSeededDemo:
    """Read-only checks share one seeding; each test still runs in its own savepoint."""

    def test_every_assignment_status_is_present(self):
        assert set(Assignment.objects.values_list("status", flat=True)) == set(Assignment.Status.values)

    def test_every_claim_status_is_present(self):
        assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)

    def test_every_pilot_municipality_has_verified_associations(self):
        for code in demo.PILOT_CODES:
            verified = Association.objects.filter(municipality__code=code, verification="verified")
            assert verified.count() >= 2
            assert all(
                a.verified_at and a.verified_by.staff_memberships.filter(role="admin").exists() for a in verified
            )

    def test_every_pilot_municipality_has_a_staff_admin_and_a_viewer(self):
        for code in demo.PILOT_CODES:
            roles = set(StaffMembership.objects.filter(municipality__code=code).values_list("role", flat=True))
            assert roles == {"admin", "viewer"}

    def test_there_is_a_pending_and_a_rejected_association_with_a_reason(self):
        assert Association.objects.filter(verification="pending", verified_at=None).exists()
        rejected = Association.objects.get(verification="rejected")
        assert rejected.rejection_reason

    def test_places_taken_equals_the_accepted_done_and_confirmed_claims_of_every_assignment(self):
        taken = Count("claims", filter=Q(claims__status__in=["accepted", "done", "confirmed"]))
        for assignment in Assignment.objects.annotate(taken=taken):
            assert assignment.places_taken == assignment.taken <= assignment.slots

    def test_filled_assignments_have_every_place_taken(self):
        filled = Assignment.objects.filter(status="filled")
        assert filled.exists()
        assert all(a.places_taken == a.slots for a in filled)

    def test_residents_never_claim_assignments_of_their_own_association(self):
        for claim in Claim.objects.select_related("assignment"):
            assert not AssociationMembership.objects.filter(
                user_id=claim.resident_id, association_id=claim.assignment.association_id
            ).exists()

    def test_published_assignments_lie_ahead_and_completed_and_expired_ones_behind(self):
        now, today = timezone.now(), timezone.localdate()
        for a in Assignment.objects.filter(status="published"):
            assert a.starts_at > now if a.starts_at else a.deadline >= today
        for a in Assignment.objects.filter(status__in=["completed", "expired"]):
            assert a.ends_at < now if a.ends_at else a.deadline < today

    def test_everything_but_drafts_was_published_before_now(self):
        assert not Assignment.objects.filter(status="draft").exclude(published_at=None).exists()
        for assignment in Assignment.objects.exclude(status="draft"):
            assert assignment.published_at < timezone.now()

    def test_time_windows_are_at_daytime_hours_in_swedish_time(self):
        for assignment in Assignment.objects.exclude(starts_at=None):
            start = timezone.localtime(assignment.starts_at)
            end = timezone.localtime(assignment.ends_at)
            assert start.hour >= 7 and end.hour <= 21

    def test_assignments_take_place_where_their_association_works(self):
        for assignment in Assignment.objects.select_related("association", "locality"):
            assert assignment.locality in assignment.association.localities.all()

    def test_organisation_numbers_are_luhn_valid_and_start_with_7_or_8(self):
        for number in Association.objects.values_list("organisation_number", flat=True):
            validate_organisation_number(number)
            assert number[0] in "78"

    def test_verified_demo_users_have_a_verified_primary_email_address(self):
        for spec in demo.USERS:
            address = EmailAddress.objects.get(email=spec.email)
            assert address.primary
            assert address.verified == spec.verified

    def test_one_resident_writes_in_english(self):
        assert User.objects.filter(language="en", profile__isnull=False).count() == 1


# Logging in needs the password hashed under the per-test settings (tests/conftest.py
# switches to a fast hasher for each test), so these seed inside the test.


def test_demo_users_of_every_kind_log_in_through_the_login_page_and_see_my_pages():
    seed()
    for key in ("anna.l", "hannah.m", "ordforande.rusksele", "kommun.norsjo", "statistik.norrtalje", "admin"):
        client = Client()
        response = client.post("/konto/login/", {"login": demo.email(key), "password": demo.PASSWORD})
        assert response.status_code == 302, key
        assert client.get("/mina-sidor/").status_code == 200, key


def test_the_unverified_demo_user_is_not_logged_in_until_the_email_is_verified(client):
    seed()
    client.post("/konto/login/", {"login": demo.email("maja.p"), "password": demo.PASSWORD})
    assert client.get("/mina-sidor/").status_code == 302


def test_seed_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.filter(email__endswith=demo.DOMAIN).exists()


def test_seed_demo_runs_with_force_when_debug_is_off(settings):
    settings.DEBUG = False
    seed("--force")
    assert User.objects.filter(email=demo.email("admin"), is_superuser=True).exists()


def test_seed_demo_prints_the_demo_logins():
    out = seed()
    assert demo.PASSWORD in out
    assert "kommun.lycksele" in out


@pytest.mark.postgres
def test_demo_assignments_are_found_by_swedish_full_text_search_on_postgresql():
    from django.contrib.postgres.search import SearchQuery

    seed()
    found = Assignment.objects.filter(search_vector=SearchQuery("julmarknaden", config="swedish"))
    assert "Bära bord och stolar inför julmarknaden" in set(found.values_list("title", flat=True))


# A year of history (municipalities/demo_history.py) behind the pilot municipalities.


def end_of_day(day):
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=statistics.TZ)


def finished(assignment: Assignment):
    """When the work is over: the end of the window, or the end of the deadline day."""
    return assignment.ends_at or end_of_day(assignment.deadline)


def history_counts() -> tuple[int, int, int]:
    assignments = Assignment.objects.filter(title__in=demo_history.TITLES)
    residents = User.objects.filter(email__startswith="invanare.")
    claims = Claim.objects.filter(assignment__in=assignments)
    return assignments.count(), residents.count(), claims.count()


def test_seeding_again_adds_no_history():
    seed()
    first = history_counts()
    out = seed()
    assert history_counts() == first
    assert first[0] > 300 and first[1] > 200 and first[2] > first[0]
    assert "0 rows added" in out


def test_a_reset_replaces_the_history_instead_of_adding_to_it():
    seed()
    first = history_counts()
    old = set(Assignment.objects.filter(title__in=demo_history.TITLES).values_list("pk", flat=True))
    seed("--reset")
    assert history_counts() == first
    assert not Assignment.objects.filter(pk__in=old).exists()


def test_history_titles_never_clash_with_the_shipped_assignments():
    # The seeder tells its history apart by title: a shared one would be replaced by the other.
    assert not demo_history.TITLES & {spec.title for spec in demo.ASSIGNMENTS}


@pytest.mark.usefixtures("seeded")
class TestTheDemoHistory:
    def test_every_pilot_municipality_has_twelve_months_with_completed_assignments_and_confirmed_hours(self):
        today = timezone.localdate()
        for code in demo.PILOT_CODES:
            months = set()
            completed = Claim.objects.filter(
                assignment__association__municipality__code=code,
                assignment__status="completed",
                status="confirmed",
                hours_confirmed__gt=0,
                assignment__completed_at__gte=timezone.now() - timedelta(days=366),
            ).select_related("assignment")
            for claim in completed:
                moment = timezone.localtime(claim.assignment.completed_at)
                months.add((moment.year, moment.month))
            assert len(months) >= 12, (code, today, sorted(months))

    def test_completed_paid_work_goes_through_all_three_payment_routes_in_every_pilot_municipality(self):
        for code in demo.PILOT_CODES:
            routes = set(
                Assignment.objects.filter(
                    association__municipality__code=code, status="completed", claims__status="confirmed"
                ).values_list("payment_route", flat=True)
            )
            assert routes == {"voluntary", "umbrella", "f_tax", "employment"}, code

    def test_every_pilot_municipality_has_unfilled_demand_and_cancelled_assignments(self):
        for code in demo.PILOT_CODES:
            statuses = set(
                Assignment.objects.filter(
                    association__municipality__code=code, title__in=demo_history.TITLES
                ).values_list("status", flat=True)
            )
            assert statuses == {"completed", "cancelled", "expired"}, code

    def test_history_residents_are_made_up_people_at_the_example_domain(self):
        residents = User.objects.filter(email__startswith="invanare.")
        assert residents.count() > 200
        assert all(email.endswith(f"@{demo.DOMAIN}") for email in residents.values_list("email", flat=True))
        assert not residents.filter(profile__display_name="").exists()

    def test_every_history_sign_up_comes_after_publishing_and_the_resident_joining(self):
        claims = Claim.objects.filter(assignment__title__in=demo_history.TITLES).select_related(
            "assignment", "resident"
        )
        for claim in claims:
            assert claim.assignment.published_at <= claim.created_at < timezone.now()
            assert claim.resident.date_joined < claim.created_at

    def test_some_residents_complete_three_or_more_assignments_and_many_only_one(self):
        per_resident = (
            Claim.objects.filter(status="confirmed", resident__email__startswith="invanare.lycksele")
            .values("resident")
            .annotate(n=Count("id"))
            .values_list("n", flat=True)
        )
        assert sum(n >= 3 for n in per_resident) >= 5
        assert sum(n == 1 for n in per_resident) >= 5

    def test_winter_brings_snow_clearing_and_summer_brings_markets(self):
        history = Assignment.objects.filter(title__in=demo_history.TITLES).select_related("category")
        months = {}
        for a in history:
            months.setdefault(a.category.slug, set()).add(timezone.localtime(a.published_at).month)
        assert months["snorojning-och-vinter"] <= {10, 11, 12, 1, 2, 3}
        assert {6, 7, 8} <= {
            timezone.localtime(a.published_at).month for a in history.filter(title__contains="sommarmarknaden")
        }

    def test_some_job_seekers_later_report_work_and_their_profile_shows_the_latest_situation(self):
        later = 0
        for user in User.objects.filter(email__startswith="invanare.", situation_changes__isnull=False).distinct():
            changes = list(user.situation_changes.order_by("recorded_at"))
            if changes[-1].consent:
                assert user.profile.situation == changes[-1].situation
                assert user.profile.situation_consent_at == changes[0].recorded_at
            else:
                assert user.profile.situation == "" and user.profile.situation_consent_at is None
            situations = [c.situation for c in changes]
            if situations[0] == "job_seeking" and {"employed", "self_employed"} & set(situations[1:]):
                later += 1
        assert later >= 5

    def test_a_withdrawal_of_consent_is_the_last_situation_row_and_nothing_follows_it(self):
        withdrawn = SituationChange.objects.filter(consent=False, user__email__startswith="invanare.")
        assert withdrawn.exists()
        for change in withdrawn:
            assert not change.situation
            assert not SituationChange.objects.filter(user=change.user, recorded_at__gt=change.recorded_at).exists()

    def test_situation_changes_are_dated_in_the_past(self):
        assert not SituationChange.objects.filter(recorded_at__gt=timezone.now()).exists()

    def test_history_assignments_are_published_before_the_work_and_completed_or_cancelled_in_order(self):
        now = timezone.now()
        history = Assignment.objects.filter(title__in=demo_history.TITLES)
        for a in history:
            work_starts = a.starts_at or end_of_day(a.deadline)
            assert a.created_at <= a.published_at
            assert a.published_at < work_starts < now, a.pk
            if a.starts_at:
                assert a.starts_at < a.ends_at < now
            if a.status == "completed":
                assert finished(a) < a.completed_at < now, a.pk
                assert a.cancelled_at is None
            elif a.status == "cancelled":
                assert a.published_at < a.cancelled_at < work_starts, a.pk
                assert a.completed_at is None
            else:
                assert a.completed_at is None and a.cancelled_at is None

    def test_history_claims_follow_the_lifecycle_of_sign_up_answer_work_and_confirmation(self):
        now = timezone.now()
        claims = Claim.objects.filter(assignment__title__in=demo_history.TITLES).select_related("assignment")
        statuses = set()
        for claim in claims:
            a = claim.assignment
            statuses.add(claim.status)
            sign_ups_close = a.starts_at or end_of_day(a.deadline)
            assert a.published_at <= claim.created_at < sign_ups_close, claim.pk
            assert a.cancelled_at is None or claim.created_at < a.cancelled_at
            if claim.status == "confirmed":
                # decided_at is the confirmation (claim_confirm): after the work, not the acceptance.
                assert a.status == "completed"
                assert finished(a) < a.completed_at <= claim.decided_at < now, claim.pk
                assert claim.decided_at - finished(a) < timedelta(days=6), claim.pk
                assert claim.hours_confirmed > 0
            elif claim.status in ("declined", "cancelled"):
                # The answer (for a cancelled one, the acceptance) before the work and any cancellation.
                assert claim.created_at <= claim.decided_at <= sign_ups_close, claim.pk
                if a.cancelled_at:
                    assert claim.decided_at <= a.cancelled_at
            else:
                assert claim.status == "withdrawn" and claim.decided_at is None
        assert statuses == {"confirmed", "declined", "cancelled", "withdrawn"}

    def test_no_confirmed_history_claim_is_dated_before_its_assignment_started_or_ended(self):
        confirmed = Claim.objects.filter(assignment__title__in=demo_history.TITLES, status="confirmed")
        assert confirmed.exists()
        assert not confirmed.filter(decided_at__lt=F("assignment__starts_at")).exists()
        assert not confirmed.filter(decided_at__lte=F("assignment__ends_at")).exists()
        assert not confirmed.filter(decided_at__lt=F("assignment__completed_at")).exists()
        assert not confirmed.filter(decided_at__date__lte=F("assignment__deadline")).exists()

    def test_nothing_in_the_history_is_dated_after_now(self):
        now = timezone.now()
        history = Assignment.objects.filter(title__in=demo_history.TITLES)
        for name in ("created_at", "published_at", "starts_at", "ends_at", "cancelled_at", "completed_at"):
            assert not history.filter(**{f"{name}__gte": now}).exists(), name
        assert not history.filter(deadline__gte=timezone.localdate()).exists()
        claims = Claim.objects.filter(assignment__in=history)
        assert not claims.filter(Q(created_at__gte=now) | Q(decided_at__gte=now)).exists()
        assert not User.objects.filter(email__startswith="invanare.", date_joined__gte=now).exists()

    def test_a_confirmation_falls_in_the_month_its_assignment_was_completed_or_the_month_after(self):
        confirmed = Claim.objects.filter(assignment__title__in=demo_history.TITLES, status="confirmed")
        for claim in confirmed.select_related("assignment"):
            done = timezone.localtime(claim.assignment.completed_at)
            confirmed_at = timezone.localtime(claim.decided_at)
            months_apart = (confirmed_at.year - done.year) * 12 + confirmed_at.month - done.month
            assert months_apart in (0, 1), claim.pk

    def test_every_month_with_confirmed_hours_has_completed_assignments_that_month_or_the_month_before(self):
        # The dashboard's monthly series: hours and engaged residents come from completed work.
        today = timezone.localdate()
        for municipality in Municipality.objects.filter(code__in=demo.PILOT_CODES):
            table = statistics.monthly(municipality, statistics.Period.named("last_12_months", today=today))
            rows = [(row[0], row[2].value, row[3].value, row[4]) for row in table.rows]
            with_hours = 0
            for index, (month, completed, hours, engaged) in enumerate(rows):
                if not hours:
                    assert engaged.value == 0, (municipality.code, month)
                    continue
                with_hours += 1
                before = rows[index - 1][1] if index else 0
                assert completed + before > 0, (municipality.code, month, rows)
            assert with_hours >= 12, municipality.code


def test_the_demo_goals_have_yearly_targets_and_say_they_are_examples(db):
    from django.core.management import call_command

    from municipalities.models import DevelopmentGoal

    call_command("seed_demo", verbosity=0)
    goals = DevelopmentGoal.objects.filter(municipality__code__in=["2481", "2417", "0188"])
    assert goals.count() == 9
    assert all(goal.target_kind and goal.target_per_year for goal in goals)
    assert {goal.source for goal in goals} == {"Exempel i demodata, inte kommunens egen plan"}


# The supporters (handledare) and the residents they support.

SUPPORTERS = {offer.supporter: offer for offer in demo.SUPPORT_OFFERS}


def story_link(story: demo.DemoSupport) -> SupportLink:
    return SupportLink.objects.get(
        resident__email=demo.email(story.resident), supporter__email=demo.email(story.supporter)
    )


def test_a_plain_seed_keeps_a_link_ended_on_the_site_and_a_reset_puts_the_story_back():
    seed()
    shipped = row_counts()
    story = next(s for s in demo.SUPPORT if s.resident == "samira.k")
    link = story_link(story)
    pathway_services.link_end(link=link, by=link.resident)
    SupporterNote.objects.filter(resident=link.resident).delete()
    counts = row_counts()
    out = seed()
    assert story_link(story).status == "ended"
    assert not SupporterNote.objects.filter(resident=link.resident).exists()
    assert row_counts() == counts
    assert "0 rows added" in out
    seed("--reset")
    again = story_link(story)
    assert again.status == "active" and again.pk != link.pk
    assert SupportLink.objects.filter(resident=link.resident).count() == 1
    assert list(SupporterNote.objects.filter(resident=link.resident).values_list("text", flat=True)) == [
        text for _days, text in story.notes
    ]
    assert row_counts() == shipped


def test_a_supporter_unmarked_on_the_site_stays_unmarked_when_seeding_again():
    seed()
    membership = AssociationMembership.objects.get(user__email=demo.email("handledare.norsjo"), is_supporter=True)
    admin = User.objects.get(email=demo.email("kooperativet.norsjo"))
    pathway_services.supporter_set(membership=membership, by=admin, is_supporter=False)
    seed()
    membership.refresh_from_db()
    assert not membership.is_supporter
    # Taking the role away ended the live links; seeding again does not start them anew.
    assert not SupportLink.objects.filter(supporter=membership.user, status__in=SupportLink.LIVE).exists()


def test_a_demo_supporter_logs_in_and_sees_the_residents_they_support():
    seed()
    client = Client()
    client.post("/konto/login/", {"login": demo.email("handledare.lycksele"), "password": demo.PASSWORD})
    content = client.get("/handledning/").content.decode()
    for name in ("Samira K.", "Mikael S.", "Johan B."):
        assert name in content


@pytest.mark.usefixtures("seeded")
class TestTheDemoSupporters:
    def test_each_demo_supporter_supports_in_their_group_which_offers_support_in_its_villages(self):
        offering = {a.slug: a for a in offering_associations()}
        for key, offer in SUPPORTERS.items():
            membership = AssociationMembership.objects.get(
                user__email=demo.email(key), association__support_offer__isnull=False
            )
            assert membership.is_supporter and membership.role == "coordinator"
            association = membership.association
            assert association.slug in offering
            assert association.support_offer.kinds and association.support_offer.description
            villages = set(association.support_offer.localities.values_list("name", flat=True))
            assert villages == set(offer.localities)
            assert villages <= set(association.localities.values_list("name", flat=True))

    def test_each_supporter_has_a_waiting_request_two_active_links_and_one_that_ended(self):
        for key in SUPPORTERS:
            statuses = sorted(
                SupportLink.objects.filter(supporter__email=demo.email(key)).values_list("status", flat=True)
            )
            assert statuses == ["active", "active", "ended", "requested"], key

    def test_a_waiting_request_has_the_residents_consent_and_the_supporter_has_read_nothing(self):
        for link in SupportLink.objects.filter(status="requested"):
            assert link.consent_given_at and link.started_at is None
            assert list(link.consent_events.values_list("event", flat=True)) == ["given"]
            assert not AccessLogEntry.objects.filter(resident=link.resident, actor=link.supporter).exists()
            # The supporter has it in the inbox, unread.
            told = Notification.objects.get(kind=Kind.SUPPORT_REQUESTED, ref=f"link-{link.pk}-r")
            assert told.recipient == link.supporter and told.read_at is None

    def test_an_active_resident_has_a_finished_intake_and_a_tip_from_their_supporter(self):
        for story in demo.SUPPORT:
            if story.tips and not story.steps:
                link = story_link(story)
                intake = Intake.objects.get(resident=link.resident)
                assert intake.completed_at and intake.updated_by == link.supporter
                assert intake.obstacles == story.intake.obstacles
                assert Milestone.objects.filter(
                    resident=link.resident, kind="intake", recorded_by=link.supporter
                ).exists()
                rows = recommendations(link.resident, supporter=link.supporter)
                assert [row.recommendation.assignment.title for row in rows] == [story.tips[0].assignment]
                assert not rows[0].taken

    def test_the_residents_further_on_have_steps_from_confirmed_assignments_a_course_and_paid_work(self):
        for story in demo.SUPPORT:
            if not story.steps:
                continue
            link = story_link(story)
            kinds = set(Milestone.objects.filter(resident=link.resident).values_list("kind", flat=True))
            assert {"intake", "first_assignment", "training"} <= kinds, story.resident
            assert kinds & {"umbrella", "own_business"}, story.resident
        yonas = User.objects.get(email=demo.email("yonas.t"))
        three = Milestone.objects.get(resident=yonas, kind="three_assignments")
        assert three.automatic and three.claim.status == "confirmed"
        mikael = User.objects.get(email=demo.email("mikael.s"))
        (taken,) = recommendations(mikael)
        assert taken.taken and taken.claim.status == "pending"

    def test_automatic_steps_are_the_first_and_third_confirmed_assignment_of_every_demo_resident(self):
        for user in User.objects.filter(email__endswith=demo.DOMAIN, claims__status="confirmed").distinct():
            confirmed = list(user.claims.filter(status="confirmed").order_by("decided_at", "pk"))
            automatic = dict(Milestone.objects.filter(resident=user, automatic=True).values_list("kind", "claim_id"))
            expected = {"first_assignment": confirmed[0].pk}
            if len(confirmed) >= 3:
                expected["three_assignments"] = confirmed[2].pk
            assert automatic == expected, user.email
            first = Milestone.objects.get(resident=user, kind="first_assignment")
            assert first.happened_on == timezone.localdate(confirmed[0].decided_at)
            assert first.recorded_at == confirmed[0].decided_at

    def test_the_access_log_shows_a_read_before_every_write_and_nothing_outside_the_active_link(self):
        for link in SupportLink.objects.exclude(status="requested"):
            entries = list(
                AccessLogEntry.objects.filter(resident=link.resident, actor=link.supporter).order_by("at", "pk")
            )
            assert entries, link
            for entry in entries:
                assert link.started_at <= entry.at, entry
                assert link.ended_at is None or entry.at < link.ended_at, entry
                assert entry.actor_name == link.supporter.display_name
                assert entry.association_name == link.association.name
            for index, entry in enumerate(entries):
                if entry.action == "write":
                    assert any(e.action == "read" and e.subject == entry.subject for e in entries[:index]), entry
            writes = [e.subject for e in entries if e.action == "write"]
            notes = SupporterNote.objects.filter(resident=link.resident, author=link.supporter).count()
            tips = Recommendation.objects.filter(resident=link.resident, supporter=link.supporter).count()
            steps = Milestone.objects.filter(resident=link.resident, recorded_by=link.supporter).exclude(kind="intake")
            assert writes.count("notes") == notes
            assert writes.count("recommendations") == tips
            assert writes.count("milestones") == steps.count()
            assert writes.count("intake") == int(Intake.objects.filter(resident=link.resident).exists())

    def test_the_stories_happened_in_order_and_before_now(self):
        now = timezone.now()
        for link in SupportLink.objects.all():
            assert link.created_at == link.consent_given_at < now
            if link.started_at:
                assert link.created_at < link.started_at < now
            if link.ended_at:
                assert link.started_at < link.ended_at < now
                assert list(link.consent_events.values_list("event", flat=True)) == ["given", "withdrawn"]
        pathway_rows = [
            *SupporterNote.objects.values_list("created_at", flat=True),
            *Recommendation.objects.values_list("created_at", flat=True),
            *AccessLogEntry.objects.values_list("at", flat=True),
            *Milestone.objects.values_list("recorded_at", flat=True),
        ]
        assert max(pathway_rows) < now
        assert not Milestone.objects.filter(happened_on__gt=timezone.localdate()).exists()

    def test_nothing_of_the_stories_is_e_mailed(self):
        kinds = [*SUPPORT_KINDS, Kind.RECOMMENDATION]
        states = set(Notification.objects.filter(kind__in=kinds).values_list("email_state", flat=True))
        assert states == {"skipped"}

    def test_history_residents_noted_work_studies_and_courses_and_the_funnel_shows_them(self):
        history = Milestone.objects.filter(resident__email__startswith="invanare.", automatic=False)
        assert {"training", "employment", "studies"} <= set(history.values_list("kind", flat=True))
        for milestone in history.select_related("resident"):
            assert milestone.recorded_by == milestone.resident
            assert milestone.resident.date_joined.date() <= milestone.happened_on < timezone.localdate()
        period = statistics.Period.named("last_12_months", today=timezone.localdate())
        for municipality in Municipality.objects.filter(code__in=demo.PILOT_CODES):
            rows = {row[0]: row[1] for row in statistics.pathway_funnel(municipality, period).rows}
            assert rows["Första uppdraget klart"].rounded, municipality.code
            assert rows["Minst tre uppdrag klara"].rounded, municipality.code
