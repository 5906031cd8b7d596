"""The pathway's transitions: who may do what, what each records, and what it refuses."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignments.models import Claim
from assignments.services import claim_confirm
from associations.models import AssociationMembership
from associations.services import membership_change_role, membership_remove
from pathways import services
from pathways.access import current_supporter_links, ensure_access
from pathways.models import AccessLogEntry, ConsentEvent, Intake, Milestone, Share, SupporterNote, SupportLink
from pathways.services import ActionRefused
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory
from tests.pathway_world import make_supporter

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role
Kind = Milestone.Kind


def _confirmed_claim(resident, *, days_ago: int, association=None):
    """A claim of `resident` on an assignment that began `days_ago` days ago, confirmed by its association."""
    extra = {"association": association} if association else {}
    assignment = AssignmentFactory(starts_at=timezone.now() - timedelta(days=days_ago, hours=3), **extra)
    coordinator = AssociationMembership.objects.create(
        user=MemberProfileFactory().user, association=assignment.association, role=Role.COORDINATOR
    ).user
    claim = ClaimFactory(assignment=assignment, resident=resident, status=Claim.Status.ACCEPTED)
    return claim_confirm(claim=claim, by=coordinator, hours=Decimal("2"))


# Automatic milestones ------------------------------------------------------------------------


def test_the_first_and_third_confirmed_assignment_become_milestones_once(pathway_world):
    resident = pathway_world["resident"]
    first = _confirmed_claim(resident, days_ago=10)
    assert list(Milestone.objects.filter(resident=resident).values_list("kind", "claim_id", "automatic")) == [
        (Kind.FIRST_ASSIGNMENT, first.pk, True)
    ]
    assert Milestone.objects.get(kind=Kind.FIRST_ASSIGNMENT).happened_on == timezone.localdate(first.decided_at)
    _confirmed_claim(resident, days_ago=5)
    assert not Milestone.objects.filter(resident=resident, kind=Kind.THREE_ASSIGNMENTS).exists()
    third = _confirmed_claim(resident, days_ago=2)
    fourth = _confirmed_claim(resident, days_ago=1)
    assert Milestone.objects.get(resident=resident, kind=Kind.THREE_ASSIGNMENTS).claim_id == third.pk
    assert Milestone.objects.filter(resident=resident).count() == 2
    # Running it again (a retried task, a repeated confirm) records nothing new.
    assert services.record_automatic_milestones(resident.pk) == []
    assert fourth.pk not in Milestone.objects.values_list("claim_id", flat=True)


def test_claims_not_confirmed_make_no_milestone(pathway_world):
    resident = pathway_world["resident"]
    ClaimFactory(resident=resident, status=Claim.Status.DONE, hours_reported=Decimal("3"))
    ClaimFactory(resident=resident, status=Claim.Status.ACCEPTED)
    assert services.record_automatic_milestones(resident.pk) == []
    assert not Milestone.objects.filter(resident=resident).exists()


def test_automatic_milestones_cannot_be_recorded_or_removed_by_hand(pathway_world):
    resident = pathway_world["resident"]
    _confirmed_claim(resident, days_ago=3)
    with pytest.raises(ValidationError):
        services.milestone_record(
            resident=resident, by=resident, kind=Kind.FIRST_ASSIGNMENT, happened_on=timezone.localdate()
        )
    milestone = Milestone.objects.get(resident=resident)
    with pytest.raises(ActionRefused):
        services.milestone_delete(milestone=milestone, by=resident)
    assert Milestone.objects.filter(pk=milestone.pk).exists()


# Links and consent ---------------------------------------------------------------------------


def test_a_request_records_consent_and_gives_no_access_until_the_supporter_says_yes(pathway_world):
    group = pathway_world["association"]
    resident = MemberProfileFactory().user
    supporter = pathway_world["supporter"]
    link = services.link_request(
        resident=resident, supporter=supporter, association=group, shares=[Share.INTAKE], message="  Hej  "
    )
    assert (link.status, link.message, link.shared_labels()) == (
        SupportLink.Status.REQUESTED,
        "Hej",
        ["min kartläggning"],
    )
    assert link.consent_given_at is not None
    assert list(link.consent_events.values_list("event", "shared")) == [(ConsentEvent.Event.GIVEN, ["intake"])]
    with pytest.raises(PermissionDenied, match="inte börjat"):
        ensure_access(link)
    with pytest.raises(PermissionDenied):
        services.link_accept(link=link, by=resident)  # the one who asked cannot answer
    services.link_accept(link=link, by=supporter)
    ensure_access(link, Share.INTAKE)
    with pytest.raises(PermissionDenied, match="delar inte"):
        ensure_access(link, Share.CLAIMS)


def test_an_invitation_shares_nothing_until_the_resident_accepts_with_their_choice(pathway_world):
    group = pathway_world["association"]
    resident = MemberProfileFactory().user
    supporter = pathway_world["supporter"]
    link = services.link_invite(supporter=supporter, association=group, email=resident.email.upper())
    assert link.status == SupportLink.Status.INVITED and link.consent_given_at is None
    assert link.shared_labels() == []
    with pytest.raises(PermissionDenied):
        services.link_accept(link=link, by=supporter, shares=Share.values)
    services.link_accept(link=link, by=resident, shares=[Share.MILESTONES, Share.PROFILE])
    link.refresh_from_db()
    assert (link.status, link.shares_profile, link.shares_milestones, link.shares_intake) == (
        "active",
        True,
        True,
        False,
    )
    assert link.consent_events.get().shared == ["profile", "milestones"]


def test_an_invitation_to_an_unknown_address_says_nothing_and_makes_nothing(pathway_world):
    group = pathway_world["association"]
    before = SupportLink.objects.count()
    assert (
        services.link_invite(supporter=pathway_world["supporter"], association=group, email="ingen@exempel.se") is None
    )
    assert SupportLink.objects.count() == before


def test_one_live_link_per_pair_and_never_oneself(pathway_world):
    group = pathway_world["association"]
    with pytest.raises(ActionRefused, match="redan"):
        services.link_request(
            resident=pathway_world["resident"], supporter=pathway_world["supporter"], association=group, shares=[]
        )
    supporter = pathway_world["supporter"]
    with pytest.raises(ActionRefused, match="egen handledare"):
        services.link_request(resident=supporter, supporter=supporter, association=group, shares=[])


def test_only_supporters_can_be_asked(pathway_world):
    with pytest.raises(ActionRefused, match="inte handledare"):
        services.link_request(
            resident=pathway_world["other_resident"],
            supporter=pathway_world["same_association_coordinator"],
            association=pathway_world["association"],
            shares=Share.values,
        )
    assert not SupportLink.objects.filter(resident=pathway_world["other_resident"]).exists()


def test_a_resident_may_have_five_requests_waiting(pathway_world):
    group = pathway_world["association"]
    resident = pathway_world["other_resident"]
    for number in range(services.MAX_WAITING_REQUESTS):
        services.link_request(
            resident=resident, supporter=make_supporter(group, name=f"H{number}"), association=group, shares=[]
        )
    with pytest.raises(ActionRefused, match="väntar på svar"):
        services.link_request(resident=resident, supporter=make_supporter(group), association=group, shares=[])


def test_ending_withdraws_consent_and_access_ends_at_once(pathway_world):
    link = pathway_world["link"]
    ensure_access(link, Share.INTAKE)
    services.link_end(link=link, by=pathway_world["resident"])
    link.refresh_from_db()
    assert (link.status, link.ended_by) == (SupportLink.Status.ENDED, pathway_world["resident"])
    assert link.consent_events.last().event == ConsentEvent.Event.WITHDRAWN
    with pytest.raises(PermissionDenied, match="avslutat"):
        ensure_access(link)
    with pytest.raises(ActionRefused):
        services.link_end(link=link, by=pathway_world["supporter"])
    with pytest.raises(PermissionDenied):
        services.note_create(link=link, by=pathway_world["supporter"], text="Efter slutet")
    assert not SupporterNote.objects.exists()


def test_someone_else_cannot_end_a_link(pathway_world):
    with pytest.raises(PermissionDenied):
        services.link_end(link=pathway_world["link"], by=pathway_world["same_association_coordinator"])
    assert SupportLink.objects.get(pk=pathway_world["link"].pk).status == SupportLink.Status.ACTIVE


@pytest.mark.parametrize("how", ["unmarked", "demoted", "removed"])
def test_a_supporter_who_loses_the_role_loses_access_and_the_resident_is_told(pathway_world, how):
    group, supporter, admin = (
        pathway_world["association"],
        pathway_world["supporter"],
        pathway_world["association_admin"],
    )
    membership = AssociationMembership.objects.get(user=supporter, association=group)
    if how == "unmarked":
        services.supporter_set(membership=membership, by=admin, is_supporter=False)
    elif how == "demoted":
        membership_change_role(membership=membership, by=admin, role=Role.MEMBER)
    else:
        membership_remove(membership=membership, by=admin)
    link = SupportLink.objects.get(pk=pathway_world["link"].pk)
    assert link.status == SupportLink.Status.ENDED
    assert not current_supporter_links(pathway_world["resident"]).exists()
    assert pathway_world["resident"].notifications.filter(kind="support_ended").count() == 1


def test_an_ordinary_member_cannot_be_made_supporter(pathway_world):
    group = pathway_world["association"]
    member = AssociationMembership.objects.create(user=MemberProfileFactory().user, association=group, role=Role.MEMBER)
    with pytest.raises(ActionRefused, match="administratörer och samordnare"):
        services.supporter_set(membership=member, by=pathway_world["association_admin"], is_supporter=True)
    with pytest.raises(PermissionDenied):
        services.supporter_set(
            membership=AssociationMembership.objects.get(user=pathway_world["same_association_coordinator"]),
            by=pathway_world["supporter"],
            is_supporter=True,
        )
    member.refresh_from_db()
    assert member.is_supporter is False


def test_changing_what_is_shared_is_recorded_and_applies_on_the_next_check(pathway_world):
    link = pathway_world["link"]
    services.link_shares_update(link=link, by=pathway_world["resident"], shares=[Share.PROFILE])
    assert link.consent_events.last().shared == ["profile"]
    with pytest.raises(PermissionDenied, match="delar inte"):
        ensure_access(link, Share.INTAKE)
    with pytest.raises(PermissionDenied):
        services.link_shares_update(link=link, by=pathway_world["supporter"], shares=Share.values)


# Intake, milestones, notes -----------------------------------------------------------------


def test_the_supporter_fills_in_the_intake_logged_and_marking_it_done_is_a_milestone(pathway_world):
    resident, supporter, link = pathway_world["resident"], pathway_world["supporter"], pathway_world["link"]
    services.intake_save(
        resident=resident, by=supporter, link=link, experience="  Snickrat hemma  ", hours_per_week=10, mark_done=True
    )
    intake = Intake.objects.get(resident=resident)
    assert (intake.experience, intake.hours_per_week, intake.updated_by) == ("Snickrat hemma", 10, supporter)
    milestone = Milestone.objects.get(resident=resident, kind=Kind.INTAKE)
    assert (milestone.recorded_by, milestone.happened_on) == (supporter, timezone.localdate())
    entry = AccessLogEntry.objects.get(resident=resident)
    assert (entry.actor_name, entry.association_name, entry.action, entry.subject) == (
        "Stina Handledare",
        "Lycksele utvecklingsgrupp",
        "write",
        "intake",
    )
    # The resident corrects it themselves: not logged, and done stays done with its date.
    services.intake_save(resident=resident, by=resident, experience="Snickrat och målat")
    assert AccessLogEntry.objects.filter(resident=resident).count() == 1
    assert Milestone.objects.filter(resident=resident, kind=Kind.INTAKE).count() == 1


def test_an_intake_refused_keeps_what_was_saved(pathway_world):
    resident = pathway_world["resident"]
    services.intake_save(resident=resident, by=resident, experience="Det som var sparat")
    with pytest.raises(ValidationError):
        services.intake_save(resident=resident, by=resident, experience="x" * 2001)
    with pytest.raises(ValidationError):
        services.intake_save(resident=resident, by=resident, experience="Nytt", hours_per_week=61)
    assert Intake.objects.get(resident=resident).experience == "Det som var sparat"


def test_nobody_else_writes_a_residents_intake(pathway_world):
    resident = pathway_world["resident"]
    for actor, link in (
        ("other_resident", None),
        ("same_association_coordinator", pathway_world["link"]),
        ("former_supporter", pathway_world["former_link"]),
    ):
        with pytest.raises(PermissionDenied):
            services.intake_save(resident=resident, by=pathway_world[actor], link=link, experience="Intrång")
    assert not Intake.objects.filter(resident=resident).exists()


def test_a_milestone_date_is_not_in_the_future(pathway_world):
    resident = pathway_world["resident"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="inte varit än"):
        services.milestone_record(resident=resident, by=resident, kind=Kind.TRAINING, happened_on=tomorrow)
    with pytest.raises(ValidationError, match="1950"):
        services.milestone_record(resident=resident, by=resident, kind=Kind.TRAINING, happened_on=date(202, 1, 1))
    assert not Milestone.objects.filter(resident=resident).exists()


def test_a_supporter_removes_only_the_steps_they_recorded(pathway_world):
    resident, supporter, link = pathway_world["resident"], pathway_world["supporter"], pathway_world["link"]
    own = services.milestone_record(resident=resident, by=resident, kind=Kind.STUDIES, happened_on=date(2026, 8, 20))
    theirs = services.milestone_record(
        resident=resident, by=supporter, link=link, kind=Kind.TRAINING, happened_on=date(2026, 9, 1), note="Truckkort"
    )
    with pytest.raises(PermissionDenied):
        services.milestone_delete(milestone=own, by=supporter, link=link)
    services.milestone_delete(milestone=theirs, by=supporter, link=link)
    assert list(Milestone.objects.filter(resident=resident).values_list("kind", flat=True)) == [Kind.STUDIES]


def test_notes_are_written_by_a_current_supporter_and_changed_only_by_their_author(pathway_world):
    link = pathway_world["link"]
    note = services.note_create(link=link, by=pathway_world["supporter"], text="Bra första möte.")
    with pytest.raises(ValidationError):
        services.note_create(link=link, by=pathway_world["supporter"], text="   ")
    other = make_supporter(pathway_world["association"], name="Annan")
    other_link = services.link_request(
        resident=pathway_world["resident"], supporter=other, association=pathway_world["association"], shares=[]
    )
    services.link_accept(link=other_link, by=other)
    with pytest.raises(PermissionDenied):
        services.note_update(note=note, link=other_link, by=other, text="Ändrad av någon annan")
    note.refresh_from_db()
    assert note.text == "Bra första möte."


# Recommendations ---------------------------------------------------------------------------


def test_a_recommendation_tells_the_resident_once_and_refuses_what_cannot_be_taken(pathway_world):
    link, supporter, resident = pathway_world["link"], pathway_world["supporter"], pathway_world["resident"]
    assignment = AssignmentFactory()
    services.recommend(link=link, by=supporter, assignment=assignment, message="Passar dig!")
    assert resident.notifications.filter(kind="recommendation", assignment=assignment).count() == 1
    with pytest.raises(ActionRefused, match="redan fått tips"):
        services.recommend(link=link, by=supporter, assignment=assignment)
    draft = AssignmentFactory(status="draft", published_at=None)
    with pytest.raises(ActionRefused, match="går inte att anmäla"):
        services.recommend(link=link, by=supporter, assignment=draft)
    claimed = AssignmentFactory()
    ClaimFactory(assignment=claimed, resident=resident)
    with pytest.raises(ActionRefused, match="redan anmält"):
        services.recommend(link=link, by=supporter, assignment=claimed)
    assert resident.recommendations.count() == 1


def test_claims_confirmed_before_milestones_existed_get_theirs_from_the_migration(pathway_world):
    import importlib

    from django.apps import apps

    resident = pathway_world["resident"]
    claims = [_confirmed_claim(resident, days_ago=days) for days in (30, 20, 10)]
    Milestone.objects.all().delete()
    migration = importlib.import_module("pathways.migrations.0002_milestones_from_confirmed_claims")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # safe to run twice
    assert list(Milestone.objects.filter(resident=resident).values_list("kind", "claim_id", "happened_on")) == [
        (Kind.FIRST_ASSIGNMENT, claims[0].pk, timezone.localdate(claims[0].decided_at)),
        (Kind.THREE_ASSIGNMENTS, claims[2].pk, timezone.localdate(claims[2].decided_at)),
    ]


def test_an_intake_saved_in_between_is_not_overwritten(pathway_world):
    resident = pathway_world["resident"]
    opened = services.intake_save(resident=resident, by=resident, experience="Först").updated_at
    services.intake_save(
        resident=resident, by=pathway_world["supporter"], link=pathway_world["link"], goals="Mitt emellan"
    )
    with pytest.raises(ValidationError, match="ändrats av någon annan"):
        services.intake_save(resident=resident, by=resident, experience="Sist", expected_version=opened)
    intake = Intake.objects.get(resident=resident)
    assert (intake.experience, intake.goals) == ("Först", "Mitt emellan")
