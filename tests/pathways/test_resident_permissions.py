"""Every page and action under /mina-sidor/min-vag/, tried by every person of `pathway_world`.

The pages have no resident id in their address: each shows the logged-in person's own pathway.
So the resident gets their own data; anyone else logged in gets their own, empty pathway and
never a word of the resident's; anonymous is sent to the login page. A link or milestone id
that is not one's own is not found (404). Actions redirect whether they succeed or are refused,
so each action row reads the resident's state before and after and names who may change it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from pathways import services
from pathways.models import Intake, Milestone, SupportLink
from tests.pathway_world import PATHWAY_ACTORS, make_supporter

SECRETS = ("HEMLIG-ERFARENHET", "HEMLIG-HINDER", "HEMLIG-KURS", "HEMLIG-ANTECKNING", "Sara Resident")


@pytest.fixture
def world(pathway_world):
    """pathway_world with something of the resident's on every page: an intake, a step of their
    own, a note and a logged write by the supporter, and an invitation from the former supporter."""
    w = pathway_world
    resident, supporter, link = w["resident"], w["supporter"], w["link"]
    services.intake_save(
        resident=resident, by=resident, experience="HEMLIG-ERFARENHET i kök", obstacles="HEMLIG-HINDER"
    )
    step = services.milestone_record(
        resident=resident,
        by=resident,
        kind=Milestone.Kind.TRAINING,
        happened_on=timezone.localdate() - timedelta(days=10),
        note="HEMLIG-KURS i svets",
    )
    services.note_create(link=link, by=supporter, text="HEMLIG-ANTECKNING om Sara")
    # A supporter who has not supported the resident before invites them.
    invitation = services.link_invite(
        supporter=make_supporter(w["association"], name="Ny Handledare"),
        association=w["association"],
        email=resident.email,
    )
    return {**w, "step": step, "invitation": invitation}


def login(client, world, actor):
    if world[actor] is not None:
        client.force_login(world[actor])


def expect(default, **overrides):
    return {actor: overrides.get(actor, default) for actor in PATHWAY_ACTORS}


OWN_PAGE = expect(200, anonymous=302)
RESIDENTS_ONLY = expect(404, anonymous=302, resident=200)
RESIDENTS_ACTION = expect(404, anonymous=302, resident=302)

# (name, path from the world, what only the resident's page shows)
PAGES = [
    ("path", lambda w: "/mina-sidor/min-vag/", "HEMLIG-KURS i svets"),
    ("intake", lambda w: "/mina-sidor/min-vag/kartlaggning/", "HEMLIG-ERFARENHET i kök"),
    ("milestones", lambda w: "/mina-sidor/min-vag/steg/", "HEMLIG-KURS i svets"),
    ("notes", lambda w: "/mina-sidor/min-vag/anteckningar/", "HEMLIG-ANTECKNING om Sara"),
    ("access log", lambda w: "/mina-sidor/min-vag/logg/", "anteckningarna"),
]


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
@pytest.mark.parametrize(("name", "path", "own_text"), PAGES, ids=[row[0] for row in PAGES])
def test_each_pathway_page_shows_only_ones_own_pathway(client, world, actor, name, path, own_text):
    login(client, world, actor)
    response = client.get(path(world))
    assert response.status_code == OWN_PAGE[actor]
    if actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")
        return
    page = response.content.decode()
    if actor == "resident":
        assert own_text in page
    else:
        for secret in (*SECRETS, own_text):
            assert secret not in page, f"{actor} saw {secret!r} on {name}"


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
def test_finding_a_supporter_shows_every_logged_in_person_the_offers(client, world, actor):
    login(client, world, actor)
    response = client.get("/mina-sidor/min-vag/handledare/")
    assert response.status_code == OWN_PAGE[actor]
    if actor != "anonymous":
        page = response.content.decode()
        assert "Lycksele utvecklingsgrupp" in page and "Stina Handledare" in page
        if actor != "resident":
            assert not any(secret in page for secret in SECRETS)


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
def test_the_request_form_is_there_for_every_logged_in_person(client, world, actor):
    login(client, world, actor)
    response = client.get(f"/mina-sidor/min-vag/handledare/lycksele-utvecklingsgrupp/{world['supporter'].pk}/")
    assert response.status_code == OWN_PAGE[actor]
    if actor != "anonymous":
        assert "Be Stina Handledare om stöd" in response.content.decode()


LINK_PAGES = [
    ("link", lambda w: f"/mina-sidor/min-vag/stod/{w['link'].pk}/", "Stöd från Stina Handledare"),
    ("end, asked", lambda w: f"/mina-sidor/min-vag/stod/{w['link'].pk}/avsluta/", "inte längre se något"),
    ("invitation", lambda w: f"/mina-sidor/min-vag/stod/{w['invitation'].pk}/", "vill vara din handledare"),
    ("former link", lambda w: f"/mina-sidor/min-vag/stod/{w['former_link'].pk}/", "Samtycke återkallat"),
]


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
@pytest.mark.parametrize(("name", "path", "own_text"), LINK_PAGES, ids=[row[0] for row in LINK_PAGES])
def test_a_link_page_is_the_residents_alone_and_not_found_for_anyone_else(client, world, actor, name, path, own_text):
    login(client, world, actor)
    response = client.get(path(world))
    assert response.status_code == RESIDENTS_ONLY[actor]
    page = response.content.decode()
    if actor == "resident":
        assert own_text in page
    elif actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")
    else:
        assert own_text not in page and "Sidan finns inte" in page


def link_state(key):
    def read(w):
        link = SupportLink.objects.get(pk=w[key].pk)
        return (link.status, link.shares_profile, link.shares_claims, link.shares_intake, link.shares_milestones)

    return read


def resident_steps(w):
    return sorted(Milestone.objects.filter(resident=w["resident"]).values_list("pk", "kind"))


def resident_intake(w):
    return Intake.objects.filter(resident=w["resident"]).values_list("experience", flat=True).first()


def resident_links(w):
    return sorted(SupportLink.objects.filter(resident=w["resident"]).values_list("pk", "status"))


def shares(key, *values):
    return lambda w: {f"link-{w[key].pk}-shares": list(values)}


ACTIONS = [
    # (name, path, data, expected, probe)
    (
        "change shares",
        lambda w: f"/mina-sidor/min-vag/stod/{w['link'].pk}/",
        shares("link", "profile"),
        RESIDENTS_ACTION,
        link_state("link"),
    ),
    (
        "end",
        lambda w: f"/mina-sidor/min-vag/stod/{w['link'].pk}/avsluta/",
        lambda w: {},
        RESIDENTS_ACTION,
        link_state("link"),
    ),
    (
        "accept invitation",
        lambda w: f"/mina-sidor/min-vag/stod/{w['invitation'].pk}/svara/",
        shares("invitation", "intake"),
        RESIDENTS_ACTION,
        link_state("invitation"),
    ),
    (
        "decline invitation",
        lambda w: f"/mina-sidor/min-vag/stod/{w['invitation'].pk}/nej/",
        lambda w: {},
        RESIDENTS_ACTION,
        link_state("invitation"),
    ),
    (
        "remove step",
        lambda w: f"/mina-sidor/min-vag/steg/{w['step'].pk}/ta-bort/",
        lambda w: {},
        RESIDENTS_ACTION,
        resident_steps,
    ),
    (
        "add step",
        lambda w: "/mina-sidor/min-vag/steg/",
        lambda w: {"kind": "studies", "happened_on": timezone.localdate().isoformat(), "note": "Komvux"},
        expect(302),
        resident_steps,
    ),
    (
        "save intake",
        lambda w: "/mina-sidor/min-vag/kartlaggning/",
        lambda w: {
            "experience": "NY-ERFARENHET",
            "skills": [],
            # The version the form was opened on: a save over a newer one comes back instead.
            "seen_version": Intake.objects.get(resident=w["resident"]).updated_at.isoformat(),
        },
        expect(302),
        resident_intake,
    ),
]


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
@pytest.mark.parametrize(("name", "path", "data", "expected", "probe"), ACTIONS, ids=[row[0] for row in ACTIONS])
def test_each_action_changes_only_the_residents_own_pathway_when_the_resident_does_it(
    client, world, actor, name, path, data, expected, probe
):
    login(client, world, actor)
    before = probe(world)
    response = client.post(path(world), data(world))
    assert response.status_code == expected[actor], response.content.decode()[:300]
    if actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")
    after = probe(world)
    if actor == "resident":
        assert after != before, f"the resident's {name} did not change"
    else:
        assert after == before, f"{actor} changed the resident's {name}"


@pytest.mark.parametrize("actor", [a for a in PATHWAY_ACTORS if a not in ("anonymous", "resident")])
def test_what_another_person_saves_goes_on_their_own_pathway(client, world, actor):
    client.force_login(world[actor])
    client.post("/mina-sidor/min-vag/kartlaggning/", {"experience": "Min egen erfarenhet", "skills": []})
    client.post(
        "/mina-sidor/min-vag/steg/", {"kind": "studies", "happened_on": timezone.localdate().isoformat(), "note": ""}
    )
    assert Intake.objects.get(resident=world[actor]).experience == "Min egen erfarenhet"
    assert Milestone.objects.filter(resident=world[actor], kind="studies").count() == 1
    page = client.get("/mina-sidor/min-vag/").content.decode()
    assert "Började studera" in page and "HEMLIG-KURS" not in page


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
def test_asking_for_support_makes_a_request_only_for_the_one_who_asks(client, world, actor):
    login(client, world, actor)
    before = resident_links(world)
    path = f"/mina-sidor/min-vag/handledare/lycksele-utvecklingsgrupp/{world['supporter'].pk}/"
    response = client.post(path, {"shares": ["profile"], "message": "Kan du hjälpa mig?"})
    assert resident_links(world) == before
    page = response.content.decode()
    if actor == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    elif actor == "resident":
        # Already supported by her: refused in words, the message kept.
        assert response.status_code == 200
        assert "Det finns redan en förfrågan eller ett pågående stöd mellan er." in page
        assert "Kan du hjälpa mig?" in page
    elif actor == "supporter":
        assert response.status_code == 200 and "Du kan inte vara din egen handledare." in page
    else:
        assert response.status_code == 302
        link = SupportLink.objects.get(resident=world[actor], supporter=world["supporter"])
        assert link.status == SupportLink.Status.REQUESTED and link.message == "Kan du hjälpa mig?"
