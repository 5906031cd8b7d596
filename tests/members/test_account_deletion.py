"""Deleting an account (members.services.user_delete, /mina-sidor/ta-bort-konto/, the admin).

Done work stays as anonymous rows of a "Tidigare deltagare", so associations' histories and
the municipality's figures stay right; everything that says who the person was goes."""

from datetime import timedelta
from decimal import Decimal
from smtplib import SMTPRecipientsRefused

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.utils import timezone

from assignments.models import Assignment, AssignmentSeries, Claim, Skill, WaitingListEntry
from assignments.services import claim_accept, claim_confirm, claim_create
from associations.models import AssociationMembership, Invitation
from calendars.models import CalendarFeed
from certificates.services import certificate_issue
from conversations.models import Message, MessageReport, Side
from members.admin import UserAdmin
from members.models import MemberProfile, SituationChange, User
from members.services import user_delete
from municipalities import statistics
from municipalities.models import AuditEvent, StaffMembership
from notifications.matching import match
from notifications.models import Kind, Notification, SavedSearch
from notifications.services import create_reminders
from offline.models import OfflineResident
from pathways import services as pathway
from pathways.access import log_access
from pathways.models import Milestone, Share, SupportLink
from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)
from tests.pathway_world import make_supporter
from tests.user_references import fields_referencing_user

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role

NAME = "Ronja Raderasdotter"
EMAIL = "ronja.raderas@exempel.se"
PHONE = "070-555 12 34"
SECRETS = (NAME, "Raderasdotter", EMAIL, PHONE)
ABOUT_ME = f"Jag heter {NAME}, nås på {EMAIL} eller {PHONE}."


def past(days: int = 10):
    return timezone.now() - timedelta(days=days)


def future(days: int = 10):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def world():
    """A resident with done, confirmed, begun, coming and waiting claims at one association."""
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele")
    manager = MembershipFactory(association=association, role=Role.ADMIN).user
    person = MemberProfileFactory(user=UserFactory(email=EMAIL), display_name=NAME).user

    def claim(status, starts_at, **fields):
        assignment = AssignmentFactory(association=association, starts_at=starts_at, slots=2, places_taken=1)
        return Claim.objects.create(
            assignment=assignment,
            resident=person,
            status=status,
            message=ABOUT_ME,
            decision_message=f"Välkommen {NAME}!",
            decided_by=manager,
            decided_at=starts_at - timedelta(days=1),
            **fields,
        )

    confirmed = claim("confirmed", past(20), hours_reported=Decimal("3"), hours_confirmed=Decimal("3"))
    confirmed.reference_text = f"{NAME} var toppen, ring {PHONE}."
    confirmed.save()
    done = claim("done", past(5), hours_reported=Decimal("2"))
    begun = claim("accepted", past(1))
    coming_assignment = AssignmentFactory(association=association, starts_at=future(), slots=1)
    coming = claim_accept(claim=claim_create(assignment=coming_assignment, resident=person), by=manager)
    waiting = claim_create(assignment=AssignmentFactory(association=association, starts_at=future()), resident=person)
    withdrawn = Claim.objects.create(
        assignment=AssignmentFactory(association=association), resident=person, status="withdrawn"
    )
    return {
        "association": association,
        "manager": manager,
        "person": person,
        "confirmed": confirmed,
        "done": done,
        "begun": begun,
        "coming": coming,
        "waiting": waiting,
        "withdrawn": withdrawn,
    }


def delete_on_the_page(client, person, password=PASSWORD):
    client.force_login(person)
    return client.post("/mina-sidor/ta-bort-konto/", {"password": password})


# What stays, anonymously ------------------------------------------------------------------


