"""Every assignment page and action, tried by every kind of person (see the associations table).

Actions redirect whether they succeed or are refused with a message, so each
action row names the state it changes and who changes it.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assignments.models import Assignment, Claim
from tests.factories import AssignmentFactory, ClaimFactory, UserFactory, locality
from tests.permissions import ACTORS, assert_outcome, expect

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
    # Work that has begun, with a resident on it: it can be marked done and its hours confirmed.
    began = timezone.now() - timedelta(hours=1)
    started = AssignmentFactory(
        association=association,
        locality=locality("Rusksele"),
        starts_at=began,
        ends_at=began + timedelta(hours=3),
        places_taken=1,
    )
    working = ClaimFactory(assignment=started, status=Claim.Status.ACCEPTED, decided_at=began)
    return {
        "published": published.pk,
        "draft": draft.pk,
        "claim": claim.pk,
        "started": started.pk,
        "working": working.pk,
    }


def status_of(key):
    return lambda ids: Assignment.objects.filter(pk=ids[key]).values_list("status", flat=True).get()


def claim_state(key):
    return lambda ids: Claim.objects.filter(pk=ids[key]).values_list("status", "hours_reported").get()


def claims_on_published(ids):
    return Claim.objects.filter(assignment_id=ids["published"]).count()


def assignment_count(ids):
    return Assignment.objects.count()


MANAGERS = {"coordinator", "admin"}
# Everyone verified who does not handle the association's claims.
CLAIMERS = {"outsider", "member", "other_admin", "staff_viewer", "staff_admin", "other_staff"}


ROWS = [
    ("get", "/uppdrag/", {}, PUBLIC),
    ("get", "/uppdrag/{published}/", {}, PUBLIC),
    ("get", "/uppdrag/{draft}/", {}, DRAFT_PAGE),
    ("post", "/uppdrag/{published}/anmal/", {"message": "Jag kan!"}, CLAIM, claims_on_published, CLAIMERS),
    ("get", "/mina-sidor/uppdrag/", {}, LOGGED_IN_PAGE),
    ("post", "/mina-sidor/uppdrag/{claim}/ta-tillbaka/", {}, OWN_CLAIM_ACTION, claim_state("claim"), ()),
    ("post", "/mina-sidor/uppdrag/{claim}/timmar/", {"hours": "2"}, OWN_CLAIM_ACTION, claim_state("claim"), ()),
    ("get", "/foreningar/rusksele/uppdrag/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/nytt/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/andra/", {}, MANAGERS_PAGE),
    ("get", "/foreningar/rusksele/uppdrag/{published}/stall-in/", {}, MANAGERS_PAGE),
    (
        "post",
        "/foreningar/rusksele/uppdrag/{published}/stall-in/",
        {"reason": "Regn."},
        MANAGERS_ACTION,
        status_of("published"),
        MANAGERS,
    ),
    ("post", "/foreningar/rusksele/uppdrag/{draft}/publicera/", {}, MANAGERS_ACTION, status_of("draft"), MANAGERS),
    ("post", "/foreningar/rusksele/uppdrag/{published}/kopiera/", {}, MANAGERS_ACTION, assignment_count, MANAGERS),
    ("post", "/foreningar/rusksele/uppdrag/{started}/genomfort/", {}, MANAGERS_ACTION, status_of("started"), MANAGERS),
    (
        "post",
        "/foreningar/rusksele/uppdrag/{published}/anmalningar/{claim}/godkann/",
        {},
        MANAGERS_ACTION,
        claim_state("claim"),
        MANAGERS,
    ),
    (
        "post",
        "/foreningar/rusksele/uppdrag/{published}/anmalningar/{claim}/avboj/",
        {},
        MANAGERS_ACTION,
        claim_state("claim"),
        MANAGERS,
    ),
    (
        "post",
        "/foreningar/rusksele/uppdrag/{started}/anmalningar/{working}/bekrafta/",
        {"hours": "2"},
        MANAGERS_ACTION,
        claim_state("working"),
        MANAGERS,
    ),
]


ROWS = [(*row, None, ()) if len(row) == 4 else row for row in ROWS]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected", "probe", "changed_by"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS]
)
def test_every_assignment_page_and_action_answers_each_kind_of_person_as_it_should(
    world, assignments, actor, method, path, data, expected, probe, changed_by
):
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    assert_outcome(
        client,
        actor,
        method,
        path.format(**assignments),
        data,
        expected,
        probe and (lambda: probe(assignments)),
        changed_by,
    )


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
