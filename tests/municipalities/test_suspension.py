"""Suspending a verified association: sign-ups stop, its admins are told, and it is lifted again."""

from datetime import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment, Claim
from assignments.queries import open_for_claims
from associations import services
from associations.models import Association, AssociationMembership
from municipalities import queries_staff
from municipalities.models import AuditEvent, StaffMembership
from notifications.models import Kind, Notification
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db
Admin, Viewer = StaffMembership.Role.ADMIN, StaffMembership.Role.VIEWER
Status = Association.Verification


@pytest.fixture
def admin():
    return StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user


@pytest.fixture
def club():
    club = AssociationFactory(municipality=municipality("2481"), name="Rusksele skidklubb")
    MembershipFactory(
        association=club, role=AssociationMembership.Role.ADMIN, user=UserFactory(email="ordf@exempel.se")
    )
    return club


def suspend(club, by, reason="Föreningen har inte svarat på kommunens frågor om ekonomin."):
    return services.association_suspend(association=club, by=by, reason=reason)


# The service ---------------------------------------------------------------------------------


def test_a_suspended_associations_assignments_refuse_sign_ups_with_a_clear_message(admin, club):
    assignment = AssignmentFactory(association=club)
    suspend(club, admin)
    with pytest.raises(assignment_services.TransitionError, match="Anmälan är pausad: kommunen har stängt av Rusksele"):
        assignment_services.claim_create(assignment=assignment, resident=UserFactory())
    assert not Claim.objects.exists()
    assert not open_for_claims(Assignment.objects.filter(pk=assignment.pk)).exists()


def test_a_suspended_association_cannot_give_a_waiting_sign_up_a_place(admin, club):
    assignment = AssignmentFactory(association=club, claim_mode=Assignment.ClaimMode.CHOOSE)
    waiting = assignment_services.claim_create(assignment=assignment, resident=UserFactory())
    coordinator = MembershipFactory(association=club, role=AssociationMembership.Role.COORDINATOR).user
    suspend(club, admin)
    with pytest.raises(assignment_services.TransitionError, match="Föreningen är avstängd av kommunen"):
        assignment_services.claim_accept(claim=waiting, by=coordinator)
    waiting.refresh_from_db()
    assert waiting.status == Claim.Status.PENDING
    assert Assignment.objects.get(pk=assignment.pk).places_taken == 0


def test_suspending_writes_the_reason_who_and_when_and_an_audit_row(admin, club):
    suspended = suspend(club, admin, reason="  Oklar ekonomi.  ")
    club.refresh_from_db()
    assert (club.verification, club.suspension_reason, club.suspended_by) == (Status.SUSPENDED, "Oklar ekonomi.", admin)
    assert club.suspended_at is not None and suspended.is_suspended
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.association, event.details) == (
        AuditEvent.Action.SUSPENDED,
        admin,
        club,
        "Oklar ekonomi.",
    )


