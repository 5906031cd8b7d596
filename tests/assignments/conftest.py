from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assignments.models import Category
from associations.models import AssociationMembership
from tests.factories import AssociationFactory, MemberProfileFactory, MembershipFactory, locality


@pytest.fixture
def association(db):
    return AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])


@pytest.fixture
def coordinator(association):
    return MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user


@pytest.fixture
def resident(db):
    return MemberProfileFactory(display_name="Anna L.").user


@pytest.fixture
def fields():
    """What a coordinator fills in for a small voluntary assignment three days ahead."""
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return {
        "title": "Skotta snö vid utegymmet",
        "description": "Infarten och trappan behöver skottas innan lördagens träning.",
        "category": Category.objects.get(slug="snorojning-och-vinter"),
        "locality": locality("Rusksele"),
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "estimated_hours": Decimal("2"),
        "slots": 2,
        "compensation": "voluntary",
        "payment_route": "voluntary",
        "claim_mode": "choose",
    }