def test_every_claim_stays_with_an_anonymous_account_and_no_free_text(world):
    Claim.objects.filter(pk=world["withdrawn"].pk).update(message=ABOUT_ME, decision_message=NAME)
    user_delete(user=world["person"], by=world["person"])
    names = ("confirmed", "done", "begun", "coming", "waiting", "withdrawn")
    kept = Claim.objects.filter(pk__in=[world[k].pk for k in names])
    assert dict(kept.values_list("pk", "status")) == {
        world["confirmed"].pk: "confirmed",
        world["done"].pk: "done",
        world["begun"].pk: "accepted",
        world["coming"].pk: "withdrawn",
        world["waiting"].pk: "withdrawn",
        world["withdrawn"].pk: "withdrawn",
    }
    [placeholder] = {claim.resident for claim in kept}
    assert placeholder.erased_at is not None and not placeholder.is_active
    assert not placeholder.has_usable_password()
    assert placeholder.email.startswith("raderad-") and placeholder.email.endswith("@invalid")
    assert placeholder.date_joined == world["person"].date_joined
    assert placeholder.get_full_name() == "Tidigare deltagare"
    assert set(kept.values_list("message", "decision_message", "reference_text")) == {("", "", "")}
    assert kept.get(pk=world["confirmed"].pk).hours_confirmed == Decimal("3")
    assert not User.objects.filter(email=EMAIL).exists()


def test_the_anonymous_account_has_a_profile_with_the_home_locality_alone(world):
    profile = world["person"].profile
    profile.travel_radius_km, profile.languages, profile.driving_licence = 40, "svenska, finska", True
    profile.save()
    profile.skills.add(Skill.objects.first())
    home = profile.home_locality
    placeholder = user_delete(user=world["person"], by=world["person"])
    kept = MemberProfile.objects.get(user=placeholder)
    assert kept.home_locality == home
    assert (kept.display_name, kept.travel_radius_km, kept.languages, kept.driving_licence) == ("", None, "", False)
    assert (kept.situation, kept.situation_consent_at) == ("", None)
    assert not kept.skills.exists() and not kept.interests.exists()
    assert kept.notification_preference == "off"
    assert not (kept.email_my_claims or kept.email_claims or kept.email_reminders)
    assert not SituationChange.objects.filter(user=placeholder).exists()


def test_milestones_move_to_the_anonymous_account_without_comment_or_recorder(world):
    supporter = make_supporter(world["association"], name="Stina Stöd")
    link = pathway.link_accept(
        link=pathway.link_request(
            resident=world["person"], supporter=supporter, association=world["association"], shares=Share.values
        ),
        by=supporter,
    )
    employment = pathway.milestone_record(
        resident=world["person"], by=supporter, link=link, kind=Milestone.Kind.EMPLOYMENT,
        happened_on=past(3).date(), note=f"{NAME} fick jobb på sågen",
    )  # fmt: skip
    placeholder = user_delete(user=world["person"], by=world["person"])
    employment.refresh_from_db()
    assert (employment.resident, employment.kind, employment.happened_on) == (placeholder, "employment", past(3).date())
    assert (employment.note, employment.recorded_by) == ("", None)


def test_someone_with_no_claims_and_no_home_locality_leaves_nothing():
    person = UserFactory()
    assert user_delete(user=person, by=person) is None
    assert not User.objects.filter(erased_at__isnull=False).exists()


def test_each_deleted_person_gets_an_anonymous_account_of_their_own(world):
    other = MemberProfileFactory().user
    Claim.objects.create(
        assignment=world["confirmed"].assignment, resident=other, status="confirmed", hours_confirmed=1
    )
    first = user_delete(user=world["person"], by=world["person"])
    second = user_delete(user=other, by=other)
    assert first.pk != second.pk
    assert User.objects.filter(erased_at__isnull=False).count() == 2


def test_someone_who_only_registered_leaves_nothing_behind():
    person = MemberProfileFactory().user
    accounts_before = User.objects.count()
    assert user_delete(user=person, by=person) is None
    # A join date and a village alone could point to a person: no anonymous account is made.
    assert User.objects.count() == accounts_before - 1
    assert not User.objects.filter(erased_at__isnull=False).exists()


def test_the_municipal_figures_are_the_same_before_and_after(world):
    lycksele = municipality("2481")
    Claim.objects.filter(pk=world["done"].pk).update(status="confirmed", hours_confirmed=2, decided_at=past(4))
    periods = [statistics.Period(timezone.localdate() - timedelta(days=60), timezone.localdate() + timedelta(days=1))]
    before = (statistics._claim_figures(lycksele, periods), statistics.hours_confirmed(lycksele, periods))
    assert before[1] == [Decimal("5")]
    user_delete(user=world["person"], by=world["person"])
    assert (statistics._claim_figures(lycksele, periods), statistics.hours_confirmed(lycksele, periods)) == before


