"""A sign-up by phone and residents' own sign-ups race for the last place: the same row lock decides."""

import threading

import pytest
from django.db import connection

from assignments import services as assignment_services
from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from offline import services
from offline.models import OfflineResident
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory

SELF_SIGNUPS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_phone_sign_up_and_own_sign_ups_for_the_last_place_give_it_to_exactly_one():
    assignment = AssignmentFactory(slots=1, claim_mode=Assignment.ClaimMode.FIRST_COME)
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    residents = [UserFactory() for _ in range(SELF_SIGNUPS)]
    start = threading.Barrier(SELF_SIGNUPS + 1)
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def run(who: str, action) -> None:
        try:
            start.wait()
            try:
                action()
                result = "accepted"
            except assignment_services.TransitionError as refusal:
                result = str(refusal)
            with lock:
                outcomes.append((who, result))
        finally:
            connection.close()

    actions = [
        (
            "phone",
            lambda: services.claim_register_by_phone(
                assignment=assignment,
                by=coordinator,
                name="Gunnel Berglund",
                phone="+46701234567",
                resident_agreed=True,
            ),
        )
    ] + [
        ("self", lambda resident=resident: assignment_services.claim_create(assignment=assignment, resident=resident))
        for resident in residents
    ]
    threads = [threading.Thread(target=run, args=action) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == SELF_SIGNUPS + 1
    assert [result for _who, result in outcomes].count("accepted") == 1
    assert {result for _who, result in outcomes} - {"accepted"} == {"Tyvärr, alla platser är redan tagna."}
    assignment.refresh_from_db()
    assert (assignment.places_taken, assignment.status) == (1, Assignment.Status.FILLED)
    assert Claim.objects.filter(assignment=assignment).count() == 1
    # A refused phone sign-up leaves nobody behind.
    phone_won = ("phone", "accepted") in outcomes
    assert OfflineResident.objects.count() == (1 if phone_won else 0)