def test_the_associations_admins_are_told_in_the_inbox_and_by_email(admin, club, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        suspend(club, admin, reason="Oklar ekonomi.")
    row = Notification.objects.get(kind=Kind.ASSOCIATION_SUSPENDED)
    assert row.recipient.email == "ordf@exempel.se"
    message = mail.outbox[-1]
    assert message.to == ["ordf@exempel.se"]
    assert message.subject == "Rusksele skidklubb är avstängd"
    assert "Oklar ekonomi." in message.body and "kan ingen anmäla sig" in message.body


def test_lifting_the_suspension_opens_sign_ups_again_and_is_logged_and_told(
    admin, club, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory(association=club)
    suspend(club, admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.association_lift_suspension(association=club, by=admin)
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED and club.suspension_reason == "" and club.verified_at is not None
    claim = assignment_services.claim_create(assignment=assignment, resident=UserFactory())
    assert claim.pk is not None
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditEvent.Action.SUSPENDED,
        AuditEvent.Action.SUSPENSION_LIFTED,
    ]
    assert Notification.objects.filter(kind=Kind.ASSOCIATION_REINSTATED, recipient__email="ordf@exempel.se").exists()
    assert mail.outbox[-1].subject == "Rusksele skidklubb är inte längre avstängd"


def test_a_suspension_needs_a_reason(admin, club):
    with pytest.raises(ValidationError) as error:
        suspend(club, admin, reason="   ")
    assert "reason" in error.value.error_dict
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED and not AuditEvent.objects.exists()


@pytest.mark.parametrize("state", [Status.PENDING, Status.REJECTED, Status.SUSPENDED])
def test_only_a_verified_association_can_be_suspended(admin, state):
    times = {"suspended_at": timezone.now()} if state == Status.SUSPENDED else {"verified_at": None}
    club = AssociationFactory(municipality=municipality("2481"), verification=state, **times)
    with pytest.raises(services.ActionRefused):
        suspend(club, admin)
    assert not AuditEvent.objects.exists()


def test_lifting_an_association_that_is_not_suspended_is_refused(admin, club):
    with pytest.raises(services.ActionRefused, match="är inte avstängd"):
        services.association_lift_suspension(association=club, by=admin)


def test_a_suspended_association_is_neither_verified_nor_rejected_from_the_review_page(admin, club):
    suspend(club, admin)
    with pytest.raises(services.ActionRefused, match="Häv avstängningen"):
        services.association_verify(association=club, by=admin)
    with pytest.raises(services.ActionRefused, match="Häv avstängningen"):
        services.association_reject(association=club, by=admin, reason="Nej.")
    club.refresh_from_db()
    assert club.verification == Status.SUSPENDED


def test_a_suspended_association_cannot_publish(admin, club):
    draft = AssignmentFactory(association=club, status=Assignment.Status.DRAFT, published_at=None)
    coordinator = MembershipFactory(association=club, role=AssociationMembership.Role.COORDINATOR).user
    suspend(club, admin)
    with pytest.raises(assignment_services.TransitionError, match="stängt av föreningen"):
        assignment_services.assignment_publish(assignment=draft, by=coordinator)
    draft.refresh_from_db()
    assert draft.status == Assignment.Status.DRAFT


@pytest.mark.parametrize("role", [Viewer, None, "other"])
def test_only_an_admin_of_its_municipality_may_suspend_or_lift(club, role):
    if role == "other":
        user = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    elif role is None:
        user = UserFactory()
    else:
        user = StaffMembershipFactory(municipality=municipality("2481"), role=role).user
    with pytest.raises(PermissionDenied):
        suspend(club, user)
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED and not AuditEvent.objects.exists()


# What residents see ------------------------------------------------------------------------------


def test_the_assignment_list_no_longer_offers_a_suspended_associations_assignments(client, admin, club):
    assignment = AssignmentFactory(association=club, title="Valla skidor inför loppet")
    assert "Valla skidor inför loppet" in client.get(reverse("assignments:list")).content.decode()
    suspend(club, admin)
    assert "Valla skidor inför loppet" not in client.get(reverse("assignments:list")).content.decode()
    page = client.get(reverse("assignments:detail", args=[assignment.pk])).content.decode()
    assert "Anmälan är pausad: kommunen har stängt av föreningen tills vidare." in page
    assert reverse("assignments:claim", args=[assignment.pk]) not in page  # no sign-up form


def test_a_sign_up_posted_to_a_suspended_associations_assignment_is_refused_with_the_reason(client, admin, club):
    assignment = AssignmentFactory(association=club)
    suspend(club, admin)
    client.force_login(UserFactory())
    response = client.post(reverse("assignments:claim", args=[assignment.pk]), {"message": "Jag kan!"}, follow=True)
    assert "Anmälan är pausad: kommunen har stängt av Rusksele skidklubb tills vidare." in response.content.decode()
    assert not Claim.objects.exists()


def test_the_associations_page_stays_up_and_says_sign_up_is_paused(client, admin, club):
    suspend(club, admin)
    page = client.get(reverse("associations:detail", args=[club.slug])).content.decode()
    assert "Anmälan till föreningens uppdrag är pausad." in page and "Avstängd av kommunen" in page


# The staff pages ---------------------------------------------------------------------------------


def test_an_admin_suspends_through_the_page_and_lifts_it_again(client, admin, club):
    client.force_login(admin)
    url = reverse("municipalities:association", args=["2481", club.slug])
    response = client.post(url, {"action": "suspend", "reason": "Oklar ekonomi."}, follow=True)
    assert "Rusksele skidklubb är avstängd." in response.content.decode()
    club.refresh_from_db()
    assert club.verification == Status.SUSPENDED
    response = client.post(url, {"action": "lift"}, follow=True)
    assert "Avstängningen av Rusksele skidklubb är hävd." in response.content.decode()
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED


def test_a_suspension_without_a_reason_comes_back_with_an_error_and_changes_nothing(client, admin, club):
    client.force_login(admin)
    url = reverse("municipalities:association", args=["2481", club.slug])
    response = client.post(url, {"action": "suspend", "reason": ""})
    assert response.status_code == 400
    assert "Varför stängs föreningen av?" in response.content.decode()
    assert "errorlist" in response.content.decode()
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED


def test_an_unknown_action_is_answered_with_a_message(client, admin, club):
    client.force_login(admin)
    url = reverse("municipalities:association", args=["2481", club.slug])
    response = client.post(url, {"action": "radera"}, follow=True)
    assert "Välj om föreningen ska stängas av" in response.content.decode()
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED


def test_a_viewer_sees_the_association_but_cannot_suspend_it(client, club):
    viewer = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    client.force_login(viewer)
    url = reverse("municipalities:association", args=["2481", club.slug])
    page = client.get(url).content.decode()
    assert "Rusksele skidklubb" in page and "Du ser föreningen som läsare." in page
    assert 'value="suspend"' not in page
    response = client.post(url, {"action": "suspend", "reason": "Jag vill."})
    assert response.status_code == 403
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED and not AuditEvent.objects.exists()


def test_staff_of_another_municipality_get_not_found_and_change_nothing(client, club):
    other = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    client.force_login(other)
    assert client.get(reverse("municipalities:associations", args=["2481"])).status_code == 404
    assert (
        "Rusksele skidklubb" not in client.get(reverse("municipalities:associations", args=["2417"])).content.decode()
    )
    for code in ("2481", "2417"):  # its own code, or theirs with the other's association in it
        url = reverse("municipalities:association", args=[code, club.slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "suspend", "reason": "Nej."}).status_code == 404
    club.refresh_from_db()
    assert club.verification == Status.VERIFIED and not AuditEvent.objects.exists()


def test_the_list_shows_every_status_and_filters_by_status_and_text(client, admin, club):
    AssociationFactory(
        municipality=municipality("2481"), name="Hedlunda bygdegård", verification=Status.PENDING, verified_at=None
    )
    AssociationFactory(
        municipality=municipality("2481"), name="Nöjesgruppen", verification=Status.REJECTED, verified_at=None
    )
    AssociationFactory(municipality=municipality("2417"), name="Norsjö kör")
    suspended = AssociationFactory(municipality=municipality("2481"), name="Tärnaby fiskeklubb")
    suspend(suspended, admin)
    client.force_login(admin)
    url = reverse("municipalities:associations", args=["2481"])
    page = client.get(url).content.decode()
    for name, status in (
        ("Rusksele skidklubb", "Godkänd"),
        ("Hedlunda bygdegård", "Väntar på granskning"),
        ("Nöjesgruppen", "Inte godkänd"),
        ("Tärnaby fiskeklubb", "Avstängd"),
    ):
        assert name in page and status in page
    assert "Norsjö kör" not in page
    page = client.get(url, {"status": "suspended"}).content.decode()
    assert "Tärnaby fiskeklubb" in page and "Rusksele skidklubb" not in page
    page = client.get(url, {"q": "bygdegård"}).content.decode()
    assert "Hedlunda bygdegård" in page and "Rusksele skidklubb" not in page
    page = client.get(url, {"q": club.organisation_number}).content.decode()
    assert "Rusksele skidklubb" in page and "Hedlunda bygdegård" not in page


def test_a_status_that_does_not_exist_is_ignored_with_a_message(client, admin, club):
    client.force_login(admin)
    response = client.get(reverse("municipalities:associations", args=["2481"]), {"status": "borttagen"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi förstod inte värdet i ”Status” och har bortsett från det." in page
    assert "Rusksele skidklubb" in page


def test_the_list_is_paginated(client, admin):
    for n in range(30):
        AssociationFactory(municipality=municipality("2481"), name=f"Förening {n:02d}")
    client.force_login(admin)
    url = reverse("municipalities:associations", args=["2481"])
    first = client.get(url).content.decode()
    assert "Förening 00" in first and "Förening 29" not in first and "Sida 1 av 2" in first
    assert "Förening 29" in client.get(url, {"sida": 2}).content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_runs_the_same_number_of_queries_however_long_it_is(client, admin, count, django_assert_num_queries):
    for _ in range(count):
        AssociationFactory(municipality=municipality("2481"))
    client.force_login(admin)
    url = reverse("municipalities:associations", args=["2481"])
    client.get(url)  # the session learns who is staff
    # session, user, municipality, verified e-mail, staff membership, how many match, the page of
    # associations (with their published assignments counted); the menu: waiting count, unread
    # notifications, the name in the header
    with django_assert_num_queries(10):
        client.get(url)


# Who decided, the e-mail's contact, the list's search ------------------------------------------


def test_the_suspension_email_says_where_to_write_with_questions(admin, club, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        suspend(club, admin)
    body = mail.outbox[-1].body
    assert f"Har du frågor om avstängningen? Skriv till {settings.SUPPORT_EMAIL}." in body
    assert f"{settings.SITE_URL}{reverse('associations:manage', args=[club.slug])}" in body


def test_the_suspension_email_gives_the_reason_decided_even_if_lifted_before_it_goes(
    admin, club, django_capture_on_commit_callbacks
):
    suspend(club, admin, reason="Styrelsen saknas.")
    services.association_lift_suspension(association=Association.objects.get(pk=club.pk), by=admin)
    mail.outbox.clear()
    from notifications.email import direct_message

    note = Notification.objects.get(kind=Kind.ASSOCIATION_SUSPENDED)
    assert "Styrelsen saknas." in direct_message(note).body


def test_staff_see_the_colleague_who_suspended_by_address_when_they_chose_no_name(client, admin, club):
    suspend(club, admin)
    client.force_login(StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user)
    page = client.get(reverse("municipalities:association", args=["2481", club.slug])).content.decode()
    assert f"av {admin.email}." in page  # the notice
    assert f'<td class="staff-colleague">{admin.email}</td>' in page  # the decision log
    assert admin.neutral_name not in page


def test_staff_see_a_colleague_by_the_name_they_chose(client, admin, club):
    MemberProfileFactory(user=admin, display_name="Kerstin på kommunen")
    suspend(club, admin)
    client.force_login(admin)
    page = client.get(reverse("municipalities:association", args=["2481", club.slug])).content.decode()
    assert "av Kerstin på kommunen." in page and admin.email not in page.split("</header>", 1)[1]


def test_someone_no_longer_on_the_staff_is_shown_by_neutral_name_never_by_address(client, admin, club):
    suspend(club, admin)
    StaffMembership.objects.filter(user=admin).delete()  # left the job; now only a resident
    client.force_login(StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user)
    page = client.get(reverse("municipalities:association", args=["2481", club.slug])).content.decode()
    assert admin.email not in page and f"av {admin.neutral_name}." in page


def test_colleague_names_lists_only_the_municipalitys_own_staff():
    own = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    other = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    resident = UserFactory()
    names = queries_staff.colleague_names(municipality("2481"))
    assert names == {own.pk: own.email}
    assert queries_staff.colleague_name(other, names) == other.neutral_name
    assert queries_staff.colleague_name(resident, names) == resident.neutral_name


WRITTEN = ["{six}-{four}", "{six}{four}", "{six} {four}", " {six} - {four} ", "16{six}{four}"]


@pytest.mark.parametrize("written", WRITTEN)
def test_the_list_finds_an_organisation_number_with_or_without_hyphen_and_spaces(client, admin, club, written):
    AssociationFactory(municipality=municipality("2481"), name="Hedlunda bygdegård")
    six, four = club.organisation_number.split("-")
    client.force_login(admin)
    url = reverse("municipalities:associations", args=["2481"])
    page = client.get(url, {"q": written.format(six=six, four=four)}).content.decode()
    assert "Rusksele skidklubb" in page and "Hedlunda bygdegård" not in page


def test_the_lists_dates_use_lower_case_swedish_months(client, admin, club):
    Association.objects.filter(pk=club.pk).update(
        created_at=datetime(2025, 10, 5, 12, tzinfo=timezone.get_current_timezone())
    )
    client.force_login(admin)
    page = client.get(reverse("municipalities:associations", args=["2481"])).content.decode()
    assert "5 oktober 2025" in page and "Okt" not in page