def test_the_association_sees_a_former_participant_in_its_history(client, world):
    user_delete(user=world["person"], by=world["person"])
    assignment = world["confirmed"].assignment
    client.force_login(world["manager"])
    page = client.get(f"/foreningar/rusksele/uppdrag/{assignment.pk}/").content.decode()
    assert "Tidigare deltagare" in page
    assert NAME not in page and "Invånare" not in page


# What is freed, withdrawn and ended ---------------------------------------------------------


def test_a_place_in_a_coming_assignment_is_freed_and_the_association_told(world):
    assignment = world["coming"].assignment
    assert (assignment.status, assignment.places_taken) == ("filled", 1)
    user_delete(user=world["person"], by=world["person"])
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == ("published", 0)
    freed = Claim.objects.get(pk=world["coming"].pk)
    assert freed.status == "withdrawn" and freed.resident.erased_at is not None
    told = Notification.objects.get(recipient=world["manager"], assignment=assignment, kind=Kind.CLAIM_WITHDRAWN)
    assert told.claim is None


def test_a_waiting_sign_up_is_withdrawn_and_it_and_old_ones_stay_anonymously(world):
    placeholder = user_delete(user=world["person"], by=world["person"])
    left = Claim.objects.filter(pk__in=[world["waiting"].pk, world["withdrawn"].pk])
    assert set(left.values_list("status", "resident")) == {("withdrawn", placeholder.pk)}
    assert Notification.objects.filter(
        recipient=world["manager"], assignment=world["waiting"].assignment, kind=Kind.CLAIM_WITHDRAWN
    ).exists()


def test_a_certificate_says_revoked_after_the_account_is_gone(client, world):
    certificate = certificate_issue(resident=world["person"], claims=[world["confirmed"]])
    user_delete(user=world["person"], by=world["person"])
    page = client.get(f"/intyg/{certificate.code}/").content.decode()
    assert "återkall" in page.lower()
    assert NAME not in page


def test_support_links_end_and_the_supporter_is_told(world):
    supporter = make_supporter(world["association"], name="Stina Stöd")
    link = pathway.link_request(
        resident=world["person"], supporter=supporter, association=world["association"], shares=Share.values
    )
    pathway.link_accept(link=link, by=supporter)
    user_delete(user=world["person"], by=world["person"])
    assert not SupportLink.objects.filter(pk=link.pk).exists()
    assert Notification.objects.filter(recipient=supporter, kind=Kind.SUPPORT_ENDED).count() == 1


def test_a_deleted_supporter_is_a_former_supporter_in_the_residents_link_and_log(client):
    association = AssociationFactory()
    MembershipFactory(association=association, role=Role.ADMIN)
    supporter = make_supporter(association, name=NAME)
    resident = MemberProfileFactory().user
    link = pathway.link_accept(
        link=pathway.link_request(resident=resident, supporter=supporter, association=association, shares=Share.values),
        by=supporter,
    )
    log_access(link=link, action="read", subject="overview")
    user_delete(user=supporter, by=supporter)
    link.refresh_from_db()
    assert (link.supporter_name, link.supporter_display_name) == ("", "En tidigare handledare")
    assert set(resident.access_log.values_list("actor_name", flat=True)) == {""}


def test_logging_in_with_the_old_password_fails(client, world):
    delete_on_the_page(client, world["person"])
    client.logout()
    response = client.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


# Refusals -----------------------------------------------------------------------------------


def test_the_last_admin_is_refused_with_the_reason_and_nothing_is_deleted(client, world):
    association = AssociationFactory(name="Knaftens IF", slug="knaftens-if")
    MembershipFactory(association=association, user=world["person"], role=Role.ADMIN)
    client.force_login(world["person"])
    page = client.get("/mina-sidor/ta-bort-konto/").content.decode()
    assert "Du är den enda administratören för Knaftens IF." in page
    assert 'href="/foreningar/knaftens-if/hantera/"' in page
    assert 'name="password"' not in page
    client.post("/mina-sidor/ta-bort-konto/", {"password": PASSWORD})
    assert User.objects.filter(pk=world["person"].pk).exists()
    assert Claim.objects.get(pk=world["coming"].pk).status == "accepted"


