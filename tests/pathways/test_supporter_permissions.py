"""Every supporter page and action (/handledning/), tried by every person of the pathway world.

A page about a resident is the supporter's own link or nothing: anyone else's id is not found
(404), anonymous goes to the login page, and the former supporter, on their own ended link,
is refused with a sentence (403). Actions redirect whether they succeed or are refused with a
message, so each action row names the state it changes and who changes it.
"""

from datetime import date

import pytest
from django.test import Client

from pathways.models import Intake, Milestone, Recommendation, SupporterNote, SupportLink
from pathways.services import link_request, milestone_record, note_create
from tests.factories import AssignmentFactory, UserFactory
from tests.pathway_world import PATHWAY_ACTORS
from tests.permissions import assert_outcome

ENDED = "Stödet är avslutat."


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {actor: overrides.get(actor, default) for actor in PATHWAY_ACTORS}


# The supporter home: for supporters only; the former supporter is still a supporter.
HOME = expect(403, anonymous=302, supporter=200, former_supporter=200)
INVITE = expect(403, anonymous=302, supporter=302, former_supporter=302)
# The current link: only its supporter.
PAGE = expect(404, anonymous=302, supporter=200)
ACTION = expect(404, anonymous=302, supporter=302)
# The ended link: its former supporter is told the support has ended; anyone else, not found.
FORMER = expect(404, anonymous=302, former_supporter=403)


@pytest.fixture
def ids(pathway_world):
    world = pathway_world
    link = world["link"]
    supporter = world["supporter"]
    requested = link_request(
        resident=world["other_resident"], supporter=supporter, association=world["association"], shares=["profile"]
    )
    note = note_create(link=link, by=supporter, text="Vi ses på tisdag.")
    milestone = milestone_record(
        resident=world["resident"], by=supporter, link=link, kind=Milestone.Kind.TRAINING, happened_on=date(2025, 3, 1)
    )
    intake = Intake.objects.create(resident=world["resident"], experience="Som det var")
    UserFactory(email="ny.invanare@exempel.se")
    return {
        "link": link.pk,
        "former": world["former_link"].pk,
        "requested": requested.pk,
        "note": note.pk,
        "milestone": milestone.pk,
        "assignment": AssignmentFactory(association=world["association"]).pk,
        # The intake's version, as the form opened before the post carries it.
        "intake_version": intake.updated_at.isoformat(),
    }


def link_status(key):
    return lambda ids: SupportLink.objects.get(pk=ids[key]).status


def intake_text(ids):
    return Intake.objects.get(resident__support_links__pk=ids["link"]).experience


def milestones(ids):
    return sorted(Milestone.objects.values_list("pk", flat=True))


def notes(ids):
    return sorted(SupporterNote.objects.values_list("pk", "text"))


def tips(ids):
    return Recommendation.objects.count()


def invitations(ids):
    return SupportLink.objects.filter(resident__email="ny.invanare@exempel.se").count()


SUPPORTER = {"supporter"}
INVITERS = {"supporter", "former_supporter"}
ROWS = [
    ("get", "/handledning/", {}, HOME),
    ("post", "/handledning/bjud-in/", {"email": "ny.invanare@exempel.se"}, INVITE, invitations, INVITERS),
    ("get", "/handledning/{link}/", {}, PAGE),
    ("get", "/handledning/{link}/kartlaggning/", {}, PAGE),
    (
        "post",
        "/handledning/{link}/kartlaggning/",
        {"experience": "Snickrar", "seen_version": "{intake_version}"},
        ACTION,
        intake_text,
        SUPPORTER,
    ),
    ("get", "/handledning/{link}/steg/", {}, PAGE),
    (
        "post",
        "/handledning/{link}/steg/",
        {"kind": "studies", "happened_on": "2025-08-20"},
        ACTION,
        milestones,
        SUPPORTER,
    ),
    ("post", "/handledning/{link}/steg/{milestone}/ta-bort/", {}, ACTION, milestones, SUPPORTER),
    ("get", "/handledning/{link}/anteckningar/", {}, PAGE),
    ("post", "/handledning/{link}/anteckningar/", {"text": "Ny anteckning"}, ACTION, notes, SUPPORTER),
    ("get", "/handledning/{link}/anteckningar/{note}/", {}, PAGE),
    ("post", "/handledning/{link}/anteckningar/{note}/", {"text": "Ändrad"}, ACTION, notes, SUPPORTER),
    ("post", "/handledning/{link}/anteckningar/{note}/ta-bort/", {}, ACTION, notes, SUPPORTER),
    ("get", "/handledning/{link}/tips/", {}, PAGE),
    ("post", "/handledning/{link}/tips/", {"assignment": "{assignment}"}, ACTION, tips, SUPPORTER),
    ("post", "/handledning/{link}/avsluta/", {}, ACTION, link_status("link"), SUPPORTER),
    ("post", "/handledning/{requested}/ja/", {}, ACTION, link_status("requested"), SUPPORTER),
    ("post", "/handledning/{requested}/nej/", {}, ACTION, link_status("requested"), SUPPORTER),
    # The ended link of the former supporter: every page and action.
    ("get", "/handledning/{former}/", {}, FORMER),
    ("get", "/handledning/{former}/kartlaggning/", {}, FORMER),
    (
        "post",
        "/handledning/{former}/kartlaggning/",
        {"experience": "Snickrar", "seen_version": "{intake_version}"},
        FORMER,
        intake_text,
        (),
    ),
    ("get", "/handledning/{former}/steg/", {}, FORMER),
    ("post", "/handledning/{former}/steg/", {"kind": "studies", "happened_on": "2025-08-20"}, FORMER, milestones, ()),
    ("post", "/handledning/{former}/steg/{milestone}/ta-bort/", {}, FORMER, milestones, ()),
    ("get", "/handledning/{former}/anteckningar/", {}, FORMER),
    ("post", "/handledning/{former}/anteckningar/", {"text": "Ny"}, FORMER, notes, ()),
    ("get", "/handledning/{former}/anteckningar/{note}/", {}, FORMER),
    ("post", "/handledning/{former}/anteckningar/{note}/ta-bort/", {}, FORMER, notes, ()),
    ("get", "/handledning/{former}/tips/", {}, FORMER),
    ("post", "/handledning/{former}/tips/", {"assignment": "{assignment}"}, FORMER, tips, ()),
    ("post", "/handledning/{former}/avsluta/", {}, FORMER, link_status("former"), ()),
    ("post", "/handledning/{former}/ja/", {}, FORMER, link_status("former"), ()),
    ("post", "/handledning/{former}/nej/", {}, FORMER, link_status("former"), ()),
]
ROWS = [(*row, None, ()) if len(row) == 4 else row for row in ROWS]


@pytest.mark.parametrize("actor", PATHWAY_ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected", "probe", "changed_by"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS]
)
def test_every_supporter_page_and_action_answers_each_person_as_it_should(
    pathway_world, ids, actor, method, path, data, expected, probe, changed_by
):
    client = Client()
    if pathway_world[actor] is not None:
        client.force_login(pathway_world[actor])
    data = {key: value.format(**ids) for key, value in data.items()}
    response = assert_outcome(
        client, actor, method, path.format(**ids), data, expected, probe and (lambda: probe(ids)), changed_by
    )
    page = response.content.decode()
    if response.status_code == 403 and "{former}" in path:
        assert ENDED in page
    if response.status_code == 403 and path == "/handledning/":
        assert "Den här sidan är för handledare." in page
    if response.status_code == 200 and "{link}" in path:
        assert "Sara Resident" in page
    if response.status_code == 404 and actor != "resident":
        assert "Sara Resident" not in page
