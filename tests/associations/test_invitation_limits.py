"""Invitations are e-mail in the site's name to any address, so they are limited, counted in the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from associations import services
from associations.models import Association, AssociationMembership, Invitation
from notifications.models import Kind, Notification
from tests.factories import AssociationFactory, MembershipFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role


def admin_of(association):
    return MembershipFactory(association=association, role=Role.ADMIN).user


def invite(by, association, email):
    return services.invitation_create(by=by, association=association, email=email, role=Role.MEMBER)


def test_an_association_the_municipality_has_not_approved_can_invite_only_a_few(client):
    association = AssociationFactory(verification=Association.Verification.PENDING, verified_at=None)
    admin = admin_of(association)
    for n in range(services.INVITATIONS_BEFORE_VERIFICATION):
        invite(admin, association, f"gast{n}@exempel.se")
    client.force_login(admin)
    response = client.post(
        reverse("associations:invite", args=[association.slug]), {"email": "en-till@exempel.se", "role": "member"}
    )
    page = response.content.decode()
    assert "Innan kommunen har godkänt föreningen kan ni bjuda in högst 3 personer." in page
    assert 'value="en-till@exempel.se"' in page  # what was typed is kept
    assert not Invitation.objects.filter(email="en-till@exempel.se").exists()
    assert Notification.objects.filter(kind=Kind.INVITATION).count() == services.INVITATIONS_BEFORE_VERIFICATION


def test_once_approved_the_association_can_invite_more(settings):
    association = AssociationFactory(verification=Association.Verification.PENDING, verified_at=None)
    admin = admin_of(association)
    for n in range(services.INVITATIONS_BEFORE_VERIFICATION):
        invite(admin, association, f"gast{n}@exempel.se")
    Association.objects.filter(pk=association.pk).update(
        verification=Association.Verification.VERIFIED, verified_at=timezone.now()
    )
    association.refresh_from_db()
    invitation = invite(admin, association, "fler@exempel.se")
    assert invitation.email == "fler@exempel.se"


def test_one_address_gets_at_most_a_few_invitations_a_day_from_anyone():
    first, second = AssociationFactory(), AssociationFactory()
    a, b = admin_of(first), admin_of(second)
    invite(a, first, "mal@exempel.se")
    invite(a, first, "mal@exempel.se")  # sending again replaces the first, and counts
    invite(b, second, "MAL@exempel.se")
    with pytest.raises(ValidationError) as refusal:
        invite(b, second, "mal@exempel.se")
    assert "mal@exempel.se har redan fått 3 inbjudningar det senaste dygnet." in refusal.value.messages[0]
    assert Invitation.objects.filter(email="mal@exempel.se").count() == 3


def test_invitations_older_than_a_day_no_longer_count():
    association = AssociationFactory()
    admin = admin_of(association)
    for _ in range(services.INVITATIONS_PER_ADDRESS):
        invite(admin, association, "mal@exempel.se")
    Invitation.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert invite(admin, association, "mal@exempel.se").email == "mal@exempel.se"


def test_a_verified_association_has_a_daily_limit(settings, monkeypatch):
    monkeypatch.setattr(services, "INVITATIONS_PER_ASSOCIATION", 2)
    association = AssociationFactory()
    admin = admin_of(association)
    invite(admin, association, "a@exempel.se")
    invite(admin, association, "b@exempel.se")
    with pytest.raises(ValidationError) as refusal:
        invite(admin, association, "c@exempel.se")
    assert "Föreningen har skickat 2 inbjudningar det senaste dygnet" in refusal.value.messages[0]
    assert not Invitation.objects.filter(email="c@exempel.se").exists()


def test_one_person_with_several_associations_has_a_daily_limit(monkeypatch):
    monkeypatch.setattr(services, "INVITATIONS_PER_INVITER", 2)
    first, second = AssociationFactory(), AssociationFactory()
    admin = admin_of(first)
    MembershipFactory(association=second, user=admin, role=Role.ADMIN)
    invite(admin, first, "a@exempel.se")
    invite(admin, second, "b@exempel.se")
    with pytest.raises(ValidationError) as refusal:
        invite(admin, second, "c@exempel.se")
    assert "Du har skickat 2 inbjudningar det senaste dygnet" in refusal.value.messages[0]


def test_municipal_staff_invitations_have_a_daily_limit_shown_on_the_staff_page(client, monkeypatch):
    monkeypatch.setattr(services, "INVITATIONS_PER_MUNICIPALITY", 1)
    staff = StaffMembershipFactory(role="admin")
    municipality = staff.municipality
    services.invitation_create(by=staff.user, municipality=municipality, email="a@kommun.se", role="viewer")
    client.force_login(staff.user)
    response = client.post(
        reverse("municipalities:staff", args=[municipality.code]), {"email": "b@kommun.se", "role": "viewer"}
    )
    assert "Kommunen har skickat 1 inbjudningar det senaste dygnet" in response.content.decode()
    assert not Invitation.objects.filter(email="b@kommun.se").exists()


def test_twenty_invitations_to_one_address_in_a_row_send_three_e_mails(client, django_capture_on_commit_callbacks):
    association = AssociationFactory()
    admin = admin_of(association)
    client.force_login(admin)
    for _ in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("associations:invite", args=[association.slug]), {"email": "mal@exempel.se", "role": "member"}
            )
    from django.core import mail

    assert len([m for m in mail.outbox if m.to == ["mal@exempel.se"]]) == services.INVITATIONS_PER_ADDRESS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_invitations_to_one_address_from_many_associations_stay_within_the_limit():
    import threading

    from django.db import connection

    senders = 8
    pairs = []
    for _ in range(senders):
        association = AssociationFactory()
        pairs.append((admin_of(association), association))
    start = threading.Barrier(senders)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(by, association) -> None:
        try:
            start.wait()
            try:
                invite(by, association, "mal@exempel.se")
                result = "sent"
            except ValidationError:
                result = "refused"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (senders - 3) + ["sent"] * 3
    assert Invitation.objects.filter(email="mal@exempel.se").count() == services.INVITATIONS_PER_ADDRESS