def test_a_wrong_password_is_refused_and_nothing_is_deleted(client, world):
    response = delete_on_the_page(client, world["person"], password="fel-losenord")
    assert "Lösenordet stämmer inte. Inget har tagits bort." in response.content.decode()
    assert User.objects.filter(pk=world["person"].pk).exists()
    assert Claim.objects.filter(resident=world["person"]).count() == 6


# The pages ----------------------------------------------------------------------------------


def test_the_page_says_what_goes_and_what_stays_before(client, world):
    client.force_login(world["person"])
    page = client.get("/mina-sidor/ta-bort-konto/").content.decode()
    assert "Det här finns kvar, utan ditt namn" in page
    assert "Hos dig gäller det 6 anmälningar." in page
    assert "3 av dem gäller uppdrag som du har gjort eller som har börjat, med sammanlagt 5 timmar." in page
    assert "Du har en plats i ett uppdrag som inte har börjat." in page
    assert "Tidigare deltagare" in page
    # What stays with others, and what cannot be undone.
    assert "finns din hemort och dina steg kvar" in page
    assert "Anteckningar som du har skrivit som handledare finns kvar hos de invånare" in page
    assert "Det du har skrivit för en förening, som uppdrag och svar på anmälningar, finns kvar" in page
    assert "E-post som redan har skickats, till dig eller till andra, kan vi inte ta tillbaka." in page
    assert "Ett uppdrag som bara har ett sista datum räknas som kommande" in page
    assert 'href="/mina-sidor/uppdrag/">rapportera dina timmar</a>' in page
    assert "Anmälningar som du har tagit tillbaka, eller som fick nej." not in page


def test_after_deleting_the_person_is_logged_out_and_told_what_remained(client, world):
    response = delete_on_the_page(client, world["person"])
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/konto-borttaget/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Ditt konto är borttaget" in page and "Hos dig gällde det 6 anmälningar." in page
    assert "Anteckningar som du har skrivit som handledare finns kvar hos de invånare" in page
    assert "Ett uppdrag som bara hade ett sista datum räknades som kommande" in page
    # A second click on the old form does nothing more than ask to log in.
    again = client.post("/mina-sidor/ta-bort-konto/", {"password": PASSWORD})
    assert again.status_code == 302 and "/konto/login/" in again["Location"]


