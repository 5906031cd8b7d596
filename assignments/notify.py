"""What people hear about assignments and claims.

Called by the services inside their transaction: the notifications are written
in that transaction, and their e-mail is handed to the workers once it commits.
"""

from assignments.models import Assignment, Claim
from notifications.models import Kind
from notifications.services import managers_of, match_later, notify


def assignment_published(assignment: Assignment) -> None:
    match_later(assignment)


def assignment_changed(assignment: Assignment, fields: list[str]) -> None:
    residents = [
        claim.resident
        for claim in assignment.claims.filter(status__in=(Claim.Status.PENDING, Claim.Status.ACCEPTED)).select_related(
            "resident"
        )
    ]
    # One notification per change: the moment of the change tells them apart.
    notify(
        Kind.ASSIGNMENT_CHANGED,
        residents,
        assignment,
        ref=assignment.updated_at.strftime("%Y%m%d%H%M%S%f"),
        detail=",".join(fields),
    )


def assignment_cancelled(assignment: Assignment, residents) -> None:
    notify(Kind.ASSIGNMENT_CANCELLED, residents, assignment)


def _about_claim(kind: str, recipients, claim: Claim) -> None:
    notify(kind, recipients, claim.assignment, claim=claim, ref=str(claim.pk))


def claim_created(claim: Claim) -> None:
    _about_claim(Kind.CLAIM_CREATED, managers_of(claim.assignment), claim)
    if claim.status == Claim.Status.ACCEPTED:  # first come, first served: the place is theirs already
        _about_claim(Kind.CLAIM_ACCEPTED, [claim.resident], claim)


def claim_registered(claim: Claim) -> None:
    """A coordinator signed the resident up for them: the other managers hear of it as of any
    sign-up, and the resident, when they have an account, is told (by their preferences). A
    person without an account (offline.OfflineResident) is an inactive account, which notify()
    passes over: they are never e-mailed."""
    others = [user for user in managers_of(claim.assignment) if user.pk != claim.registered_by_id]
    _about_claim(Kind.CLAIM_CREATED, others, claim)
    _about_claim(Kind.CLAIM_REGISTERED, [claim.resident], claim)


def claim_withdrawn(claim: Claim, *, by=None) -> None:
    """The managers hear of a withdrawal; when one of them made it for the resident (`by`), the others."""
    managers = [user for user in managers_of(claim.assignment) if by is None or user.pk != by.pk]
    _about_claim(Kind.CLAIM_WITHDRAWN, managers, claim)


def claim_decided(claim: Claim) -> None:
    kind = Kind.CLAIM_ACCEPTED if claim.status == Claim.Status.ACCEPTED else Kind.CLAIM_DECLINED
    _about_claim(kind, [claim.resident], claim)


def hours_reported(claim: Claim, *, by=None) -> None:
    """The managers hear of reported hours; when one of them reported them (`by`), the others."""
    managers = [user for user in managers_of(claim.assignment) if by is None or user.pk != by.pk]
    _about_claim(Kind.HOURS_REPORTED, managers, claim)


def claim_confirmed(claim: Claim) -> None:
    _about_claim(Kind.CLAIM_CONFIRMED, [claim.resident], claim)


def claim_lapsed(claim: Claim) -> None:
    """The assignment ended before the association answered: the resident is not left waiting."""
    _about_claim(Kind.CLAIM_LAPSED, [claim.resident], claim)


# The waiting list (assignments.waiting). An entry's row says `waiting-<entry id>` in `ref`.


def waiting_ref(entry) -> str:
    return f"waiting-{entry.pk}"


def waitlist_place_given(claim: Claim) -> None:
    """First come, first served: a place came free and the first in line has it now; the
    association hears of the new sign-up as of any other."""
    _about_claim(Kind.WAITLIST_PLACE, [claim.resident], claim)
    _about_claim(Kind.CLAIM_CREATED, managers_of(claim.assignment), claim)


def waitlist_offered(entry) -> None:
    """The association chooses: the first in line is offered the place until `offered_until`."""
    notify(Kind.WAITLIST_OFFER, [entry.resident], entry.assignment, ref=waiting_ref(entry))


def waitlist_offer_expired(entry) -> None:
    """The offer was not answered in time and has passed to the next in line."""
    notify(Kind.WAITLIST_EXPIRED, [entry.resident], entry.assignment, ref=waiting_ref(entry))


def waitlist_closed(assignment: Assignment, residents) -> None:
    """The line has ended without a place for these people: the assignment was cancelled, or began."""
    notify(Kind.WAITLIST_CLOSED, residents, assignment)
