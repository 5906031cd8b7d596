"""Tell people what happened to their assignments and claims, by e-mail.

Called by the services inside their transaction; the e-mail goes out only
after it commits, in the recipient's language, with plain text.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from assignments.models import Assignment, Claim
from associations.permissions import MANAGERS
from members.models import User
from uppdragsbanken.mail import send_templated

logger = logging.getLogger(__name__)


def _send(kind: str, recipients: list[User], context: dict) -> None:
    recipients = [user for user in recipients if user.is_active]
    if not recipients:
        return

    def send() -> None:
        for user in recipients:
            send_templated(f"assignments/email/{kind}", user.email, user.language, {**context, "recipient": user})
        logger.info("sent %s to %d people", kind, len(recipients))

    transaction.on_commit(send)


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _managers(assignment: Assignment) -> list[User]:
    return list(
        User.objects.filter(
            association_memberships__association_id=assignment.association_id,
            association_memberships__role__in=MANAGERS,
        )
    )


def _context(assignment: Assignment, **extra) -> dict:
    return {
        "assignment": assignment,
        "assignment_url": _url("assignments:detail", assignment.pk),
        "manage_url": _url("assignments:manage", assignment.association.slug, assignment.pk),
        "my_url": _url("members:claims"),
        **extra,
    }


def assignment_changed(assignment: Assignment, fields: list[str]) -> None:
    residents = list(
        User.objects.filter(
            claims__assignment=assignment, claims__status__in=(Claim.Status.PENDING, Claim.Status.ACCEPTED)
        )
    )
    labels = [str(Assignment._meta.get_field(name).verbose_name) for name in fields]
    _send("assignment_changed", residents, _context(assignment, fields=fields, labels=labels))


def assignment_cancelled(assignment: Assignment, residents: list[User]) -> None:
    _send("assignment_cancelled", residents, _context(assignment))


def claim_created(claim: Claim) -> None:
    _send("claim_created", _managers(claim.assignment), _context(claim.assignment, claim=claim))


def claim_withdrawn(claim: Claim) -> None:
    _send("claim_withdrawn", _managers(claim.assignment), _context(claim.assignment, claim=claim))


def claim_decided(claim: Claim) -> None:
    _send("claim_decided", [claim.resident], _context(claim.assignment, claim=claim))


def hours_reported(claim: Claim) -> None:
    _send("hours_reported", _managers(claim.assignment), _context(claim.assignment, claim=claim))


def claim_confirmed(claim: Claim) -> None:
    _send("claim_confirmed", [claim.resident], _context(claim.assignment, claim=claim))
