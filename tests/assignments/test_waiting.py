"""The waiting list of a full assignment: joining, a freed place handed on, offers, and who may do what."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from assignments import queries, services, waiting
from assignments.models import Assignment, Claim, WaitingListEntry
from associations.models import Association, AssociationMembership
from associations.services import association_lift_suspension, association_suspend
from members.services import user_delete
from notifications.models import Kind, Notification
from tests.factories import (
    AssignmentFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
)

Entry = WaitingListEntry
FIRST_COME, CHOOSE = Assignment.ClaimMode.FIRST_COME, Assignment.ClaimMode.CHOOSE


def person(name: str):
    return MemberProfileFactory(display_name=name).user


def full(mode=FIRST_COME, *, slots=1, **fields) -> tuple[Assignment, list[Claim]]:
    """A published assignment whose every place is taken by an accepted sign-up."""
    assignment = AssignmentFactory(
        slots=slots, places_taken=slots, status=Assignment.Status.FILLED, claim_mode=mode, **fields
    )
    claims = [
        ClaimFactory(assignment=assignment, resident=person(f"Deltagare {i}"), status=Claim.Status.ACCEPTED)
        for i in range(slots)
    ]
    return assignment, claims


def line(assignment, *names) -> list:
    """People standing in line, in this order."""
    people = [person(name) for name in names]
    for resident in people:
        waiting.waitlist_join(assignment=assignment, resident=resident)
    return people


def entry_of(resident, assignment) -> WaitingListEntry:
    return Entry.objects.filter(resident=resident, assignment=assignment).latest("pk")


def notices(kind, recipient) -> int:
    return Notification.objects.filter(kind=kind, recipient=recipient).count()


def fresh(assignment) -> Assignment:
    assignment.refresh_from_db()
    return assignment


# Joining ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resident_joins_the_line_of_a_full_assignment_and_learns_their_place():
    assignment, _claims = full()
    first, second = line(assignment, "Erik H.", "Samira K.")
    assert [e.resident for e in Entry.objects.filter(assignment=assignment)] == [first, second]
    assert waiting.position(entry_of(second, assignment)) == 2
    assert queries.own_waiting_entry(second, assignment).ahead == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda a, r: Assignment.objects.filter(pk=a.pk).update(status="published", places_taken=0), "ledig plats"),
        (lambda a, r: Assignment.objects.filter(pk=a.pk).update(status="cancelled"), "inställt"),
        (lambda a, r: Assignment.objects.filter(pk=a.pk).update(status="draft"), "utkast"),
        (
            lambda a, r: Assignment.objects.filter(pk=a.pk).update(
                starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
            ),
            "redan börjat",
        ),
        (lambda a, r: ClaimFactory(assignment=a, resident=r, status=Claim.Status.PENDING), "redan anmält dig"),
        (lambda a, r: ClaimFactory(assignment=a, resident=r, status=Claim.Status.DECLINED), "redan svarat"),
        (lambda a, r: waiting.waitlist_join(assignment=a, resident=r), "redan i kön"),
        (
            lambda a, r: Association.objects.filter(pk=a.association_id).update(
                verification="suspended", suspended_at=timezone.now()
            ),
            "pausad",
        ),
        (
            lambda a, r: MembershipFactory(
                association=a.association, user=r, role=AssociationMembership.Role.COORDINATOR
            ),
            "sköter föreningens uppdrag",
        ),
    ],
    ids=["free place", "cancelled", "draft", "begun", "live sign-up", "declined", "twice", "suspended", "manager"],
)
def test_joining_is_refused_with_the_reason(setup, message):
    assignment, _claims = full()
    resident = person("Johan B.")
    setup(assignment, resident)
    with pytest.raises(services.TransitionError, match=message):
        waiting.waitlist_join(assignment=Assignment.objects.get(pk=assignment.pk), resident=resident)
    assert Entry.objects.filter(assignment=assignment, resident=resident, status="waiting").count() <= 1


@pytest.mark.django_db
def test_a_resident_whose_email_is_not_verified_cannot_join():
    assignment, _claims = full()
    with pytest.raises(PermissionDenied):
        waiting.waitlist_join(assignment=assignment, resident=UserFactory(verified=False))
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_the_database_keeps_one_live_place_in_line_per_resident():
    from django.db import IntegrityError, transaction

    assignment, _claims = full()
    [resident] = line(assignment, "Erik H.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(assignment=assignment, resident=resident)
    waiting.waitlist_leave(entry=entry_of(resident, assignment), by=resident)
    # Having left, one may stand in line again.
    waiting.waitlist_join(assignment=assignment, resident=resident)
    assert Entry.objects.filter(assignment=assignment, resident=resident).count() == 2


# A freed place, first come first served -----------------------------------------------------


@pytest.mark.django_db
def test_first_come_a_withdrawal_gives_the_place_to_the_first_in_line_at_once_and_tells_them():
    assignment, [leaving] = full(FIRST_COME)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)

    claim = Claim.objects.get(assignment=assignment, resident=first)
    assert claim.status == Claim.Status.ACCEPTED
    assert entry_of(first, assignment).status == Entry.Status.TOOK_PLACE
    assert entry_of(first, assignment).claim == claim
    assignment = fresh(assignment)
    assert (assignment.places_taken, assignment.places_offered, assignment.status) == (1, 0, "filled")
    assert notices(Kind.WAITLIST_PLACE, first) == 1
    assert notices(Kind.CLAIM_CREATED, coordinator) == 1
    # The second is now first in line.
    assert waiting.position(entry_of(second, assignment)) == 1


@pytest.mark.django_db
def test_with_nobody_in_line_a_withdrawal_opens_the_assignment_again():
    assignment, [leaving] = full(FIRST_COME)
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    assignment = fresh(assignment)
    assert (assignment.places_taken, assignment.status, assignment.places_left) == (0, "published", 1)


@pytest.mark.django_db
def test_someone_who_can_no_longer_take_a_place_is_passed_over():
    assignment, [leaving] = full(FIRST_COME)
    now_manager, next_one = line(assignment, "Erik H.", "Samira K.")
    MembershipFactory(association=assignment.association, user=now_manager, role=AssociationMembership.Role.ADMIN)
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    assert entry_of(now_manager, assignment).status == Entry.Status.REMOVED
    assert Claim.objects.get(assignment=assignment, resident=next_one).status == Claim.Status.ACCEPTED


@pytest.mark.django_db
def test_more_places_in_an_edit_go_to_those_in_line_first():
    assignment, _claims = full(FIRST_COME)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    first, second, third = line(assignment, "Erik H.", "Samira K.", "Johan B.")
    services.assignment_update(assignment=assignment, by=coordinator, slots=3)
    assert set(Claim.objects.filter(assignment=assignment, status="accepted").values_list("resident", flat=True)) >= {
        first.pk,
        second.pk,
    }
    assert entry_of(third, assignment).status == Entry.Status.WAITING
    assert fresh(assignment).status == "filled"


# A freed place, the association chooses -----------------------------------------------------


@pytest.mark.django_db
def test_the_association_chooses_the_first_in_line_is_offered_the_place_for_a_day_and_it_is_held():
    assignment, [leaving] = full(CHOOSE, starts_at=timezone.now() + timedelta(days=5))
    first, _second = line(assignment, "Erik H.", "Samira K.")
    before = timezone.now()
    services.claim_withdraw(claim=leaving, by=leaving.resident)

    offer = entry_of(first, assignment)
    assert offer.status == Entry.Status.OFFERED
    assert timedelta(hours=23, minutes=59) < offer.offered_until - before <= timedelta(hours=24, minutes=1)
    assert notices(Kind.WAITLIST_OFFER, first) == 1
    assignment = fresh(assignment)
    # Held: not free to anyone else, not open for sign-ups, not on the list of open assignments.
    assert (assignment.places_taken, assignment.places_offered, assignment.places_left) == (0, 1, 0)
    assert assignment.status == "filled"
    assert not queries.open_for_claims(Assignment.objects.filter(pk=assignment.pk)).exists()
    with pytest.raises(services.TransitionError, match="alla platser"):
        services.claim_create(assignment=assignment, resident=person("Nykomling"))


@pytest.mark.django_db
def test_an_offer_never_lasts_past_the_start():
    soon = timezone.now() + timedelta(hours=5)
    assignment, [leaving] = full(CHOOSE, starts_at=soon, ends_at=soon + timedelta(hours=2))
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    assert entry_of(first, assignment).offered_until == soon


@pytest.mark.django_db
def test_accepting_the_offer_gives_the_place_at_once_and_tells_the_association():
    assignment, [leaving] = full(CHOOSE)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    claim = waiting.waitlist_offer_accept(entry=entry_of(first, assignment), by=first)
    assert (claim.status, claim.resident) == (Claim.Status.ACCEPTED, first)
    assignment = fresh(assignment)
    assert (assignment.places_taken, assignment.places_offered, assignment.status) == (1, 0, "filled")
    assert entry_of(first, assignment).status == Entry.Status.TOOK_PLACE
    assert notices(Kind.CLAIM_CREATED, coordinator) == 1


@pytest.mark.django_db
def test_declining_the_offer_passes_it_to_the_next_in_line():
    assignment, [leaving] = full(CHOOSE)
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    waiting.waitlist_offer_decline(entry=entry_of(first, assignment), by=first)
    assert entry_of(first, assignment).status == Entry.Status.DECLINED
    assert entry_of(second, assignment).status == Entry.Status.OFFERED
    assert fresh(assignment).places_offered == 1


@pytest.mark.django_db
def test_with_nobody_left_in_line_a_declined_offer_opens_the_place_to_everyone():
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    waiting.waitlist_leave(entry=entry_of(first, assignment), by=first)  # leaving with an offer declines it
    assignment = fresh(assignment)
    assert (assignment.places_offered, assignment.places_left, assignment.status) == (0, 1, "published")
    assert entry_of(first, assignment).status == Entry.Status.DECLINED


@pytest.mark.django_db
def test_a_lapsed_offer_passes_to_the_next_and_its_holder_is_told():
    assignment, [leaving] = full(CHOOSE)
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    until = entry_of(first, assignment).offered_until
    assert waiting.hand_on_lapsed_offers(now=until - timedelta(seconds=1)) == {"assignments": 0}
    assert waiting.hand_on_lapsed_offers(now=until + timedelta(seconds=1)) == {"assignments": 1}
    assert entry_of(first, assignment).status == Entry.Status.EXPIRED
    assert entry_of(second, assignment).status == Entry.Status.OFFERED
    assert notices(Kind.WAITLIST_EXPIRED, first) == 1
    assert fresh(assignment).places_offered == 1


@pytest.mark.django_db
def test_accepting_a_lapsed_offer_is_refused_and_the_place_goes_on_all_the_same():
    assignment, [leaving] = full(CHOOSE)
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    offer = entry_of(first, assignment)
    with pytest.raises(services.TransitionError, match="gått ut"):
        waiting.waitlist_offer_accept(entry=offer, by=first, now=offer.offered_until + timedelta(minutes=1))
    assert not Claim.objects.filter(assignment=assignment, resident=first).exists()
    assert entry_of(second, assignment).status == Entry.Status.OFFERED


@pytest.mark.django_db
def test_a_lapsed_offer_is_passed_on_when_the_page_is_read_before_the_scheduled_job(client):
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    Entry.objects.filter(resident=first).update(offered_until=timezone.now() - timedelta(minutes=1))
    page = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert "1 av 1 plats kvar" in page
    assert fresh(assignment).status == "published"
    assert entry_of(first, assignment).status == Entry.Status.EXPIRED


@pytest.mark.django_db
def test_the_scheduled_job_is_on_the_beat_and_runs_by_hand(settings, capsys):
    from django.core.management import call_command

    assert settings.CELERY_BEAT_SCHEDULE["waiting-list-offers"]["task"] == "notifications.tasks.waiting_list_offers"
    call_command("notify", "waiting")
    assert "waiting: {'assignments': 0}" in capsys.readouterr().out


# When the assignment changes or ends --------------------------------------------------------


@pytest.mark.django_db
def test_fewer_places_than_are_taken_and_offered_are_refused():
    assignment, [leaving, _staying] = full(CHOOSE, slots=2)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    with pytest.raises(ValidationError, match="erbjuden från kön"):
        services.assignment_update(assignment=assignment, by=coordinator, slots=1)
    assert fresh(assignment).slots == 2


@pytest.mark.django_db
def test_a_cancelled_assignment_clears_its_line_and_tells_those_in_it():
    assignment, [leaving] = full(CHOOSE, slots=1)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    offered, waiting_one = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    services.assignment_cancel(assignment=assignment, by=coordinator, reason="Stormen fällde träden.")
    assert set(Entry.objects.filter(assignment=assignment).values_list("status", flat=True)) == {"removed"}
    assert fresh(assignment).places_offered == 0
    assert notices(Kind.WAITLIST_CLOSED, offered) == notices(Kind.WAITLIST_CLOSED, waiting_one) == 1


@pytest.mark.django_db
def test_the_line_of_an_assignment_that_has_begun_closes_with_the_hourly_expiry():
    assignment, _claims = full(FIRST_COME)
    [resident] = line(assignment, "Erik H.")
    services.expire_passed_assignments(now=assignment.starts_at + timedelta(minutes=5))
    assert entry_of(resident, assignment).status == Entry.Status.REMOVED
    assert notices(Kind.WAITLIST_CLOSED, resident) == 1


@pytest.mark.django_db
def test_a_suspension_holds_a_freed_place_and_lifting_it_hands_the_place_on(django_capture_on_commit_callbacks):
    assignment, [leaving] = full(FIRST_COME)
    staff = StaffMembershipFactory(municipality=assignment.association.municipality).user
    [first] = line(assignment, "Erik H.")
    association_suspend(association=assignment.association, by=staff, reason="Granskas.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    assert entry_of(first, assignment).status == Entry.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        association_lift_suspension(association=Association.objects.get(pk=assignment.association_id), by=staff)
    assert Claim.objects.get(assignment=assignment, resident=first).status == Claim.Status.ACCEPTED


# Deleted accounts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deleted_account_with_a_place_gives_it_to_the_first_in_line():
    assignment, [leaving] = full(FIRST_COME)
    [first] = line(assignment, "Erik H.")
    user_delete(user=leaving.resident, by=leaving.resident)
    assert Claim.objects.get(assignment=assignment, resident=first).status == Claim.Status.ACCEPTED


@pytest.mark.django_db
def test_a_deleted_account_leaves_every_line_and_an_offer_it_held_passes_on():
    assignment, [leaving] = full(CHOOSE)
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    user_delete(user=first, by=first)
    assert not Entry.objects.filter(resident_id=first.pk).exists()
    assert entry_of(second, assignment).status == Entry.Status.OFFERED
    assert fresh(assignment).places_offered == 1


# Pages and permissions ----------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_assignment_page_lets_a_resident_join_and_shows_their_number():
    assignment, _claims = full(FIRST_COME)
    line(assignment, "Erik H.")
    resident = person("Samira K.")
    client = logged_in(resident)
    page = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert "Ställ dig i kö" in page and "1 person står i kön." in page
    response = client.post(f"/uppdrag/{assignment.pk}/ko/", follow=True)
    assert "Du är nummer 2 i kön." in response.content.decode()
    assert entry_of(resident, assignment).status == Entry.Status.WAITING


@pytest.mark.django_db
def test_a_refused_join_says_why_and_saves_nothing():
    assignment = AssignmentFactory()  # places free
    resident = person("Samira K.")
    response = logged_in(resident).post(f"/uppdrag/{assignment.pk}/ko/", follow=True)
    assert "Anmäl dig direkt i stället." in response.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_joining_needs_a_login_and_a_post(client):
    assignment, _claims = full()
    response = client.post(f"/uppdrag/{assignment.pk}/ko/")
    assert response["Location"].startswith("/konto/login/")
    assert logged_in(person("Erik H.")).get(f"/uppdrag/{assignment.pk}/ko/").status_code == 405
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_an_offer_is_answered_on_the_assignment_page_or_on_mina_uppdrag():
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    client = logged_in(first)
    for path in (f"/uppdrag/{assignment.pk}/", "/mina-sidor/uppdrag/"):
        page = client.get(path).content.decode()
        assert "är ledig för dig!" in page and "Ta platsen" in page and "Tacka nej" in page
    entry = entry_of(first, assignment)
    response = client.post(f"/mina-sidor/ko/{entry.pk}/ta-platsen/", follow=True)
    assert "är din" in response.content.decode()
    assert Claim.objects.get(assignment=assignment, resident=first).status == Claim.Status.ACCEPTED


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["ta-platsen", "tacka-nej", "lamna"])
def test_another_resident_cannot_answer_someones_offer(action):
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    entry = entry_of(first, assignment)
    response = logged_in(person("Inkräktare")).post(f"/mina-sidor/ko/{entry.pk}/{action}/")
    assert response.status_code == 404
    assert entry_of(first, assignment).status == Entry.Status.OFFERED
    with pytest.raises(PermissionDenied):
        waiting.waitlist_offer_accept(entry=entry, by=person("Annan"))


@pytest.mark.django_db
def test_a_malformed_or_unknown_entry_id_is_not_found():
    client = logged_in(person("Erik H."))
    assert client.post("/mina-sidor/ko/999999/ta-platsen/").status_code == 404
    assert client.post("/mina-sidor/ko/12x/ta-platsen/").status_code == 404


@pytest.mark.django_db
def test_answering_twice_says_the_offer_no_longer_stands():
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    entry = entry_of(first, assignment)
    client = logged_in(first)
    client.post(f"/mina-sidor/ko/{entry.pk}/tacka-nej/")
    response = client.post(f"/mina-sidor/ko/{entry.pk}/ta-platsen/", follow=True)
    assert "Erbjudandet gäller inte längre." in response.content.decode()
    assert not Claim.objects.filter(resident=first).exists()


@pytest.mark.django_db
def test_the_association_sees_the_line_by_the_names_people_chose_never_their_addresses():
    assignment, _claims = full(FIRST_COME)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    first, second = line(assignment, "Erik H.", "Samira K.")
    page = logged_in(coordinator).get(f"/foreningar/{assignment.association.slug}/uppdrag/{assignment.pk}/")
    text = page.content.decode()
    assert text.index("Erik H.") < text.index("Samira K.")
    assert first.email not in text and second.email not in text


def _entries(resident, n: int) -> None:
    for _ in range(n):
        assignment, _claims = full(FIRST_COME)
        waiting.waitlist_join(assignment=assignment, resident=resident)
        line(assignment, "Efter")


@pytest.mark.django_db
def test_mina_uppdrag_runs_as_many_queries_for_four_lines_as_for_one(django_assert_num_queries):
    one, many = person("En"), person("Många")
    _entries(one, 1)
    _entries(many, 4)
    for resident, count in ((one, 1), (many, 4)):
        client = logged_in(resident)
        client.get("/mina-sidor/uppdrag/")  # what a first request loads once is not counted
        # session, user, claims (+ assignments), places in line (+ assignments, positions),
        # unread notices, the profile for the greeting
        with django_assert_num_queries(6):
            page = client.get("/mina-sidor/uppdrag/")
        assert page.content.decode().count("Du är nummer 1 i kön.") == count


@pytest.mark.django_db
def test_the_manage_page_runs_as_many_queries_for_a_long_line_as_for_a_short_one(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short, _claims = full(FIRST_COME)
    long, _claims = full(FIRST_COME, association=short.association)
    coordinator = MembershipFactory(association=short.association, role=AssociationMembership.Role.COORDINATOR).user
    line(short, "A")
    line(long, "A", "B", "C", "D", "E")
    client = logged_in(coordinator)
    client.get(f"/foreningar/{short.association.slug}/uppdrag/{short.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/foreningar/{short.association.slug}/uppdrag/{short.pk}/")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(f"/foreningar/{short.association.slug}/uppdrag/{long.pk}/")


@pytest.mark.django_db
def test_an_assignment_that_ended_with_a_place_only_offered_expires_instead_of_staying_full():
    assignment, [leaving] = full(CHOOSE)
    [first] = line(assignment, "Erik H.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    assert fresh(assignment).places_offered == 1
    services.expire_passed_assignments(now=assignment.ends_at + timedelta(hours=1))
    assignment = fresh(assignment)
    assert (assignment.status, assignment.places_offered) == ("expired", 0)
    assert entry_of(first, assignment).status == Entry.Status.REMOVED


@pytest.mark.django_db
def test_the_admin_shows_the_line_but_cannot_change_it(admin_client):
    assignment, _claims = full()
    [resident] = line(assignment, "Erik H.")
    entry = entry_of(resident, assignment)
    assert admin_client.get("/admin/assignments/waitinglistentry/").status_code == 200
    admin_client.post(f"/admin/assignments/waitinglistentry/{entry.pk}/change/", {"status": "offered"})
    assert entry_of(resident, assignment).status == Entry.Status.WAITING


@pytest.mark.django_db
def test_an_offer_shows_on_the_residents_start_page_and_someone_still_waiting_hears_of_it(client):
    assignment, [leaving] = full(CHOOSE, title="Klyva ved till bastun", starts_at=timezone.now() + timedelta(days=5))
    first, second = line(assignment, "Erik H.", "Samira K.")
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    client.force_login(first)
    start = client.get("/mina-sidor/").content.decode()
    assert "En plats i ”Klyva ved till bastun” är ledig för dig." in start
    assert "Svara på erbjudandet" in start
    client.force_login(second)
    assert "är ledig för dig" not in client.get("/mina-sidor/").content.decode()
    detail = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert "Du är nummer 1 i kön." in detail
    assert "Just nu är en plats erbjuden till någon som stod före dig." in detail
