"""Every assignment page and action, tried by every kind of person (see the associations table)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assignments.models import Assignment, Claim
from tests.factories import AssignmentFactory, ClaimFactory, UserFactory, locality
from tests.permissions import ACTORS, expect

PUBLIC = expect(200)
DRAFT_PAGE = expect(404, member=200, coordinator=200, admin=200)
MANAGERS_PAGE = expect(403, anonymous=302, coordinator=200, admin=200)
MANAGERS_ACTION = expect(403, anonymous=302, coordinator=302, admin=302)
# Claiming: anonymous to login, unverified refused, managers refused with a message (redirect back).
CLAIM = expect(302, unverified=403)
LOGGED_IN_PAGE = expect(200, anonymous=302)
# A claim id that is not one's own is not found.
OWN_CLAIM_ACTION = expect(404, anonymous=302)


@pytest.fixture
def assignments(world):
    from associations.models import Association

    association = Association.objects.get(slug="rusksele")
    soon = timezone.now() + timedelta(days=2)
    published = AssignmentFactory(
        association=association, locality=locality("Rusksele"), starts_at=soon, ends_at=soon + timedelta(hours=2)
    )
    draft = AssignmentFactory(
        association=association, locality=locality("Rusksele"), status=Assignment.Status.DRAFT, published_at=None
    )
    claim = ClaimFactory(assignment=published, resident=UserFactory(email="invanare@exempel.se"))
    return {"published": published.pk, "draft": draft.pk, "claim": claim.pk}


ROWS = [
    ("get", "/uppdrag/", {}, PUBLIC),
    ("get", "/uppdrag/{published}/", {}, PUBLIC),
    ("get", "/uppdrag/{draft}/", {}, DRAFT_PAGE),
    ("post", "/uppdrag/{published}/anmal/", {"message": "Jag kan!"}, CLAIM),
    ("get", "/mina-sidor/uppdrag/", {}, LOGGED_IN_PAGE),
    ("post", "/mina-sidor/uppdrag/{claim}/ta-tillbaka/", {}, OWN_CLAIM_ACTION),
    ("post", "/mina-sidor/uppdrag/{claim}/timmar/", {"hours": "2"}, OWN_CLAIM_ACTION),
    ("get", "/foreningar/rusksele/uppdrag/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/nytt/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/andra/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/stall-in/", {}, MANAGERS_PAGE),
    ("post", "/foreningar/rusksele/uppdrag/{published}/stall-in/", {"reason": "Regn."}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{draft}/publicera/", {}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{published}/kopiera/", {}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{published}/genomfort/", {}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{published}/anmalningar/{claim}/godkann/", {}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{published}/anmalningar/{claim}/avboj/", {}, MANAGERS_ACTION),
    ("post", "/foreningar/rusksele/uppdrag/{published}/anmalningar/{claim}/bekrafta/", {"hours": "2"}, MANAGERS_ACTION),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "data", "expected"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS])
def test_every_assignment_page_and_action_answers_each_kind_of_person_as_it_should(
    world, assignments, actor, method, path, data, expected
):
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    response = getattr(client, method)(path.format(**assignments), data)
    assert response.status_code == expected[actor], response.content.decode()[:300]
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")


def test_a_claim_by_a_coordinator_is_refused_and_nothing_is_saved(world, assignments):
    client = Client()
    client.force_login(world["people"]["coordinator"])
    response = client.post(f"/uppdrag/{assignments['published']}/anmal/", follow=True)
    assert "kan därför inte anmäla dig" in response.content.decode()
    assert not Claim.objects.filter(resident=world["people"]["coordinator"]).exists()


def test_the_resident_can_act_on_their_own_claim(world, assignments):
    client = Client()
    client.force_login(UserFactory._meta.model.objects.get(email="invanare@exempel.se"))
    response = client.post(f"/mina-sidor/uppdrag/{assignments['claim']}/ta-tillbaka/")
    assert response.status_code == 302
    assert Claim.objects.get(pk=assignments["claim"]).status == Claim.Status.WITHDRAWN


def test_another_associations_admin_cannot_reach_an_assignment_through_their_own_address(world, assignments):
    client = Client()
    client.force_login(world["people"]["other_admin"])
    response = client.post(
        f"/foreningar/bastutrask/uppdrag/{assignments['published']}/anmalningar/{assignments['claim']}/godkann/"
    )
    assert response.status_code == 404
    assert Claim.objects.get(pk=assignments["claim"]).status == Claim.Status.PENDING
