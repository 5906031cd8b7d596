"""A chosen id no row can have (more digits than a 64-bit integer, or other digits than 0–9) in a
form's multiple choice: the form says the choice is wrong and saves nothing; never a 500.

On SQLite such a number used to reach the database as an OverflowError. PostgreSQL answered
"no such row"; both must answer the same way."""

import pytest

from associations.models import AssociationMembership
from members.models import MemberProfile
from tests.factories import AssociationFactory, MemberProfileFactory, MembershipFactory
from uppdragsbanken.forms import is_id

pytestmark = pytest.mark.django_db
TOO_BIG = "9" * 30


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        (str(2**63 - 1), True),
        (str(2**63), False),
        (TOO_BIG, False),
        ("٣", False),
        ("0", False),
        ("", False),
    ],
)
def test_what_can_be_an_id(value, expected):
    assert is_id(value) is expected


@pytest.mark.parametrize("bad", [TOO_BIG, "٣"])
def test_a_profile_with_an_impossible_interest_is_refused_and_not_saved(client, bad):
    profile = MemberProfileFactory(display_name="Före")
    client.force_login(profile.user)
    response = client.post(
        "/mina-sidor/profil/",
        {"display_name": "Efter", "interests": [bad], "notification_preference": "daily"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert MemberProfile.objects.get(pk=profile.pk).display_name == "Före"


def test_an_association_with_an_impossible_place_is_refused_and_not_saved(client):
    association = AssociationFactory(name="Före")
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    client.force_login(admin)
    response = client.post(
        f"/foreningar/{association.slug}/installningar/",
        {"name": "Efter", "kind": association.kind, "localities": [TOO_BIG]},
    )
    assert response.status_code == 200
    assert "är inte en ort i den här kommunen" in response.content.decode()
    association.refresh_from_db()
    assert association.name == "Före"


@pytest.mark.parametrize(
    "path",
    [
        f"/mina-sidor/min-vag/handledare/lycksele-utvecklingsgrupp/{TOO_BIG}/",
        f"/mina-sidor/min-vag/stod/{TOO_BIG}/",
        f"/handledning/{TOO_BIG}/",
        f"/uppdrag/{TOO_BIG}/",
        f"/mina-sidor/uppdrag/{TOO_BIG}/timmar/",
        f"/foreningar/lycksele-utvecklingsgrupp/medlemmar/{TOO_BIG}/roll/",
    ],
)
def test_an_id_in_a_path_that_no_row_can_have_is_a_page_that_does_not_exist(client, pathway_world, path):
    client.force_login(pathway_world["resident"])
    response = client.get(path)
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
