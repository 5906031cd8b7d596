"""Every association- and staff-only page and action, tried by every kind of person.

Each row: method, URL, and the status each actor gets. The actors are
anonymous, an unverified user, a verified outsider, a member, a coordinator
and an admin of the association, an admin of another association, a staff
viewer and a staff admin of the association's municipality, and a staff admin
of another municipality. Actions redirect (302) whether they succeed or are
refused with a message, so each action row also names the state it changes and
who changes it: the test checks that it changed for them and for nobody else.
"""

import pytest
from django.test import Client

from associations.models import Association, AssociationMembership, Invitation
from municipalities.models import Locality
from tests.permissions import ACTORS, assert_outcome, expect

# Who gets what, by kind of page.
PUBLIC = expect(200)
HIDDEN_UNTIL_VERIFIED = expect(404, admin=200, member=200, coordinator=200, staff_viewer=200, staff_admin=200)
VERIFIED_ONLY = expect(200, anonymous=302, unverified=403)
MEMBERS = expect(403, anonymous=302, member=200, coordinator=200, admin=200)
ADMIN_PAGE = expect(403, anonymous=302, admin=200)
ADMIN_ACTION = expect(403, anonymous=302, admin=302)
STAFF_ADMIN_PAGE = expect(403, anonymous=302, staff_admin=200)
STAFF_ADMIN_ACTION = expect(403, anonymous=302, staff_admin=302)


def invited(email):
    return lambda ids: Invitation.objects.filter(email=email, revoked_at=None).exists()


def role_of_member(ids):
    return AssociationMembership.objects.filter(pk=ids["membership"]).values_list("role", flat=True).first()


def invitation_revoked(ids):
    return Invitation.objects.get(pk=ids["invitation"]).revoked_at is not None


def hedlunda_verification(ids):
    return Association.objects.get(slug="hedlunda").verification


def village_named(name):
    return lambda ids: Locality.objects.filter(name=name, municipality__code="2481").exists()


def village_position(ids):
    village = Locality.objects.get(pk=ids["village"])
    return (village.latitude, village.longitude)


# Each row: method, path, data, the status per actor, and for actions the state they change and who changes it.
ROWS = [
    ("get", "/foreningar/", {}, PUBLIC),
    ("get", "/foreningar/rusksele/", {}, PUBLIC),
    ("get", "/foreningar/hedlunda/", {}, HIDDEN_UNTIL_VERIFIED),
    ("get", "/kommuner/2481/", {}, PUBLIC),
    ("get", "/foreningar/ny/", {}, VERIFIED_ONLY),
    ("get", "/foreningar/ny/?kommun=2481", {}, VERIFIED_ONLY),
    ("get", "/foreningar/rusksele/hantera/", {}, MEMBERS),
    ("get", "/foreningar/rusksele/lamna/", {}, MEMBERS),
    ("get", "/foreningar/rusksele/installningar/", {}, ADMIN_PAGE),
    (
        "post",
        "/foreningar/rusksele/medlemmar/bjud-in/",
        {"email": "ny2@exempel.se", "role": "member"},
        ADMIN_ACTION,
        invited("ny2@exempel.se"),
        {"admin"},
    ),
    (
        "post",
        "/foreningar/rusksele/medlemmar/{membership}/roll/",
        {"role": "coordinator"},
        ADMIN_ACTION,
        role_of_member,
        {"admin"},
    ),
    ("post", "/foreningar/rusksele/medlemmar/{membership}/ta-bort/", {}, ADMIN_ACTION, role_of_member, {"admin"}),
    (
        "post",
        "/foreningar/rusksele/inbjudningar/{invitation}/aterkalla/",
        {},
        ADMIN_ACTION,
        invitation_revoked,
        {"admin"},
    ),
    ("get", "/kommuner/2481/granska/", {}, STAFF_ADMIN_PAGE),
    ("get", "/kommuner/2481/granska/hedlunda/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/granska/hedlunda/",
        {"decision": "verify"},
        STAFF_ADMIN_ACTION,
        hedlunda_verification,
        {"staff_admin"},
    ),
    (
        "post",
        "/kommuner/2481/granska/hedlunda/",
        {"decision": "reject", "reason": "Saknar stadgar."},
        STAFF_ADMIN_ACTION,
        hedlunda_verification,
        {"staff_admin"},
    ),
    ("get", "/kommuner/2481/orter/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/orter/",
        {"name": "Tannsele", "latitude": "64.63", "longitude": "18.43"},
        STAFF_ADMIN_ACTION,
        village_named("Tannsele"),
        {"staff_admin"},
    ),
    ("get", "/kommuner/2481/orter/{village}/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/orter/{village}/",
        {"name": "Björkberg", "latitude": "64,61", "longitude": "18,31"},
        STAFF_ADMIN_ACTION,
        village_position,
        {"staff_admin"},
    ),
    ("get", "/kommuner/2481/personal/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/personal/",
        {"email": "kollega@exempel.se", "role": "viewer"},
        STAFF_ADMIN_ACTION,
        invited("kollega@exempel.se"),
        {"staff_admin"},
    ),
]


ROWS = [(*row, None, ()) if len(row) == 4 else row for row in ROWS]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected", "probe", "changed_by"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS]
)
def test_every_page_and_action_answers_each_kind_of_person_as_it_should(
    world, actor, method, path, data, expected, probe, changed_by
):
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    ids = world["ids"]
    assert_outcome(
        client, actor, method, path.format(**ids), data, expected, probe and (lambda: probe(ids)), changed_by
    )
