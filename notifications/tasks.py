"""Celery tasks. Each takes ids, can run twice without harm, and says what it did."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from assignments import waiting
from assignments.models import Assignment
from assignments.queries import open_for_claims
from assignments.services import expire_passed_assignments
from notifications import email, matching, services

logger = logging.getLogger(__name__)

# Late acknowledgement: a task whose worker dies is handed to another worker.
RETRYING = {
    "acks_late": True,
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}
SWEEP_AFTER = timedelta(minutes=2)


@shared_task(autoretry_for=(DatabaseError,), **RETRYING)
def match_assignment(assignment_id: int) -> int:
    assignment = open_for_claims(
        Assignment.objects.select_related("locality", "association").filter(pk=assignment_id)
    ).first()
    if assignment is None:
        logger.info("assignment %s can no longer be signed up for; nobody to tell", assignment_id)
        return 0
    created = matching.match(assignment)
    Assignment.objects.filter(pk=assignment_id).update(matched_at=timezone.now())
    skipped = services.skip_unwanted_matches(assignment_id)
    instant = services.instant_match_ids(assignment_id)
    services.deliver_soon(instant)
    logger.info(
        "assignment %s: %d new matches, %d to e-mail now, %d inbox only", assignment_id, created, len(instant), skipped
    )
    return created


@shared_task(autoretry_for=(email.TemporaryFailure, DatabaseError), **RETRYING)
def deliver(notification_ids: list[int]) -> dict:
    return email.deliver(notification_ids)


@shared_task(autoretry_for=(email.TemporaryFailure, DatabaseError), **RETRYING)
def send_digest(user_id: int, frequency: str) -> int:
    return email.send_digest(user_id, frequency)


@shared_task(acks_late=True)
def send_digests(frequency: str) -> int:
    recipients = services.digest_recipients(frequency)
    for user_id in recipients:
        services.enqueue(send_digest, user_id, frequency)
    logger.info("queued %d %s digests", len(recipients), frequency)
    return len(recipients)


@shared_task(acks_late=True)
def send_reminders() -> int:
    ids = services.create_reminders()
    services.deliver_soon(ids)
    logger.info("queued %d reminders", len(ids))
    return len(ids)


@shared_task(acks_late=True)
def sweep() -> dict:
    """Deliver what was left behind while the broker or a worker was down."""
    released = email.release_stale_claims()
    unmatched = services.unmatched_assignments(SWEEP_AFTER)
    for assignment_id in unmatched:
        services.enqueue(match_assignment, assignment_id)
    unsent = services.unsent_ids(SWEEP_AFTER)
    services.deliver_soon(unsent)
    result = {"released": released, "unmatched": len(unmatched), "unsent": len(unsent)}
    logger.info("sweep: %s", result)
    return result


@shared_task(acks_late=True)
def expire_assignments() -> dict:
    """Assignments that have ended leave "published": expired, or completed when someone took them."""
    result = expire_passed_assignments()
    logger.info("ended assignments moved on: %s", result)
    return result


@shared_task(acks_late=True)
def waiting_list_offers() -> dict:
    """Offers from a waiting list whose time has passed go to the next in line (assignments.waiting)."""
    result = waiting.hand_on_lapsed_offers()
    logger.info("lapsed waiting-list offers handed on: %s", result)
    return result
