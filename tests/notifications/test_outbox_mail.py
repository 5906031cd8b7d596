"""Every e-mail goes through the outbox: association reviews, invitations and account messages
are rows written with what caused them, and a mail server that is down delays them, never the page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from associations import services as association_services
from associations.models import Association, AssociationMembership, Invitation
from notifications import tasks
from notifications.models import Kind, Notification
from tests.factories import (
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
)
from tests.notifications.conftest import free_port, html_of, text_of

pytestmark = pytest.mark.django_db
State = Notification.EmailState


@pytest.fixture
def mail_server_down(settings):
    """The site's SMTP server is a closed local port, as when the mail server is down."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False


@pytest.fixture
def later(smtp, settings, _smtp_server):
    """Run this when the mail server is back: the periodic sweep sends what waited."""

    def back_and_sweep() -> None:
        settings.EMAIL_PORT = _smtp_server[1]
        Notification.objects.filter(email_state=State.PENDING).update(created_at=timezone.now() - timedelta(minutes=3))
        tasks.sweep()

    return back_and_sweep


@pytest.fixture
def pending_association():
    association = AssociationFactory(
        name="Blidö byabutik", verification=Association.Verification.PENDING, verified_at=None
    )
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    MemberProfileFactory(user=admin, display_name="Eva B.")
    return association, admin


def test_verifying_with_the_mail_server_down_shows_the_queue_and_the_e_mail_arrives_with_the_sweep(
    client, smtp, later, pending_association, django_capture_on_commit_callbacks, mail_server_down
):
    association, admin = pending_association
    staff = StaffMembershipFactory(municipality=association.municipality).user
    client.force_login(staff)
    url = reverse("municipalities:decide", args=[association.municipality.code, association.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "verify"}, follow=True)
    assert "Blidö byabutik är godkänd." in response.content.decode()
    association.refresh_from_db()
    assert association.is_verified
    assert smtp.messages == []
    row = Notification.objects.get(kind=Kind.ASSOCIATION_VERIFIED)
    assert (row.recipient, row.email_state) == (admin, State.PENDING)

    later()

    [message] = smtp.to(admin.email)
    assert "Blidö byabutik är godkänd" in message["Subject"]
    assert "Nu kan ni publicera uppdrag." in text_of(message)
    assert "List-Unsubscribe" not in message
    row.refresh_from_db()
    assert row.email_state == State.SENT


def test_a_rejection_reaches_every_admin_by_e_mail_and_in_the_inbox(
    client, smtp, pending_association, django_capture_on_commit_callbacks
):
    association, admin = pending_association
    second = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    staff = StaffMembershipFactory(municipality=association.municipality).user
    with django_capture_on_commit_callbacks(execute=True):
        association_services.association_reject(association=association, by=staff, reason="Fel organisationsnummer.")
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted([admin.email, second.email])
    assert "Fel organisationsnummer." in text_of(smtp.to(admin.email)[0])
    client.force_login(admin)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Blidö byabutik är inte godkänd än. Se kommunens motivering." in page
    opened = client.get(reverse("notifications:open", args=[Notification.objects.get(recipient=admin).pk]))
    assert opened["Location"] == reverse("associations:manage", args=[association.slug])


def test_an_invitation_made_while_the_mail_server_is_down_is_sent_by_the_sweep(
    client, smtp, later, django_capture_on_commit_callbacks, mail_server_down
):
    association = AssociationFactory(name="Rusksele byaförening")
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    MemberProfileFactory(user=admin, display_name="Sara K.")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("associations:invite", args=[association.slug]),
            {"email": "kim@exempel.se", "role": "member"},
            follow=True,
        )
    assert "Inbjudan är skickad till kim@exempel.se." in response.content.decode()
    invitation = Invitation.objects.get(email="kim@exempel.se")
    assert smtp.messages == []

    later()

    [message] = smtp.to("kim@exempel.se")
    assert "Sara K. har bjudit in dig till Rusksele byaförening" in text_of(message)
    # The link is signed with the moment it was made: read it from the e-mail, never build it again.
    link = re.search(r"https?://\S+/inbjudan/([^/\s]+)/", text_of(message))
    assert association_services.invitation_from_token(link.group(1)) == invitation
    assert f'href="{link.group(0)}"' in html_of(message)
    # Sent to an address, not an account: it never shows in anyone's inbox.
    assert not Notification.objects.filter(recipient__isnull=False, kind=Kind.INVITATION).exists()


def test_an_invitation_withdrawn_before_its_e_mail_went_out_is_not_sent(
    smtp, later, django_capture_on_commit_callbacks, mail_server_down
):
    association = AssociationFactory()
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = association_services.invitation_create(
            by=admin, association=association, email="kim@exempel.se", role="member"
        )
    association_services.invitation_revoke(invitation=invitation, by=admin)

    later()

    assert smtp.messages == []
    assert Notification.objects.get(invitation=invitation).email_state == State.SKIPPED


def test_a_password_reset_asked_for_while_the_mail_server_is_down_arrives_later_and_its_link_is_not_kept(
    client, smtp, later, mail_server_down
):
    UserFactory(email="ove@exempel.se")
    response = client.post(reverse("account_reset_password"), {"email": "ove@exempel.se"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_reset_password_done")
    row = Notification.objects.get(kind=Kind.ACCOUNT)
    assert (row.address, row.email_state) == ("ove@exempel.se", State.PENDING)
    assert "/konto/password/reset/key/" in row.message["text"]

    later()

    [message] = smtp.to("ove@exempel.se")
    assert message["Subject"].startswith("Uppdragsbanken: ")
    assert "/konto/password/reset/key/" in text_of(message)
    row.refresh_from_db()
    assert (row.email_state, row.message) == (State.SENT, None)


def test_signing_up_sends_the_confirmation_through_the_outbox_and_keeps_the_chosen_name(
    client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "ny@exempel.se",
                "password1": "ett-langt-losenord-42",
                "password2": "ett-langt-losenord-42",
                "display_name": "Nora",
            },
        )
    assert response.status_code == 302
    [message] = smtp.to("ny@exempel.se")
    assert "/konto/confirm-email/" in text_of(message)
    assert Notification.objects.get(kind=Kind.ACCOUNT).email_state == State.SENT
    from members.models import User

    assert User.objects.get(email="ny@exempel.se").display_name == "Nora"
