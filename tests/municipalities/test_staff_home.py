"""The staff home, where municipal staff land, the waiting count in the menu, and the review page."""

from datetime import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from associations import services as association_services
from associations.models import Association, AssociationMembership
from municipalities.models import AuditEvent, StaffMembership
from notifications.models import Kind, Notification
from tests.factories import (
    PASSWORD,
    AssociationFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    locality,
    municipality,
)

pytestmark = pytest.mark.django_db
Admin, Viewer = StaffMembership.Role.ADMIN, StaffMembership.Role.VIEWER


def pending(code: str = "2481", **fields) -> Association:
    return AssociationFactory(
        municipality=municipality(code), verification=Association.Verification.PENDING, verified_at=None, **fields
    )


def log_in(client, user, **extra):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, **extra})


# Landing -------------------------------------------------------------------------------------


def test_a_municipal_admin_who_logs_in_lands_on_the_staff_home(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    response = log_in(client, staff)
    assert response.url == "/kommuner/2481/start/"
    page = client.get(response.url).content.decode()
    assert "Startsida för Lycksele" in page


def test_a_viewer_lands_on_the_staff_home_too(client):
    staff = StaffMembershipFactory(municipality=municipality("2417"), role=Viewer).user
    assert log_in(client, staff).url == "/kommuner/2417/start/"


def test_staff_of_several_municipalities_choose_which_home(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    StaffMembershipFactory(user=staff, municipality=municipality("0188"), role=Viewer)
    pending("2481")
    response = log_in(client, staff)
    assert response.url == "/kommuner/start/"
    page = client.get(response.url).content.decode()
    assert "Välj kommun" in page
    assert "/kommuner/2481/start/" in page and "/kommuner/0188/start/" in page
    assert "1 förening väntar på granskning" in page


def test_staff_who_are_also_residents_land_on_the_staff_home_with_mina_sidor_in_the_menu(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    MembershipFactory(user=staff, role=AssociationMembership.Role.MEMBER)
    response = log_in(client, staff)
    assert response.url == "/kommuner/2481/start/"
    page = client.get(response.url).content.decode()
    assert reverse("members:my_pages") in page and "Mina sidor" in page


def test_a_resident_lands_where_they_did_before(client):
    assert log_in(client, UserFactory()).url == reverse("home")


def test_a_next_address_still_wins_over_the_staff_home(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    assert log_in(client, staff, next="/uppdrag/").url == "/uppdrag/"


def test_an_invitation_opened_before_logging_in_still_comes_first(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    session = client.session
    session["pending_invitation"] = "token-123"
    session.save()
    assert log_in(client, staff).url == reverse("invitation", args=["token-123"])


# The staff home --------------------------------------------------------------------------------


def test_the_staff_home_shows_the_review_queue_with_its_count_and_the_staff_pages(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    pending("2481", name="Rusksele skidklubb")
    pending("2481", name="Hedlunda bygdegård")
    pending("2417", name="Norsjö kör")
    client.force_login(staff)
    page = client.get(reverse("municipalities:staff_home", args=["2481"])).content.decode()
    assert "2 föreningar väntar på granskning." in page
    assert "Rusksele skidklubb" in page and "Hedlunda bygdegård" in page
    assert "Norsjö kör" not in page
    for path in ("/kommuner/2481/statistik/", "/kommuner/2481/mal/", "/kommuner/2481/foreningar/"):
        assert f'href="{path}"' in page
    assert 'href="/kommuner/2481/orter/"' in page and 'href="/kommuner/2481/personal/"' in page


def test_a_viewer_sees_the_count_but_no_review_or_admin_pages(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    pending("2481", name="Rusksele skidklubb")
    client.force_login(staff)
    page = client.get(reverse("municipalities:staff_home", args=["2481"])).content.decode()
    assert "1 förening väntar på granskning." in page
    assert "Rusksele skidklubb" not in page
    assert "/kommuner/2481/granska/" not in page and "/kommuner/2481/personal/" not in page
    assert "som läsare" in page


@pytest.mark.parametrize("who", ["resident", "other_staff", "unverified_staff"])
def test_no_one_but_its_staff_sees_a_municipalitys_staff_home(client, who):
    if who == "resident":
        user = UserFactory()
    elif who == "other_staff":
        user = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    else:
        user = StaffMembershipFactory(municipality=municipality("2481"), user=UserFactory(verified=False)).user
    client.force_login(user)
    response = client.get(reverse("municipalities:staff_home", args=["2481"]))
    assert response.status_code == (403 if who == "unverified_staff" else 404)
    assert "Startsida för" not in response.content.decode()


def test_someone_logged_out_is_asked_to_log_in(client):
    response = client.get(reverse("municipalities:staff_home", args=["2481"]))
    assert response.url.startswith(reverse("account_login"))


def test_the_chooser_is_not_found_for_someone_who_is_not_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("municipalities:staff_start")).status_code == 404


# The menu --------------------------------------------------------------------------------------


def test_the_menu_shows_municipal_admins_how_many_associations_wait(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    pending("2481")
    pending("2481")
    pending("2417")  # another municipality's
    client.force_login(staff)
    page = client.get(reverse("assignments:list")).content.decode()
    assert (
        'href="/kommuner/2481/start/">Kommunen&nbsp;<span class="count-badge">2'
        '<span class="visually-hidden"> väntar på granskning' in page
    )


def test_the_menu_links_a_viewer_to_the_staff_home_without_a_count(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    pending("2481")
    client.force_login(staff)
    page = client.get(reverse("assignments:list")).content.decode()
    assert 'href="/kommuner/2481/start/">Kommunen</a>' in page


def test_a_resident_has_no_staff_link(client):
    client.force_login(UserFactory())
    page = client.get(reverse("assignments:list")).content.decode()
    assert "/start/" not in page and "väntar på granskning" not in page


def _queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_a_residents_page_runs_no_more_queries_with_the_staff_menu(client, settings):
    client.force_login(UserFactory())
    url = reverse("about")
    client.get(url)  # the session learns once that this person is not staff
    with_menu = _queries_for(client, url)
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    without = [p for p in processors if p != "municipalities.context_processors.staff_menu"]
    assert len(without) == len(processors) - 1
    templates = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": without}}
    ]
    with override_settings(TEMPLATES=templates):
        assert _queries_for(client, url) == with_menu


def test_a_municipal_admins_page_runs_one_query_for_the_waiting_count(client, settings):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    pending("2481")
    client.force_login(staff)
    url = reverse("about")
    client.get(url)
    with_menu = _queries_for(client, url)
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    without = [p for p in processors if p != "municipalities.context_processors.staff_menu"]
    templates = [
        {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": without}}
    ]
    with override_settings(TEMPLATES=templates):
        assert _queries_for(client, url) == with_menu - 1


# Told when an association waits ----------------------------------------------------------------


def register(by, code="2481", name="Rusksele byaförening", number="802400-1235") -> Association:
    return association_services.association_register(
        by=by,
        name=name,
        organisation_number=number,
        kind=Association.Kind.NON_PROFIT,
        municipality=municipality(code),
        localities=[locality("Lycksele", code)] if code == "2481" else [],
    )


def test_registering_an_association_tells_the_municipal_admins_in_the_inbox_and_by_email(
    django_capture_on_commit_callbacks,
):
    admin = StaffMembershipFactory(
        municipality=municipality("2481"), role=Admin, user=UserFactory(email="kommun@exempel.se")
    ).user
    viewer = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    elsewhere = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    with django_capture_on_commit_callbacks(execute=True):
        association = register(UserFactory())
    row = Notification.objects.get(kind=Kind.ASSOCIATION_WAITING)
    assert (row.recipient, row.association) == (admin, association)
    assert not Notification.objects.filter(recipient__in=[viewer, elsewhere]).exists()
    message = next(m for m in mail.outbox if m.to == ["kommun@exempel.se"])
    assert message.subject == "Rusksele byaförening väntar på granskning"
    assert "802400-1235" in message.body
    assert f"/kommuner/2481/granska/{association.slug}/" in message.body
    row.refresh_from_db()
    assert row.email_state == Notification.EmailState.SENT


def test_the_waiting_notification_reads_plainly_and_opens_the_review_page(client):
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association = register(UserFactory())
    client.force_login(admin)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Rusksele byaförening väntar på att kommunen granskar föreningen." in inbox
    row = Notification.objects.get(recipient=admin)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response.url == reverse("municipalities:decide", args=["2481", association.slug])


def test_an_association_sent_back_after_a_rejection_tells_the_admins_again():
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    founder = UserFactory()
    association = register(founder)
    association = association_services.association_reject(association=association, by=admin, reason="Stadgar saknas.")
    association_services.association_update(
        association=association, by=founder, localities=[], description="Nu med stadgar."
    )
    assert Notification.objects.filter(recipient=admin, kind=Kind.ASSOCIATION_WAITING).count() == 2


# The review page ------------------------------------------------------------------------------


def test_the_review_page_says_when_the_check_digit_holds(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association = pending("2481", organisation_number="802400-1235")
    client.force_login(staff)
    page = client.get(reverse("municipalities:decide", args=["2481", association.slug])).content.decode()
    assert "802400-1235" in page
    assert "Kontrollsiffran stämmer." in page and "stämmer inte" not in page


def test_the_review_page_says_when_the_check_digit_does_not_hold(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association = pending("2481")
    # Entered before the check existed, or by hand in the database: the format is all it enforces.
    Association.objects.filter(pk=association.pk).update(organisation_number="802400-1234")
    client.force_login(staff)
    page = client.get(reverse("municipalities:decide", args=["2481", association.slug])).content.decode()
    assert "Kontrollsiffran stämmer inte." in page


def test_the_review_page_links_to_the_public_page_that_staff_can_see_before_the_public_can(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association = pending("2481", name="Rusksele skidklubb")
    public_url = reverse("associations:detail", args=[association.slug])
    assert client.get(public_url).status_code == 404  # not for the public yet
    client.force_login(UserFactory())
    assert client.get(public_url).status_code == 404  # nor for another resident
    client.force_login(staff)
    page = client.get(reverse("municipalities:decide", args=["2481", association.slug])).content.decode()
    assert f'href="{public_url}"' in page
    public = client.get(public_url).content.decode()
    assert "Rusksele skidklubb" in public
    assert "Kommunen har inte granskat den här föreningen än. Den syns inte för andra" in public


def test_staff_of_another_municipality_cannot_see_the_public_page_before_it_is_verified(client):
    association = pending("2481")
    client.force_login(StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user)
    assert client.get(reverse("associations:detail", args=[association.slug])).status_code == 404


def test_staff_cannot_reach_another_municipalitys_review_page_by_changing_the_code(client):
    association = pending("2481", name="Rusksele skidklubb")
    client.force_login(StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user)
    assert client.get(reverse("municipalities:decide", args=["2417", association.slug])).status_code == 404
    assert client.get(reverse("municipalities:decide", args=["2481", association.slug])).status_code == 403
    association.refresh_from_db()
    assert association.verification == Association.Verification.PENDING


# Ways in: the public page's button and an accepted invitation ----------------------------------


@pytest.mark.parametrize("role", [Admin, Viewer])
def test_every_staff_role_gets_the_button_from_the_public_page_to_the_staff_home(client, role):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=role).user
    client.force_login(staff)
    page = client.get("/kommuner/2481/").content.decode()
    assert '<a class="button" href="/kommuner/2481/start/">Till kommunens sidor för personal</a>' in page


@pytest.mark.parametrize("who", ["resident", "other_staff"])
def test_no_one_else_gets_the_button_to_the_staff_pages(client, who):
    if who == "resident":
        user = UserFactory()
    else:
        user = StaffMembershipFactory(municipality=municipality("2417"), role=Admin).user
    client.force_login(user)
    assert "Till kommunens sidor för personal" not in client.get("/kommuner/2481/").content.decode()


def test_accepting_a_staff_invitation_lands_on_the_municipalitys_staff_home(client):
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    invitation = association_services.invitation_create(
        by=admin, municipality=municipality("2481"), email="ny.kollega@exempel.se", role=Viewer
    )
    invited = UserFactory(email="ny.kollega@exempel.se")
    # Logged in before the invitation is accepted: the session already holds "no staff roles".
    log_in(client, invited)
    client.get("/")
    response = client.post(f"/inbjudan/{association_services.invitation_token(invitation)}/", follow=True)
    assert response.redirect_chain[-1][0] == "/kommuner/2481/start/"
    page = response.content.decode()
    assert "Du är nu med i personalen för Lycksele." in page
    assert "Startsida för Lycksele" in page
    assert "som läsare" in page and "som administratör" not in page
    assert StaffMembership.objects.get(user=invited).role == Viewer


# The navigation says the right role ---------------------------------------------------------------

STAFF_PAGES = [
    "/kommuner/2481/start/",
    "/kommuner/2481/statistik/",
    "/kommuner/2481/mal/",
    "/kommuner/2481/foreningar/",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_viewer_is_told_they_read_and_is_never_called_an_administrator(client, path):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    client.force_login(staff)
    page = client.get(path).content.decode()
    assert "Du arbetar för <strong>Lycksele</strong> som läsare. Du kan läsa allt här men inte ändra något." in page
    assert "administratör." not in page
    assert "/kommuner/2481/granska/" not in page


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_an_admin_is_told_they_work_as_administrator_with_the_admin_pages_in_the_navigation(client, path):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    client.force_login(staff)
    page = client.get(path).content.decode()
    assert "Du arbetar för <strong>Lycksele</strong> som administratör." in page
    assert 'href="/kommuner/2481/granska/"' in page


def test_a_role_changed_after_logging_in_shows_at_once_in_the_navigation(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Admin)
    log_in(client, staff.user)
    client.get("/kommuner/2481/start/")  # the session now remembers "admin"
    StaffMembership.objects.filter(pk=staff.pk).update(role=Viewer)
    for path in STAFF_PAGES:
        page = client.get(path).content.decode()
        assert "som läsare" in page and "som administratör" not in page, path


def test_a_resident_opening_the_goals_is_told_they_are_for_staff_not_only_for_administrators(client):
    client.force_login(UserFactory())
    response = client.get("/kommuner/2481/mal/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Det här är bara för kommunens personal i Lycksele." in content
    assert "administratörer" not in content


def test_the_staff_home_counts_the_associations_by_status_one_a_line(client):
    staff = StaffMembershipFactory(municipality=municipality("2481"), role=Viewer).user
    pending("2481")
    AssociationFactory(municipality=municipality("2481"), verification=Association.Verification.REJECTED)
    client.force_login(staff)
    page = client.get("/kommuner/2481/start/").content.decode()
    for line in ("Godkända: 0", "Väntar på granskning: 1", "Avstängda: 0", "Inte godkända: 1"):
        assert f"<li>{line}</li>" in page


def test_the_decision_log_dates_use_lower_case_swedish_months(client):
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association = pending("2481")
    association_services.association_verify(association=association, by=admin)
    AuditEvent.objects.update(created_at=datetime(2025, 10, 5, 9, 30, tzinfo=timezone.get_current_timezone()))
    client.force_login(admin)
    page = client.get(reverse("municipalities:queue", args=["2481"])).content.decode()
    assert "5 oktober 2025, 09:30" in page and "Okt" not in page


def test_the_review_queue_runs_the_same_number_of_queries_for_2_and_12_decisions(client):
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    client.force_login(admin)
    url = reverse("municipalities:queue", args=["2481"])
    client.get(url)

    def decide(count: int) -> None:
        for _ in range(count):
            officer = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
            AuditEvent.objects.create(
                municipality=municipality("2481"),
                association=AssociationFactory(municipality=municipality("2481")),
                actor=officer,
                action=AuditEvent.Action.VERIFIED,
            )

    decide(2)
    few = _queries_for(client, url)
    decide(10)
    assert _queries_for(client, url) == few


def test_the_review_queue_names_the_colleague_who_decided_not_a_neutral_number(client):
    admin = StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user
    association_services.association_verify(association=pending("2481"), by=admin)
    client.force_login(StaffMembershipFactory(municipality=municipality("2481"), role=Admin).user)
    page = client.get(reverse("municipalities:queue", args=["2481"])).content.decode()
    assert f'<td class="staff-colleague">{admin.email}</td>' in page
    assert admin.neutral_name not in page
