import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assignments.models import Assignment, Claim
from tests.factories import AssignmentFactory, AssociationFactory, ClaimFactory, MemberProfileFactory

# Work done in the past, on fixed days: the certificate dates its assignments by their start.
WORK_DAY = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _own_rate_counter(monkeypatch):
    """Each test counts lookups under its own name, so counts never carry over between tests
    (nor from an earlier run on a shared Redis)."""
    from certificates import views

    monkeypatch.setattr(views, "RATE_SCOPE", f"certificate-lookup-test-{uuid.uuid4().hex}")


@pytest.fixture
def resident(db):
    return MemberProfileFactory(display_name="Sara i Rusksele").user


def confirmed_claim(
    resident, *, title="Måla staketet vid bygdegården", hours="3.5", reference="", association=None, starts_at=WORK_DAY
):
    assignment = AssignmentFactory(
        title=title,
        association=association or AssociationFactory(name="Rusksele byaförening"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3) if starts_at else None,
        status=Assignment.Status.COMPLETED,
    )
    return ClaimFactory(
        assignment=assignment,
        resident=resident,
        status=Claim.Status.CONFIRMED,
        hours_reported=Decimal(hours),
        hours_confirmed=Decimal(hours),
        reference_text=reference,
        decided_at=starts_at,
    )


@pytest.fixture
def make_confirmed():
    return confirmed_claim
