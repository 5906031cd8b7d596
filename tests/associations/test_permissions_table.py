"""Every association- and staff-only page and action, tried by every kind of person.

Each row: method, URL, and the status each actor gets. The actors are
anonymous, an unverified user, a verified outsider, a member, a coordinator
and an admin of the association, an admin of another association, a staff
viewer and a staff admin of the association's municipality, and a staff admin
of another municipality. Actions that succeed redirect (302).
"""

import pytest
from django.test import Client

from tests.permissions import ACTORS, expect

# Who gets what, by kind of page.
PUBLIC = expect(200)
HIDDEN_UNTIL_VERIFIED = expect(404, admin=200, member=200, coordinator=200, staff_viewer=200, staff_admin=200)
VERIFIED_ONLY = expect(200, anonymous=302, unverified=403)
MEMBERS = expect(403, anonymous=302, member=200, coordinator=200, admin=200)
ADMIN_PAGE = expect(403, anonymous=302, admin=200)
ADMIN_ACTION = expect(403, anonymous=302, admin=302)
STAFF_ADMIN_PAGE = expect(403, anonymous=302, staff_admin=200)
STAFF_ADMIN_ACTION = expect(403, anonymous=302, staff_admin=302)


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
    ("post", "/foreningar/rusksele/medlemmar/bjud-in/", {"email": "ny2@exempel.se", "role": "member"}, ADMIN_ACTION),
    ("post", "/foreningar/rusksele/medlemmar/{membership}/roll/", {"role": "coordinator"}, ADMIN_ACTION),
    ("post", "/foreningar/rusksele/medlemmar/{membership}/ta-bort/", {}, ADMIN_ACTION),
    ("post", "/foreningar/rusksele/inbjudningar/{invitation}/aterkalla/", {}, ADMIN_ACTION),
    ("get", "/kommuner/2481/granska/", {}, STAFF_ADMIN_PAGE),
    ("get", "/kommuner/2481/granska/hedlunda/", {}, STAFF_ADMIN_PAGE),
    ("post", "/kommuner/2481/granska/hedlunda/", {"decision": "verify"}, STAFF_ADMIN_ACTION),
    (
        "post",
        "/kommuner/2481/granska/hedlunda/",
        {"decision": "reject", "reason": "Saknar stadgar."},
        STAFF_ADMIN_ACTION,
    ),
    ("get", "/kommuner/2481/orter/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/orter/",
        {"name": "Tannsele", "latitude": "64.63", "longitude": "18.43"},
        STAFF_ADMIN_ACTION,
    ),
    ("get", "/kommuner/2481/orter/{village}/", {}, STAFF_ADMIN_PAGE),
    (
        "post",
        "/kommuner/2481/orter/{village}/",
        {"name": "Björkberg", "latitude": "64,61", "longitude": "18,31"},
        STAFF_ADMIN_ACTION,
    ),
    ("get", "/kommuner/2481/personal/", {}, STAFF_ADMIN_PAGE),
    ("post", "/kommuner/2481/personal/", {"email": "kollega@exempel.se", "role": "viewer"}, STAFF_ADMIN_ACTION),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "data", "expected"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS])
def test_every_page_and_action_answers_each_kind_of_person_as_it_should(world, actor, method, path, data, expected):
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    response = getattr(client, method)(path.format(**world["ids"]), data)
    assert response.status_code == expected[actor], response.content.decode()[:500]
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")
