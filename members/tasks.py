"""Celery tasks of the members app. Each can run twice without harm and says what it did."""

import logging

from celery import shared_task

from members import retention

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def inactive_accounts() -> dict:
    """Delete accounts unused for 24 months whose warning has run out, and warn those unused
    for 23 months (members.retention). Daily, by Celery beat; `python manage.py notify inactive`."""
    result = retention.inactive_accounts()
    logger.info("unused accounts: %s", result)
    return result