def test_the_page_needs_a_login(client):
    response = client.get("/mina-sidor/ta-bort-konto/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_admin_hides_erased_accounts_unless_asked(client, world):
    user_delete(user=world["person"], by=world["person"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "raderad-" not in client.get("/admin/members/user/").content.decode()
    assert "raderad-" in client.get("/admin/members/user/?raderade=ja").content.decode()


# Figures stay as they were ------------------------------------------------------------------


def test_the_funnel_and_the_first_sign_up_figures_are_the_same_before_and_after(world):
    lycksele = municipality("2481")
    today = timezone.localdate()
    period = statistics.Period(today - timedelta(days=60), today + timedelta(days=1))
    # Five residents of Lycksele with a first assignment: one fewer would be published as "<5".
    for user in [world["person"], *(MemberProfileFactory().user for _ in range(4))]:
        Milestone.objects.create(resident=user, kind=Milestone.Kind.FIRST_ASSIGNMENT, happened_on=today, note=NAME)

    def figures():
        funnel = statistics.pathway_funnel(lycksele, period)
        return (
            [[str(cell) for cell in row] for row in funnel.rows],
            statistics.assignments_claimed(lycksele, [period]),
            statistics.median_days_to_first_claim(lycksele, [period]),
        )

    before = figures()
    assert before[0][0][1:] == ["5", "5"] and before[0][1][1:] == ["5", "5"]
    # The only sign-up of this assignment was withdrawn long ago; it still counts as its first.
    assert before[1] == [6]
    user_delete(user=world["person"], by=world["person"])
    assert figures() == before


# The admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def select_for_deletion(client, users, *, confirm: bool):
    data = {"action": "delete_selected", "_selected_action": [user.pk for user in users]}
    if confirm:
        data["post"] = "yes"
    return client.post("/admin/members/user/", data)


def test_selecting_every_admin_of_an_association_is_refused_on_the_confirmation_page(superuser_client):
    association = AssociationFactory(name="Knaftens IF")
    admins = [MembershipFactory(association=association, role=Role.ADMIN).user for _ in range(2)]
    page = select_for_deletion(superuser_client, admins, confirm=False).content.decode()
    emails = ", ".join(sorted(admin.email for admin in admins))
    assert f"{emails} är alla administratörer för Knaftens IF." in page
    assert 'name="post"' not in page
    response = select_for_deletion(superuser_client, admins, confirm=True)
    assert response.status_code == 200
    assert User.objects.filter(pk__in=[admin.pk for admin in admins]).count() == 2


def test_a_refusal_after_the_confirmation_page_deletes_none_of_the_selection_and_says_why(
    superuser_client, monkeypatch
):
    # The page allowed it (say a third admin left in the meantime): the second delete is refused.
    monkeypatch.setattr(UserAdmin, "delete_refusals_together", lambda self, objs: [])
    association = AssociationFactory(name="Knaftens IF")
    admins = [MembershipFactory(association=association, role=Role.ADMIN).user for _ in range(2)]
    response = select_for_deletion(superuser_client, admins, confirm=True)
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[admin.pk for admin in admins]).count() == 2
    assert not LogEntry.objects.filter(action_flag=DELETION).exists()
    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("är den enda administratören för Knaftens IF" in message for message in told)


def test_the_admins_confirmation_page_says_what_stays_and_what_is_freed(superuser_client, world):
    page = superuser_client.get(f"/admin/members/user/{world['person'].pk}/delete/").content.decode()
    assert "6 anmälningar finns kvar, knutna till ett anonymt konto (”Tidigare deltagare”)" in page
    assert "3 av dem gäller gjort eller påbörjat arbete, med sammanlagt 5 timmar." in page
    assert "En plats i ett kommande uppdrag blir ledig, och föreningen får veta det." in page
    assert "En anmälan som väntar på svar tas tillbaka" in page
    # Not Django's list of rows, which says the claims are deleted.
    assert 'id="deleted-objects"' not in page


def test_the_admins_page_for_several_accounts_adds_their_summaries_up(superuser_client, world):
    other = MemberProfileFactory().user
    Claim.objects.create(assignment=world["confirmed"].assignment, resident=other, status="declined")
    page = select_for_deletion(superuser_client, [world["person"], other], confirm=False).content.decode()
    assert "Vill du ta bort de 2 valda kontona?" in page
    assert "7 anmälningar finns kvar" in page


def test_the_admins_message_after_a_delete_does_not_name_the_address(superuser_client, world):
    response = superuser_client.post(f"/admin/members/user/{world['person'].pk}/delete/", {"post": "yes"})
    [told] = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Borttaget konto" in told and EMAIL not in told


def test_the_admins_profile_list_leaves_out_anonymous_accounts(superuser_client, world):
    placeholder = user_delete(user=world["person"], by=world["person"])
    page = superuser_client.get("/admin/members/memberprofile/").content.decode()
    assert placeholder.email not in page
    assert superuser_client.get(f"/admin/members/memberprofile/{placeholder.profile.pk}/change/").status_code == 302


# The e-mail after the delete ----------------------------------------------------------------


def deleted_email(mailoutbox, address=EMAIL):
    [message] = [message for message in mailoutbox if message.to == [address]]
    return message


def test_the_person_gets_an_email_saying_what_remains_after_deleting_on_the_page(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delete_on_the_page(client, world["person"])
    message = deleted_email(mailoutbox)
    assert message.subject == "Ditt konto på Uppdragsbanken är borttaget"
    body = " ".join(message.body.split())
    assert "Ditt konto på Uppdragsbanken är borttaget." in body
    assert "Hos dig gällde det 6 anmälningar." in body
    assert "3 av dem gällde uppdrag som du hade gjort eller som hade börjat, med sammanlagt 5 timmar." in body
    assert "Din plats i ett uppdrag som inte hade börjat är ledig igen" in body
    assert "Ett uppdrag som bara hade ett sista datum räknades som kommande" in body
    assert "Anteckningar som du har skrivit som handledare finns kvar hos de invånare" in body
    assert "Det du har skrivit för en förening, som uppdrag och svar på anmälningar, finns kvar" in body
    assert "E-post som redan har skickats, till dig eller till andra, kan vi inte ta tillbaka." in body
    assert "Hos dig gällde det 6 anmälningar." in message.alternatives[0][0]
    # Sent directly: no row in the outbox keeps the address.
    assert not Notification.objects.filter(address__iexact=EMAIL).exists()


def test_the_person_gets_the_email_when_an_admin_deletes_the_account(
    superuser_client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(f"/admin/members/user/{world['person'].pk}/delete/", {"post": "yes"})
    assert "Hos dig gällde det 6 anmälningar." in " ".join(deleted_email(mailoutbox).body.split())


def test_the_email_is_in_the_persons_language(mailoutbox, django_capture_on_commit_callbacks):
    person = MemberProfileFactory(user=UserFactory(language="en")).user
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=person, by=person)
    body = deleted_email(mailoutbox, person.email).body
    assert body.startswith("Hello!") and "Best wishes, Uppdragsbanken" in body


def test_the_email_is_sent_only_once_the_delete_has_committed(mailoutbox, django_capture_on_commit_callbacks):
    person = MemberProfileFactory().user
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_delete(user=person, by=person)
    assert mailoutbox == [] and len(callbacks) == 1


def test_a_failing_email_is_logged_without_the_address_and_the_account_stays_deleted(
    world, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(self, fail_silently=False):
        raise SMTPRecipientsRefused({EMAIL: (550, b"no such user")})

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with caplog.at_level("ERROR", logger="members.services"), django_capture_on_commit_callbacks(execute=True):
        user_delete(user=world["person"], by=world["person"])
    assert not User.objects.filter(pk=world["person"].pk).exists()
    assert "could not send the e-mail that an account was deleted: SMTPRecipientsRefused" in caplog.text
    assert EMAIL not in caplog.text


# Sessions -------------------------------------------------------------------------------------


def test_the_persons_other_sessions_log_nobody_in_without_a_scan_of_every_session(world):
    elsewhere = Client()
    elsewhere.force_login(world["person"])
    sessions = Session.objects.count()
    user_delete(user=world["person"], by=world["person"])
    # The session row stays until it expires, but its user id now resolves to nobody.
    assert Session.objects.count() == sessions
    response = elsewhere.get("/mina-sidor/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_a_deleted_accounts_id_is_never_given_to_a_new_account():
    person = UserFactory()
    gone = person.pk
    user_delete(user=person, by=person)
    assert UserFactory().pk > gone


# An association and the anonymous account -----------------------------------------------------


def test_confirming_a_former_participants_work_keeps_no_reference_and_records_no_milestone(world):
    placeholder = user_delete(user=world["person"], by=world["person"])
    begun = Claim.objects.get(pk=world["begun"].pk)
    claim_confirm(claim=begun, by=world["manager"], hours=Decimal("2"), reference_text=f"{NAME} var toppen!")
    begun.refresh_from_db()
    assert (begun.status, begun.hours_confirmed, begun.reference_text) == ("confirmed", Decimal("2"), "")
    assert not Milestone.objects.filter(resident=placeholder).exists()


def test_the_confirm_form_has_no_reference_field_for_a_former_participant(client, world):
    user_delete(user=world["person"], by=world["person"])
    client.force_login(world["manager"])
    page = client.get(f"/foreningar/rusksele/uppdrag/{world['begun'].assignment_id}/").content.decode()
    assert "Bekräfta arbetet för Tidigare deltagare" in page
    assert 'name="reference_text"' not in page
    assert "Ingen referens behövs: personen har tagit bort sitt konto och kan inte visa upp den." in page
    # Nor where the person lived.
    assert "· Lycksele" not in page


def test_the_anonymous_account_is_never_matched_or_reminded(world):
    placeholder = user_delete(user=world["person"], by=world["person"])
    # Even made to want everything, it is not an active account.
    profile = placeholder.profile
    profile.notification_preference = "instant"
    profile.save()
    assignment = AssignmentFactory(association=world["association"], starts_at=future(5))
    profile.interests.add(assignment.category)
    EmailAddress.objects.create(user=placeholder, email=placeholder.email, verified=True, primary=True)
    living = MemberProfileFactory().user
    living.profile.interests.add(assignment.category)
    match(assignment)
    assert set(Notification.objects.filter(kind=Kind.MATCH).values_list("recipient", flat=True)) == {living.pk}
    # The begun claim is accepted and over by tomorrow: no reminder to report hours.
    Assignment.objects.filter(pk=world["begun"].assignment_id).update(ends_at=past(1))
    create_reminders(now=timezone.now() + timedelta(days=1))
    assert not Notification.objects.filter(recipient=placeholder).exists()


# THE test: nothing about the person is left anywhere ------------------------------------------


@pytest.fixture
def everything(world):
    """The person of `world` with a row in every model that references the user, and their name,
    address and phone number written wherever free text goes."""
    person, association = world["person"], world["association"]
    # Their own association, with a second admin so they may leave, where they are a supporter.
    own = AssociationFactory(created_by=person, verified_by=person)
    MembershipFactory(association=own, user=person, role=Role.ADMIN, is_supporter=True)
    MembershipFactory(association=own, role=Role.ADMIN)
    AssociationFactory(suspended_by=person, verification="suspended", suspended_at=timezone.now())
    AssignmentFactory(association=own, created_by=person)
    WaitingListEntry.objects.create(
        assignment=AssignmentFactory(association=association, slots=1, places_taken=1, status=Assignment.Status.FILLED),
        resident=person,
    )
    AssignmentSeries.objects.create(
        association=own, repeat="weekly", weekdays="2", until=future(60).date(), created_by=person
    )
    theirs = Claim.objects.create(
        assignment=AssignmentFactory(association=own), resident=MemberProfileFactory().user, decided_by=person
    )
    # Threads: their own sign-up's, both sides; and one they wrote in for their association.
    welcome = Message.objects.create(
        claim=world["confirmed"], author=world["manager"], side=Side.ASSOCIATION, body=f"Hej {NAME}!"
    )
    Message.objects.create(claim=world["confirmed"], author=person, side=Side.RESIDENT, body=ABOUT_ME)
    MessageReport.objects.create(message=welcome, reporter=person, reason=ABOUT_ME)
    Message.objects.create(claim=theirs, author=person, side=Side.ASSOCIATION, body=ABOUT_ME)
    answer = Message.objects.create(claim=theirs, author=theirs.resident, side=Side.RESIDENT, body="Tack!")
    MessageReport.objects.create(message=answer, reporter=world["manager"], handled_by=person, handled_at=past(1))
    elsewhere = Message.objects.create(claim=theirs, author=theirs.resident, side=Side.RESIDENT, body="Hallå?")
    MessageReport.objects.create(message=elsewhere, reporter=person, reason=f"Jag, {NAME}, blev illa behandlad")
    # A sign-up and hours they registered for someone who phoned; and a record of someone
    # without an account, pointed at them (offline.OfflineResident.user and .registered_by).
    Claim.objects.create(
        assignment=AssignmentFactory(association=own),
        resident=MemberProfileFactory().user,
        registered_by=person,
        registered_at=timezone.now(),
        hours_reported_by=person,
    )
    OfflineResident.objects.create(
        user=person, association=own, phone="+46705551234", registered_by=person, consent_at=timezone.now()
    )
    Invitation.objects.create(
        email=EMAIL, association=association, role=Role.COORDINATOR, invited_by=world["manager"],
        expires_at=future(), accepted_at=timezone.now(), accepted_by=person,
    )  # fmt: skip
    Invitation.objects.create(
        email="ny@exempel.se", association=own, role=Role.COORDINATOR, invited_by=person, expires_at=future()
    )
    CalendarFeed.objects.create(user=person, token="t" * 43)
    certificate_issue(resident=person, claims=[world["confirmed"]], name=NAME)
    SituationChange.objects.create(user=person, situation="job_seeking", consent=True)
    person.groups.add(Group.objects.create(name="Testgrupp"))
    person.user_permissions.add(Permission.objects.get(codename="view_user"))
    AuditEvent.objects.create(
        actor=person, municipality=municipality(), action=AuditEvent.Action.STAFF_JOINED, details=f"{EMAIL} (viewer)"
    )
    StaffMembershipFactory(user=person, role=StaffMembership.Role.VIEWER)
    SavedSearch.objects.create(user=person, name=f"Nära {NAME}", text=PHONE)
    Notification.objects.create(address=EMAIL, kind=Kind.ACCOUNT, message={"text": ABOUT_ME}, created_at=past(1))
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.create(
        user=person, content_type=user_type, object_id=str(person.pk), object_repr=EMAIL, action_flag=CHANGE
    )
    LogEntry.objects.create(
        user=world["manager"], content_type=user_type, object_id=str(person.pk), object_repr=EMAIL, action_flag=CHANGE
    )
    AccessAttempt.objects.create(
        username=EMAIL, ip_address="127.0.0.1", user_agent="x", get_data="", post_data=f"login={EMAIL}",
        http_accept="", path_info="/konto/login/", failures_since_start=1,
    )  # fmt: skip
    AccessFailureLog.objects.create(
        username=EMAIL, ip_address="127.0.0.1", user_agent="x", http_accept="", path_info="/konto/login/"
    )
    # Their own way to work, with a supporter who invited them by address, and a former one.
    supporter = make_supporter(association, name="Stina Stöd")
    former = make_supporter(association, name="Förra Stöd")
    old = pathway.link_accept(
        link=pathway.link_request(resident=person, supporter=former, association=association, shares=Share.values),
        by=former,
    )
    pathway.link_end(link=old, by=person)
    link = pathway.link_request(
        resident=person, supporter=supporter, association=association, shares=Share.values, message=ABOUT_ME
    )
    link.invited_email = EMAIL
    link.save(update_fields=["invited_email"])
    link = pathway.link_accept(link=link, by=supporter)
    pathway.intake_save(resident=person, by=person, goals=ABOUT_ME)
    pathway.milestone_record(
        resident=person, by=supporter, link=link, kind=Milestone.Kind.TRAINING, happened_on=past(3).date()
    )
    pathway.note_create(link=link, by=supporter, text=ABOUT_ME)
    tip = AssignmentFactory(association=association)
    pathway.recommend(link=link, by=supporter, assignment=tip, message=f"Hej {NAME}!")
    # As a supporter of someone else.
    supported = MemberProfileFactory(display_name="Olle Annan").user
    other_link = pathway.link_accept(
        link=pathway.link_request(resident=supported, supporter=person, association=own, shares=Share.values),
        by=person,
    )
    log_access(link=other_link, action="read", subject="overview")
    pathway.intake_save(resident=supported, by=person, link=other_link, goals="Studera")
    pathway.milestone_record(
        resident=supported, by=person, link=other_link, kind=Milestone.Kind.TRAINING, happened_on=past(2).date()
    )
    pathway.note_create(link=other_link, by=person, text="Olle vill studera.")
    pathway.recommend(link=other_link, by=person, assignment=AssignmentFactory(association=own))
    return world


def rows_about(user) -> dict[str, int]:
    """How many rows of each (model, field) of fields_referencing_user point at `user`."""
    from django.apps import apps

    counts = {}
    for label, field_name in fields_referencing_user():
        model = apps.get_model(label)
        counts[(label, field_name)] = model._default_manager.filter(**{field_name: user}).count()
    return counts


def is_text(column) -> bool:
    """Whether a column holds text: char, text or JSON, or a type Django does not map (a
    search vector, say), judged by its name."""
    try:
        kind = connection.introspection.get_field_type(column.type_code, column)
    except KeyError:
        return any(word in str(column.type_code).lower() for word in ("char", "text", "json", "tsvector"))
    return kind in ("CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField")


def places_where_found(needles) -> list[str]:
    """Every (table.column, needle) where a char, text or JSON column contains a needle, any case."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_session":
                continue  # Encoded; holds only ids, and a deleted id resolves to nobody (tested by logging in).
            for column in connection.introspection.get_table_description(cursor, table):
                if not is_text(column):
                    continue
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name}: {needle}")
    return found


def test_the_fixture_has_a_row_in_every_model_that_references_the_user(everything):
    missing = [key for key, count in rows_about(everything["person"]).items() if not count]
    assert missing == []


@pytest.mark.parametrize("how", ["page", "admin"])
def test_nothing_names_the_person_anywhere_after_the_delete(client, everything, how):
    person = everything["person"]
    assert places_where_found(SECRETS)  # the search finds what is there
    if how == "page":
        response = delete_on_the_page(client, person)
        assert response["Location"] == "/mina-sidor/konto-borttaget/"
    else:
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        response = client.post(f"/admin/members/user/{person.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert places_where_found(SECRETS) == []
