"""The pages: signing up by phone on the assignment's page, hours for the resident, and the
association's list of people without an account."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from offline import services
from offline.models import OfflineResident
from tests.factories import AssignmentFactory, AssociationFactory, MembershipFactory
from tests.offline.conftest import register_form

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role


def url(assignment) -> str:
    return f"/foreningar/{assignment.association.slug}/uppdrag/{assignment.pk}/anmal-invanare/"


def manage_url(assignment) -> str:
    return f"/foreningar/{assignment.association.slug}/uppdrag/{assignment.pk}/"


def test_the_assignments_page_offers_the_form_to_its_managers(client, assignment, coordinator):
    client.force_login(coordinator)
    page = client.get(manage_url(assignment)).content.decode()
    assert "Anmäl en invånare som har ringt eller kommit förbi" in page
    form = client.get(url(assignment)).content.decode()
    assert "Invånaren har sagt ja till att jag anmäler hen" in form
    assert "vi söker inte på namn" in form


def test_a_coordinator_signs_up_a_resident_by_phone_and_the_page_says_who_did(client, assignment, coordinator):
    client.force_login(coordinator)
    response = client.post(url(assignment), register_form(), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == manage_url(assignment)
    assert "Gunnel Berglund är anmäld. Svara på anmälan nedan." in page
    assert "Anmäld av Stina Samordnare per telefon" in page
    assert 'Inget konto, telefon <a href="tel:+46701234567">0701234567</a>' in page
    claim = Claim.objects.get(assignment=assignment)
    assert claim.message == "Kan efter lunch."


def test_without_the_tick_nothing_is_saved_and_what_was_typed_stays(client, assignment, coordinator):
    client.force_login(coordinator)
    response = client.post(url(assignment), register_form(resident_agreed=None))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kryssa i att invånaren har sagt ja. Utan det kan du inte anmäla hen." in page
    assert 'value="Gunnel Berglund"' in page and 'value="070-123 45 67"' in page
    assert not Claim.objects.exists()


def test_a_wrong_phone_number_is_refused_in_words(client, assignment, coordinator):
    client.force_login(coordinator)
    response = client.post(url(assignment), register_form(phone="12345"))
    assert response.status_code == 400
    assert "Skriv numret med riktnummer" in response.content.decode()
    assert not OfflineResident.objects.exists()


def test_the_part_not_chosen_is_never_in_the_way(client, assignment, coordinator, resident):
    client.force_login(coordinator)
    response = client.post(url(assignment), register_form(who="account", email=resident.email, phone="fel"))
    assert response.status_code == 302
    assert Claim.objects.get().resident == resident


def test_a_refused_sign_up_is_shown_on_the_form_with_what_was_typed(client, association, coordinator):
    full = AssignmentFactory(association=association, slots=1, claim_mode="first_come")
    client.force_login(coordinator)
    client.post(url(full), register_form(name="Första Person", phone="070-000 00 01"))
    response = client.post(url(full), register_form())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tyvärr, alla platser är redan tagna." in page
    assert 'value="Gunnel Berglund"' in page
    assert OfflineResident.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("plain member", "Det här får bara föreningens administratörer och samordnare göra."),
        ("other association's admin", "Du är inte medlem i Rusksele byaförening."),
        ("resident", "Du är inte medlem i Rusksele byaförening."),
    ],
)
def test_others_are_refused_with_a_reason_and_nothing_is_saved(client, assignment, resident, who, says):
    actor = {
        "plain member": lambda: MembershipFactory(association=assignment.association, role=Role.MEMBER).user,
        "other association's admin": lambda: MembershipFactory(association=AssociationFactory(), role=Role.ADMIN).user,
        "resident": lambda: resident,
    }[who]()
    client.force_login(actor)
    for response in (client.get(url(assignment)), client.post(url(assignment), register_form())):
        assert response.status_code == 403
        assert says in response.content.decode()
    assert not Claim.objects.exists()


def test_another_associations_assignment_is_not_found_through_ones_own(client, coordinator):
    other = AssignmentFactory()
    client.force_login(coordinator)
    response = client.post(f"/foreningar/rusksele/uppdrag/{other.pk}/anmal-invanare/", register_form())
    assert response.status_code == 404
    assert not Claim.objects.exists()


def test_the_resident_with_an_account_sees_who_signed_them_up(client, assignment, coordinator, resident):
    services.claim_register_by_phone(assignment=assignment, by=coordinator, email=resident.email, resident_agreed=True)
    client.force_login(resident)
    page = client.get("/mina-sidor/uppdrag/").content.decode()
    assert "Anmäld av Stina Samordnare per telefon" in page
    inbox = client.get("/mina-sidor/notiser/").content.decode()
    assert "Rusksele byaförening har anmält dig till ”Skotta snö vid bygdegården” när du hörde av dig." in inbox


def test_hours_reported_for_the_resident_on_the_page(client, association, coordinator):
    assignment = AssignmentFactory(association=association, claim_mode="first_come")
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, name="Gunnel Berglund", phone="+46701234567", resident_agreed=True
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(coordinator)
    page = client.get(manage_url(assignment)).content.decode()
    assert "Rapportera timmar som Gunnel Berglund har berättat" in page
    hours_url = f"{manage_url(assignment)}anmalningar/{claim.pk}/timmar/"
    refused = client.post(hours_url, {"hours": "två"})
    assert refused.status_code == 400
    assert 'value="två"' in refused.content.decode()
    response = client.post(hours_url, {"hours": "2,5"}, follow=True)
    page = response.content.decode()
    assert "Timmarna för Gunnel Berglund är rapporterade." in page
    assert "Timmarna rapporterades av Stina Samordnare." in page
    claim.refresh_from_db()
    assert (claim.status, str(claim.hours_reported), claim.hours_reported_by) == ("done", "2.5", coordinator)


def test_the_list_of_people_without_an_account_is_for_the_managers_only(client, assignment, coordinator):
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, name="Gunnel Berglund", phone="+46701234567", resident_agreed=True
    )
    residents_url = "/foreningar/rusksele/hantera/invanare-utan-konto/"
    client.force_login(coordinator)
    page = client.get(residents_url).content.decode()
    assert "Gunnel Berglund" in page and 'Telefon <a href="tel:+46701234567">0701234567</a>' in page
    member = MembershipFactory(association=assignment.association, role=Role.MEMBER).user
    client.force_login(member)
    response = client.get(residents_url)
    assert response.status_code == 403 and "0701234567" not in response.content.decode()
    # Not on the public assignment page either.
    assert "0701234567" not in client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    record = claim.resident.offline_record
    stranger = MembershipFactory(association=AssociationFactory(slug="annan"), role=Role.ADMIN).user
    client.force_login(stranger)
    assert client.post(f"/foreningar/annan/hantera/invanare-utan-konto/{record.pk}/ta-bort/").status_code == 404
    assert OfflineResident.objects.exists()


def test_the_manager_deletes_a_person_without_an_account(client, assignment, coordinator):
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, name="Gunnel Berglund", phone="+46701234567", resident_agreed=True
    )
    delete_url = f"/foreningar/rusksele/hantera/invanare-utan-konto/{claim.resident.offline_record.pk}/ta-bort/"
    client.force_login(coordinator)
    assert "Det går inte att ångra." in client.get(delete_url).content.decode()
    response = client.post(delete_url, follow=True)
    page = response.content.decode()
    assert "Uppgifterna om Gunnel Berglund är borttagna." in page
    assert "Föreningen har inte anmält någon utan konto." in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_of_people_without_an_account_runs_the_same_queries_however_long(
    client, association, coordinator, django_assert_num_queries, count
):
    for n in range(count):
        services.claim_register_by_phone(
            assignment=AssignmentFactory(association=association),
            by=coordinator,
            name=f"Person {n}",
            phone=f"+4670123450{n}",
            resident_agreed=True,
        )
    client.force_login(coordinator)
    # The page's frame (session, user, the menus' memberships, unread notices, profile), the
    # association, the membership (+ verified address), the acting bar's memberships, and one
    # for the records (+ name, who registered them): the same for one person as for five.
    with django_assert_num_queries(14):
        page = client.get("/foreningar/rusksele/hantera/invanare-utan-konto/").content.decode()
    assert page.count("Ta bort uppgifterna om Person") == count


def test_the_coordinator_withdraws_the_sign_up_of_someone_who_called_to_say_they_cannot_come(
    client, association, coordinator
):
    assignment = AssignmentFactory(association=association, claim_mode="first_come", slots=1)
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, name="Gunnel Berglund", phone="+46701234567", resident_agreed=True
    )
    client.force_login(coordinator)
    assert "Ta tillbaka anmälan åt Gunnel Berglund" in client.get(manage_url(assignment)).content.decode()
    member = MembershipFactory(association=association, role=Role.MEMBER).user
    withdraw_url = f"{manage_url(assignment)}anmalningar/{claim.pk}/ta-tillbaka/"
    client.force_login(member)
    assert client.post(withdraw_url).status_code == 403
    client.force_login(coordinator)
    page = client.post(withdraw_url, follow=True).content.decode()
    assert "Anmälan från Gunnel Berglund är tillbakatagen. Platsen är ledig igen." in page
    claim.refresh_from_db()
    assignment.refresh_from_db()
    assert (claim.status, assignment.places_taken, assignment.status) == ("withdrawn", 0, "published")
    # Once the assignment has begun it is too late, as for the resident themselves.
    again = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, name="Gunnel Berglund", phone="+46701234567", resident_agreed=True
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    page = client.post(f"{manage_url(assignment)}anmalningar/{again.pk}/ta-tillbaka/", follow=True).content.decode()
    assert "Uppdraget har redan börjat, så anmälan kan inte tas tillbaka." in page
    again.refresh_from_db()
    assert again.status == "accepted"
