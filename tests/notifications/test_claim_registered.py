"""A resident signed up by a coordinator after they phoned hears of it, as they chose; a person
without an account is never written to; the other managers hear of the sign-up."""

import pytest

from associations.models import AssociationMembership
from notifications.models import Kind, Notification
from offline.services import claim_register_by_phone
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory
from tests.notifications.conftest import text_of

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role


@pytest.fixture
def village():
    association = AssociationFactory(name="Rusksele byaförening")
    coordinator = MembershipFactory(association=association, role=Role.COORDINATOR).user
    admin = MembershipFactory(association=association, role=Role.ADMIN).user
    assignment = AssignmentFactory(association=association, title="Skotta snö vid bygdegården")
    return {"assignment": assignment, "coordinator": coordinator, "admin": admin}


def test_the_resident_gets_an_e_mail_that_says_who_signed_them_up_and_how_to_undo_it(
    smtp, village, django_capture_on_commit_callbacks
):
    resident = MemberProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        claim_register_by_phone(
            assignment=village["assignment"], by=village["coordinator"], email=resident.email, resident_agreed=True
        )
    text = text_of(smtp.to(resident.email)[0])
    assert "Rusksele byaförening har anmält dig till ”Skotta snö vid bygdegården”" in text
    assert "Du får besked när föreningen har valt." in text
    assert "Har du inte bett om det?" in text and "/mina-sidor/uppdrag/" in text
    # The admin hears of the sign-up, and that it came by phone; the coordinator who made it does not.
    assert "Anmälan är gjord per telefon av en samordnare" in text_of(smtp.to(village["admin"].email)[0])
    assert smtp.to(village["coordinator"].email) == []


def test_a_resident_who_turned_off_e_mail_about_their_sign_ups_gets_it_in_the_inbox_only(
    smtp, village, django_capture_on_commit_callbacks
):
    resident = MemberProfileFactory(email_my_claims=False).user
    with django_capture_on_commit_callbacks(execute=True):
        claim_register_by_phone(
            assignment=village["assignment"], by=village["coordinator"], email=resident.email, resident_agreed=True
        )
    assert Notification.objects.filter(recipient=resident, kind=Kind.CLAIM_REGISTERED).exists()
    assert smtp.to(resident.email) == []


def test_a_person_without_an_account_is_never_written_to(smtp, village, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_register_by_phone(
            assignment=village["assignment"],
            by=village["coordinator"],
            name="Gunnel Berglund",
            phone="+46701234567",
            resident_agreed=True,
        )
    assert not Notification.objects.filter(recipient=claim.resident).exists()
    assert [m["X-Envelope-To"] for m in smtp.messages] == [village["admin"].email]
