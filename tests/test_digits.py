"""Digits from other scripts: full-width (８), Arabic-Indic (٨) and look-alikes (²).
Real digits are read as 0-9; look-alikes are refused with a clear message; never a 500."""

import pytest
from django.core.exceptions import ValidationError

from associations.forms import AssociationDetailsForm
from associations.models import Association
from associations.validators import normalize_organisation_number
from notifications.models import Notification
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    municipality,
    organisation_number,
)
from uppdragsbanken.fields import ascii_digits, ascii_int

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_digits_of_any_script_become_0_to_9_and_look_alikes_stay():
    assert ascii_digits("８０２４３６－３５３２") == "802436-3532"
    assert ascii_digits("٢٤٨١") == "2481"
    assert ascii_digits("2²") == "2²"
    assert ascii_int("²") is None
    assert ascii_int("１２") is None
    assert ascii_int("12") == 12


@pytest.mark.parametrize("script", [FULL_WIDTH, ARABIC_INDIC])
def test_an_organisation_number_in_other_digits_is_read_as_the_same_number(script):
    number = organisation_number(7)
    assert normalize_organisation_number(number.translate(script)) == number


def test_an_organisation_number_with_a_look_alike_digit_is_refused_as_such():
    with pytest.raises(ValidationError) as excinfo:
        normalize_organisation_number("80240²-1235")
    assert excinfo.value.code == "format"
    assert "Skriv det med siffrorna 0–9" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_registering_with_a_full_width_number_registers_it_not_already_registered(client):
    user = MemberProfileFactory().user
    client.force_login(user)
    number = organisation_number(42)
    response = client.post(
        "/foreningar/ny/?kommun=2481",
        {"name": "Rusksele byaförening", "organisation_number": number.translate(FULL_WIDTH), "kind": "non_profit"},
        follow=True,
    )
    assert "finns redan" not in response.content.decode()
    assert Association.objects.get().organisation_number == number


@pytest.mark.django_db
def test_a_full_width_number_of_an_existing_association_is_found_as_that_association(client):
    existing = AssociationFactory()
    client.force_login(MemberProfileFactory().user)
    response = client.post(
        "/foreningar/ny/?kommun=2481",
        {
            "name": "Dubbletten",
            "organisation_number": existing.organisation_number.translate(FULL_WIDTH),
            "kind": "non_profit",
        },
    )
    assert f"En förening med organisationsnummer {existing.organisation_number} finns redan här." in (
        response.content.decode()
    )
    assert Association.objects.count() == 1


@pytest.mark.django_db
def test_a_municipality_chosen_with_full_width_digits_is_that_municipality(client):
    client.force_login(MemberProfileFactory().user)
    response = client.get("/foreningar/ny/?kommun=２４８１")
    assert "Lycksele" in response.content.decode()
    assert 'name="organisation_number"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["２４８１", "٢٤٨١"])
def test_a_municipality_address_in_other_digits_leads_to_the_same_page(client, code):
    response = client.get(f"/kommuner/{code}/", follow=True)
    assert response.redirect_chain == [("/kommuner/2481/", 302)]
    assert "Lycksele" in response.content.decode()


@pytest.mark.django_db
def test_a_municipality_address_with_a_look_alike_digit_is_not_found(client):
    assert client.get("/kommuner/248²/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["locality=²", "skill=²", "locality=٣", "municipality=²"])
def test_the_assignment_list_answers_look_alike_digits_in_its_filters(client, query):
    AssignmentFactory(title="Skotta snö vid skolan")
    html = client.get(f"/uppdrag/?{query}").content.decode()
    assert "<h1>Lediga uppdrag</h1>" in html


@pytest.mark.django_db
def test_marking_notifications_read_ignores_a_look_alike_id_instead_of_crashing(client):
    resident = MemberProfileFactory().user
    client.force_login(resident)
    response = client.post("/mina-sidor/notiser/las/", {"id": ["²", "１"]}, follow=True)
    assert response.status_code == 200
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("０９５０－１２３ ４５", "0950-123 45"), ("٠٩٥٠-١٢٣٤٥", "0950-12345"), ("+46 950 123 45", "+46 950 123 45")],
)
def test_a_phone_number_in_other_digits_is_stored_with_0_to_9(db, typed, stored):
    form = AssociationDetailsForm(
        {"name": "Byaföreningen", "kind": "non_profit", "contact_phone": typed}, municipality=municipality("2481")
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_phone"] == stored


@pytest.mark.parametrize("typed", ["0950²", "ring Anna"])
def test_a_phone_number_with_other_signs_is_refused_in_plain_words(db, typed):
    form = AssociationDetailsForm(
        {"name": "Byaföreningen", "kind": "non_profit", "contact_phone": typed}, municipality=municipality("2481")
    )
    assert form.errors["contact_phone"] == ["Skriv telefonnumret med siffrorna 0–9, till exempel 0950-123 45."]


def test_the_same_page_in_other_digits_keeps_the_question_asked(client):
    response = client.get("/kommuner/２４８１/?from=2026-01&to=2026-03")
    assert response.status_code == 302
    assert response.url == "/kommuner/2481/?from=2026-01&to=2026-03"
