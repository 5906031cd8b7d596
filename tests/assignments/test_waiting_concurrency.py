"""The waiting list under concurrency: each actor on its own PostgreSQL connection, released at once.

Whatever the order the database lets them through, one place is never given to two people:
accepted sign-ups plus places offered never exceed the places (a CHECK constraint holds it
too), and nobody both holds an offer and has the place.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from assignments import services, waiting
from assignments.models import Assignment, Claim, WaitingListEntry
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory

Entry = WaitingListEntry
FIRST_COME, CHOOSE = Assignment.ClaimMode.FIRST_COME, Assignment.ClaimMode.CHOOSE


def at_once(*actions) -> list[str]:
    """Run each action on its own thread and connection, all released together; their outcomes."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(action) -> None:
        try:
            start.wait()
            try:
                result = action() or "ok"
            except services.TransitionError as refusal:
                result = str(refusal)
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == len(actions)
    return outcomes


def full(mode, slots):
    assignment = AssignmentFactory(slots=slots, places_taken=slots, status=Assignment.Status.FILLED, claim_mode=mode)
    claims = [
        ClaimFactory(assignment=assignment, resident=MemberProfileFactory().user, status=Claim.Status.ACCEPTED)
        for _ in range(slots)
    ]
    return assignment, claims


def in_line(assignment, count):
    people = [MemberProfileFactory().user for _ in range(count)]
    for resident in people:
        waiting.waitlist_join(assignment=assignment, resident=resident)
    return people


def assert_never_two_for_one_place(assignment):
    assignment.refresh_from_db()
    accepted = Claim.objects.filter(assignment=assignment, status=Claim.Status.ACCEPTED)
    offered = Entry.objects.filter(assignment=assignment, status=Entry.Status.OFFERED)
    assert accepted.count() == assignment.places_taken
    assert offered.count() == assignment.places_offered
    assert assignment.places_taken + assignment.places_offered <= assignment.slots
    holders = set(accepted.values_list("resident", flat=True))
    assert not holders & set(offered.values_list("resident", flat=True))
    return assignment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", [FIRST_COME, CHOOSE])
def test_two_withdrawals_at_once_with_one_person_in_line_give_them_one_place_and_free_the_other(mode):
    assignment, claims = full(mode, slots=2)
    [waiting_one] = in_line(assignment, 1)
    outcomes = at_once(*[lambda c=c: services.claim_withdraw(claim=c, by=c.resident) and None for c in claims])
    assert outcomes == ["ok", "ok"]
    assignment = assert_never_two_for_one_place(assignment)
    if mode == FIRST_COME:
        assert Claim.objects.get(assignment=assignment, resident=waiting_one).status == Claim.Status.ACCEPTED
        assert (assignment.places_taken, assignment.places_offered) == (1, 0)
    else:
        assert Entry.objects.get(resident=waiting_one).status == Entry.Status.OFFERED
        assert (assignment.places_taken, assignment.places_offered) == (0, 1)
    # The second place is free to anyone: the line was empty when it came free.
    assert (assignment.places_left, assignment.status) == (1, Assignment.Status.PUBLISHED)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_new_sign_ups_gives_the_place_to_the_one_in_line():
    assignment, [leaving] = full(FIRST_COME, slots=1)
    [first] = in_line(assignment, 1)
    newcomers = [MemberProfileFactory().user for _ in range(8)]
    actions = [lambda: services.claim_withdraw(claim=leaving, by=leaving.resident) and None]
    actions += [lambda r=r: services.claim_create(assignment=assignment, resident=r) and None for r in newcomers]
    outcomes = at_once(*actions)
    # The withdrawal went through; every newcomer found the place taken, before or after it.
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} == {"Tyvärr, alla platser är redan tagna."}
    assignment = assert_never_two_for_one_place(assignment)
    assert list(Claim.objects.filter(assignment=assignment, status="accepted").values_list("resident", flat=True)) == [
        first.pk
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_offer_accepted_as_it_lapses_is_either_taken_or_passed_on_never_both():
    assignment, [leaving] = full(CHOOSE, slots=1)
    first, second = in_line(assignment, 2)
    services.claim_withdraw(claim=leaving, by=leaving.resident)
    offer = Entry.objects.get(resident=first)
    until = offer.offered_until
    outcomes = at_once(
        lambda: waiting.waitlist_offer_accept(entry=offer, by=first, now=until - timedelta(seconds=1)) and None,
        lambda: waiting.hand_on_lapsed_offers(now=until + timedelta(seconds=1)) and None,
    )
    assignment = assert_never_two_for_one_place(assignment)
    taken = Claim.objects.filter(assignment=assignment, resident=first, status=Claim.Status.ACCEPTED).exists()
    if taken:
        assert outcomes.count("ok") == 2  # the lapse found nothing left to pass on
        assert Entry.objects.get(resident=second).status == Entry.Status.WAITING
        assert (assignment.places_taken, assignment.places_offered) == (1, 0)
    else:
        assert "Erbjudandet gäller inte längre." in outcomes
        assert Entry.objects.get(resident=first).status == Entry.Status.EXPIRED
        assert Entry.objects.get(resident=second).status == Entry.Status.OFFERED
        assert (assignment.places_taken, assignment.places_offered) == (0, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_joining_while_a_place_frees_up_each_stand_once_and_one_place_is_given():
    assignment, [leaving] = full(FIRST_COME, slots=1)
    people = [MemberProfileFactory().user for _ in range(10)]
    actions = [lambda r=r: waiting.waitlist_join(assignment=assignment, resident=r) and None for r in people]
    actions += [lambda r=people[0]: waiting.waitlist_join(assignment=assignment, resident=r) and None]
    actions += [lambda: services.claim_withdraw(claim=leaving, by=leaving.resident) and None]
    at_once(*actions)
    assignment = assert_never_two_for_one_place(assignment)
    # Nobody stands twice; the freed place went to someone in line, or (had the line been empty
    # at that moment) the assignment opened and the rest were told to sign up directly instead.
    live = Entry.objects.filter(assignment=assignment, status__in=("waiting", "offered"))
    assert live.count() == live.values("resident").distinct().count()
    assert assignment.places_taken + assignment.places_left == 1
