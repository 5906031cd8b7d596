"""Many residents claim the last place at the same moment, each on its own database connection."""

import threading

import pytest
from django.db import connection

from assignments import services
from assignments.models import Assignment, Claim
from tests.factories import AssignmentFactory, UserFactory

CLAIMANTS = 24


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_many_simultaneous_claims_gets_the_last_place():
    assignment = AssignmentFactory(slots=3, claim_mode=Assignment.ClaimMode.FIRST_COME)
    # Two places are already taken; one is left.
    for _ in range(2):
        services.claim_create(assignment=assignment, resident=UserFactory())
    residents = [UserFactory() for _ in range(CLAIMANTS)]
    start = threading.Barrier(CLAIMANTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def claim(resident) -> None:
        try:
            start.wait()
            try:
                services.claim_create(assignment=assignment, resident=resident)
                result = "accepted"
            except services.TransitionError as refusal:
                result = str(refusal)
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(resident,)) for resident in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == CLAIMANTS
    assert outcomes.count("accepted") == 1
    assert set(outcomes) - {"accepted"} == {"Tyvärr, alla platser är redan tagna."}
    assignment.refresh_from_db()
    assert (assignment.places_taken, assignment.status) == (3, Assignment.Status.FILLED)
    assert Claim.objects.filter(assignment=assignment, status=Claim.Status.ACCEPTED).count() == 3
