"""Nobody is shown to others by their e-mail address: a name the person chose, or "Invånare 4821"."""

import pytest
from django.core import mail
from django.urls import reverse

from assignments import services as assignment_services
from assignments.models import Assignment
from associations.models import Association, AssociationMembership
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_person_without_a_display_name_is_named_neutrally_and_the_same_each_time():
    person = UserFactory(email="anna.lindqvist@exempel.se")
    name = person.display_name
    assert name.startswith("Invånare ")
    assert "anna" not in name.lower() and "exempel" not in name
    assert UserFactory._meta.model.objects.get(pk=person.pk).display_name == name


def test_a_chosen_display_name_is_shown():
    person = MemberProfileFactory(display_name="Anna L.").user
    assert person.display_name == "Anna L."


def test_an_association_sees_a_claimant_without_a_display_name_by_a_neutral_name(
    client, django_capture_on_commit_callbacks
):
    association = AssociationFactory()
    coordinator = MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user
    assignment = AssignmentFactory(association=association, status=Assignment.Status.PUBLISHED)
    resident = UserFactory(email="anna.lindqvist@exempel.se")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.claim_create(assignment=assignment, resident=resident, message="Jag kan på lördag.")
    [message] = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "anna.lindqvist" not in message.body
    assert resident.display_name in message.body
    client.force_login(coordinator)
    for url in (
        reverse("assignments:manage", args=[association.slug, assignment.pk]),
        reverse("notifications:inbox"),
    ):
        page = client.get(url).content.decode()
        assert resident.display_name in page
        assert "anna.lindqvist" not in page


def test_fellow_members_see_a_name_not_an_address(client):
    association = AssociationFactory()
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    member = MembershipFactory(association=association, user=UserFactory(email="johan.berg@exempel.se")).user
    client.force_login(admin)
    page = client.get(reverse("associations:manage", args=[association.slug])).content.decode()
    assert member.display_name in page
    assert "johan.berg" not in page


def test_the_municipality_reviewing_an_association_does_not_see_who_registered_it(client):
    registrant = UserFactory(email="eva.registrerar@exempel.se")
    association = AssociationFactory(
        verification=Association.Verification.PENDING, verified_at=None, created_by=registrant
    )
    MembershipFactory(association=association, user=registrant, role=AssociationMembership.Role.ADMIN)
    staff = StaffMembershipFactory(municipality=association.municipality).user
    client.force_login(staff)
    for url in (
        reverse("municipalities:queue", args=[association.municipality.code]),
        reverse("municipalities:decide", args=[association.municipality.code, association.slug]),
    ):
        page = client.get(url).content.decode()
        assert association.name in page
        assert "eva.registrerar" not in page
        assert registrant.display_name not in page


def test_the_privacy_page_says_what_associations_and_the_municipality_see(client):
    page = client.get(reverse("privacy")).content.decode()
    assert "Föreningen ser aldrig din e-postadress." in page
    assert "men inte vem som registrerade föreningen eller vilka som är med i den." in page


def test_signing_up_asks_for_a_name_others_see(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Namn som andra ser" in page
