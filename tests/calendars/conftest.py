from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from assignments import services as assignment_services
from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from calendars import services
from tests import factories

UTC = ZoneInfo("UTC")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse(response) -> Calendar:
    """The response body read back as a calendar app would, with the icalendar library."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Calendar.from_ical(body)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(assignment: Assignment) -> str:
    return f"assignment-{assignment.pk}@127.0.0.1:8000"


def feed_path(feed) -> str:
    return f"/kalender/{feed.token}.ics"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def association(db):
    return factories.AssociationFactory(name="Byaföreningen Kusfors")


@pytest.fixture
def coordinator(association):
    return factories.MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user


@pytest.fixture
def resident(db):
    return factories.MemberProfileFactory().user


def soon(days: int = 5) -> datetime:
    return timezone.now() + timedelta(days=days)


def timed(association, starts_at: datetime, ends_at: datetime, **extra) -> Assignment:
    return factories.AssignmentFactory(association=association, starts_at=starts_at, ends_at=ends_at, **extra)


def deadline_only(association, deadline, **extra) -> Assignment:
    return factories.AssignmentFactory(
        association=association, starts_at=None, ends_at=None, deadline=deadline, **extra
    )


def accepted(assignment: Assignment, resident, coordinator) -> Claim:
    """A claim made and accepted through the services, as on the site."""
    claim = assignment_services.claim_create(assignment=assignment, resident=resident)
    return assignment_services.claim_accept(claim=claim, by=coordinator)


@pytest.fixture
def own_feed(resident):
    return services.feed_create(user=resident)
