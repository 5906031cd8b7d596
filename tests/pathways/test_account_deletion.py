"""Deleting an account on the support pathway (members.services.user_delete).

A resident's account takes their whole pathway with it: links, intake, milestones, the notes about
them, tips, consent history and access log. A supporter's account ends their links (the residents are
told) and leaves each resident's own pathway as it was, with the supporter's notes, links and
access log kept for the resident under "en tidigare handledare", without the supporter's name."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.services import user_delete
from notifications.models import Kind, Notification
from pathways import services
from pathways.access import current_supporter_links
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportLink,
)
from tests.factories import AssignmentFactory, AssociationFactory
from tests.pathway_world import make_supporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_pathway(pathway_world):
    """The resident of pathway_world with one of everything: intake, a milestone, a note, a tip and
    the access-log rows they make; another resident with a pathway of their own beside it."""
    world = pathway_world
    resident, supporter, link = world["resident"], world["supporter"], world["link"]
    services.intake_save(resident=resident, by=supporter, link=link, goals="Jobba med trädgård", mark_done=True)
    services.milestone_record(
        resident=resident,
        by=supporter,
        link=link,
        kind=Milestone.Kind.TRAINING,
        happened_on=timezone.localdate() - timedelta(days=3),
    )
    services.note_create(link=link, by=supporter, text="Vi pratade om trädgårdsjobb.")
    assignment = AssignmentFactory(association=AssociationFactory(name="Rusksele byaförening"))
    services.recommend(link=link, by=supporter, assignment=assignment, message="Passar dig!")

    other = world["other_resident"]
    other_link = services.link_accept(
        link=services.link_request(
            resident=other, supporter=supporter, association=world["association"], shares=Share.values
        ),
        by=supporter,
    )
    services.intake_save(resident=other, by=other, goals="Studera")
    services.note_create(link=other_link, by=supporter, text="Olle vill studera.")
    world["other_link"] = other_link
    return world


def counts(resident) -> dict:
    """Every kind of pathway row about `resident`."""
    return {
        "links": SupportLink.objects.filter(resident=resident).count(),
        "consent events": ConsentEvent.objects.filter(link__resident=resident).count(),
        "intake": Intake.objects.filter(resident=resident).count(),
        "milestones": Milestone.objects.filter(resident=resident).count(),
        "notes": SupporterNote.objects.filter(resident=resident).count(),
        "tips": Recommendation.objects.filter(resident=resident).count(),
        "access log": AccessLogEntry.objects.filter(resident=resident).count(),
    }


# A resident's account -----------------------------------------------------------------------


def test_deleting_a_resident_removes_their_whole_pathway(full_pathway):
    resident = full_pathway["resident"]
    before = counts(resident)
    assert all(before.values()), before  # the fixture made one of everything
    resident_id = resident.pk

    user_delete(user=resident, by=resident)

    assert counts(resident_id) == dict.fromkeys(before, 0)
    assert not SupportLink.objects.filter(pk__in=[full_pathway["link"].pk, full_pathway["former_link"].pk]).exists()
    assert not Notification.objects.filter(recipient_id=resident_id).exists()


def test_deleting_a_resident_leaves_other_residents_pathways_alone(full_pathway):
    other = full_pathway["other_resident"]
    before = counts(other)
    user_delete(user=full_pathway["resident"], by=full_pathway["resident"])
    assert counts(other) == before
    assert SupporterNote.objects.get(resident=other).text == "Olle vill studera."


def test_the_supporter_of_a_deleted_resident_is_told_the_support_ended_without_a_name(client, full_pathway):
    supporter = full_pathway["supporter"]
    user_delete(user=full_pathway["resident"], by=full_pathway["resident"])
    assert Notification.objects.filter(recipient=supporter, kind=Kind.SUPPORT_ENDED).count() == 1
    client.force_login(supporter)
    page = client.get("/mina-sidor/notiser/").content.decode()
    assert "Stödet genom Lycksele utvecklingsgrupp har avslutats." in page
    assert "Sara Resident" not in page


def test_a_residents_request_still_waiting_goes_with_their_account(full_pathway):
    waiting_for = make_supporter(full_pathway["association"], name="Väntande Handledare")
    resident = full_pathway["resident"]
    link = services.link_request(
        resident=resident, supporter=waiting_for, association=full_pathway["association"], shares=[Share.INTAKE]
    )
    user_delete(user=resident, by=resident)
    assert not SupportLink.objects.filter(pk=link.pk).exists()
    # Nothing had started, so there is nothing to tell of its end.
    assert not Notification.objects.filter(recipient=waiting_for, kind=Kind.SUPPORT_ENDED).exists()


# A supporter's account ----------------------------------------------------------------------


def test_deleting_a_supporter_ends_their_links_and_keeps_the_residents_consent_history(full_pathway):
    supporter, resident = full_pathway["supporter"], full_pathway["resident"]
    user_delete(user=supporter, by=supporter)
    kept = SupportLink.objects.filter(pk__in=[full_pathway["link"].pk, full_pathway["other_link"].pk])
    assert {(link.status, link.supporter_id, link.supporter_display_name) for link in kept} == {
        (SupportLink.Status.ENDED, None, "En tidigare handledare")
    }
    assert all(link.consent_events.last().event == "withdrawn" for link in kept)
    assert list(current_supporter_links(resident)) == []
    # A link with another supporter is not touched.
    assert SupportLink.objects.get(pk=full_pathway["former_link"].pk).supporter == full_pathway["former_supporter"]


def test_a_former_supporters_ended_link_stays_in_the_residents_history_and_nobody_is_told_again(full_pathway):
    former, resident = full_pathway["former_supporter"], full_pathway["resident"]
    told = Notification.objects.filter(recipient=resident, kind=Kind.SUPPORT_ENDED).count()
    user_delete(user=former, by=former)
    link = SupportLink.objects.get(pk=full_pathway["former_link"].pk)
    assert (link.supporter_id, link.status) == (None, SupportLink.Status.ENDED)
    assert Notification.objects.filter(recipient=resident, kind=Kind.SUPPORT_ENDED).count() == told


def test_residents_keep_their_own_pathway_when_their_supporter_deletes_their_account(full_pathway):
    supporter, resident = full_pathway["supporter"], full_pathway["resident"]
    user_delete(user=supporter, by=supporter)
    intake = Intake.objects.get(resident=resident)
    assert intake.goals == "Jobba med trädgård" and intake.completed_at is not None
    assert set(Milestone.objects.filter(resident=resident).values_list("kind", flat=True)) == {
        Milestone.Kind.INTAKE,
        Milestone.Kind.TRAINING,
    }
    assert Recommendation.objects.get(resident=resident).supporter is None
    # The resident's log still says what was read and written, and by which association,
    # but no longer the deleted supporter's name.
    log = AccessLogEntry.objects.filter(resident=resident)
    assert log.exists() and set(log.values_list("actor_name", "association_name")) == {
        ("", "Lycksele utvecklingsgrupp")
    }


def test_notes_of_a_deleted_supporter_stay_for_the_resident_under_a_former_supporter(client, full_pathway):
    supporter, resident = full_pathway["supporter"], full_pathway["resident"]
    user_delete(user=supporter, by=supporter)
    note = SupporterNote.objects.get(resident=resident)
    assert (note.text, note.author) == ("Vi pratade om trädgårdsjobb.", None)
    client.force_login(resident)
    page = client.get("/mina-sidor/min-vag/anteckningar/").content.decode()
    assert "Vi pratade om trädgårdsjobb." in page
    assert "En tidigare handledare" in page
    assert "Stina Handledare" not in page


def test_each_resident_is_told_once_that_the_support_ended(client, full_pathway):
    supporter = full_pathway["supporter"]
    user_delete(user=supporter, by=supporter)
    for resident in (full_pathway["resident"], full_pathway["other_resident"]):
        assert Notification.objects.filter(recipient=resident, kind=Kind.SUPPORT_ENDED).count() == 1
        client.force_login(resident)
        page = client.get("/mina-sidor/notiser/").content.decode()
        assert "Stödet genom Lycksele utvecklingsgrupp har avslutats." in page
