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


def claim_created(claim: Claim) -> None:
    notify(Kind.CLAIM_CREATED, managers_of(claim.assignment), claim.assignment, claim=claim, ref=str(claim.pk))
    if claim.status == Claim.Status.ACCEPTED:  # first come, first served: the place is theirs already
        notify(Kind.CLAIM_ACCEPTED, [claim.resident], claim.assignment, claim=claim, ref=str(claim.pk))


def claim_withdrawn(claim: Claim) -> None:
    notify(Kind.CLAIM_WITHDRAWN, managers_of(claim.assignment), claim.assignment, claim=claim, ref=str(claim.pk))


def claim_decided(claim: Claim) -> None:
    kind = Kind.CLAIM_ACCEPTED if claim.status == Claim.Status.ACCEPTED else Kind.CLAIM_DECLINED
    notify(kind, [claim.resident], claim.assignment, claim=claim, ref=str(claim.pk))


def hours_reported(claim: Claim) -> None:
    notify(Kind.HOURS_REPORTED, managers_of(claim.assignment), claim.assignment, claim=claim, ref=str(claim.pk))


def claim_confirmed(claim: Claim) -> None:
    notify(Kind.CLAIM_CONFIRMED, [claim.resident], claim.assignment, claim=claim, ref=str(claim.pk))
