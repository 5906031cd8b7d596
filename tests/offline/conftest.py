import pytest

from associations.models import AssociationMembership
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory, locality

Role = AssociationMembership.Role


@pytest.fixture
def association(db):
    return AssociationFactory(
        name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")], contact_phone="0950-123 45"
    )


@pytest.fixture
def coordinator(association):
    return MembershipFactory(
        association=association, role=Role.COORDINATOR, user=MemberProfileFactory(display_name="Stina Samordnare").user
    ).user


@pytest.fixture
def assignment(association):
    return AssignmentFactory(association=association, title="Skotta snö vid bygdegården", slots=2)


@pytest.fixture
def resident(db):
    return MemberProfileFactory(display_name="Anna L.").user


def register_form(**overrides) -> dict:
    """What the coordinator types for a person without an account."""
    data = {
        "who": "phone",
        "name": "Gunnel Berglund",
        "phone": "070-123 45 67",
        "email": "",
        "message": "Kan efter lunch.",
        "resident_agreed": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
