import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue, certificates_revoke_for_account_deletion
from certificates.views import LOOKUP_LIMIT
from tests.certificates.conftest import confirmed_claim
from tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db


def issue(resident, **kwargs):
    claims = kwargs.pop("claims", None) or [
        confirmed_claim(resident, reference="Sara var noggrann och hjälpsam hela dagen.")
    ]
    return certificate_issue(resident=resident, claims=claims, name=kwargs.pop("name", ""), include_milestones=False)


@pytest.fixture
def logged_in(client, resident):
    client.force_login(resident)
    return client


# The resident's pages ---------------------------------------------------------------------------


def test_the_form_offers_only_the_residents_confirmed_assignments(logged_in, resident):
    confirmed_claim(resident, title="Mitt bekräftade uppdrag")
    confirmed_claim(MemberProfileFactory().user, title="Någon annans uppdrag")
    text = logged_in.get(reverse("certificates:create")).content.decode()
    assert "Mitt bekräftade uppdrag" in text
    assert "Någon annans uppdrag" not in text


def test_creating_a_certificate_leads_to_it(logged_in, resident):
    claim = confirmed_claim(resident)
    response = logged_in.post(
        reverse("certificates:create"), {"claims": [claim.pk], "name": "Sara Lindqvist"}, follow=True
    )
    certificate = Certificate.objects.get(resident=resident)
    assert response.redirect_chain[-1][0] == reverse("certificates:detail", args=[certificate.pk])
    text = response.content.decode()
    assert "Sara Lindqvist" in text and certificate.display_code in text
    assert reverse("certificates:pdf", args=[certificate.code]) in text


def test_a_foreign_claim_id_in_the_form_is_refused_in_words(logged_in, resident):
    confirmed_claim(resident)
    theirs = confirmed_claim(MemberProfileFactory().user)
    response = logged_in.post(reverse("certificates:create"), {"claims": [theirs.pk]})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Certificate.objects.exists()


def test_eleven_assignments_in_the_form_are_refused_in_words(logged_in, resident):
    claims = [confirmed_claim(resident, title=f"Uppdrag {n}") for n in range(11)]
    response = logged_in.post(reverse("certificates:create"), {"claims": [c.pk for c in claims]})
    assert "högst 10 uppdrag" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_nonsense_id_in_the_form_is_refused_in_words(logged_in, resident):
    confirmed_claim(resident)
    response = logged_in.post(reverse("certificates:create"), {"claims": ["9" * 40]})
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_the_list_page_takes_the_same_queries_for_one_or_many(logged_in, resident, django_assert_num_queries):
    issue(resident)
    logged_in.get(reverse("certificates:mine"))  # the first request after login also saves the session
    # session, user, certificates, "any confirmed claims?", and the page's menu: unread
    # notifications and the profile (staff and supporter roles are remembered in the session)
    with django_assert_num_queries(6):
        first = logged_in.get(reverse("certificates:mine"))
    for _ in range(4):
        issue(resident)
    with django_assert_num_queries(6):
        many = logged_in.get(reverse("certificates:mine"))
    assert first.content.decode().count("Utfärdat") == 1
    assert many.content.decode().count("Utfärdat") == 5


@pytest.mark.parametrize("name", ["certificates:detail", "certificates:revoke"])
def test_another_residents_certificate_is_not_found(client, resident, name):
    certificate = issue(resident)
    client.force_login(MemberProfileFactory().user)
    assert client.get(reverse(name, args=[certificate.pk])).status_code == 404
    assert client.post(reverse("certificates:revoke", args=[certificate.pk])).status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_the_resident_pages_need_a_login(client, resident):
    certificate = issue(resident)
    detail = reverse("certificates:detail", args=[certificate.pk])
    for url in (reverse("certificates:mine"), reverse("certificates:create"), detail):
        assert client.get(url).url.startswith(reverse("account_login"))


def test_revoking_asks_first_and_then_the_public_page_says_revoked(logged_in, resident):
    certificate = issue(resident)
    confirm = logged_in.get(reverse("certificates:revoke", args=[certificate.pk]))
    assert "Vill du återkalla" in confirm.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    response = logged_in.post(reverse("certificates:revoke", args=[certificate.pk]), follow=True)
    assert "Intyget är återkallat" in response.content.decode()
    again = logged_in.post(reverse("certificates:revoke", args=[certificate.pk]), follow=True)
    assert "Intyget är redan återkallat." in again.content.decode()


# The public check ----------------------------------------------------------------------------


def test_anyone_with_the_code_sees_the_certificate_as_issued(client, resident):
    certificate = issue(resident, name="Sara Lindqvist")
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sara Lindqvist" in text
    assert "Måla staketet vid bygdegården" in text
    assert "Rusksele byaförening" in text
    assert "Sara var noggrann och hjälpsam hela dagen." in text
    assert "14 mars 2026" in text
    assert "Utfärdat" in text and "bekräftat" in text
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_code_typed_in_lower_case_with_hyphens_leads_to_the_certificate(client, resident):
    certificate = issue(resident)
    response = client.get(f"/intyg/{certificate.display_code.lower()}/", follow=True)
    assert "Måla staketet vid bygdegården" in response.content.decode()


def test_the_lookup_form_leads_to_the_certificate_or_explains(client, resident):
    certificate = issue(resident)
    found = client.get(reverse("certificates:lookup"), {"code": certificate.display_code.lower()}, follow=True)
    assert "Måla staketet vid bygdegården" in found.content.decode()
    wrong = client.get(reverse("certificates:lookup"), {"code": "inte en kod"})
    assert wrong.status_code == 400
    assert "Koden ska vara 12 tecken" in wrong.content.decode()


def test_a_revoked_certificate_says_so_and_shows_none_of_its_content(client, resident):
    certificate = issue(resident, name="Sara Lindqvist")
    certificate.revoked_at = certificate.issued_at
    certificate.revoked_because = Certificate.RevokedBecause.RESIDENT
    certificate.save()
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    text = response.content.decode()
    assert "Intyget är återkallat" in text
    assert "Sara Lindqvist" not in text and "Måla staketet" not in text and "Rusksele byaförening" not in text
    assert client.get(reverse("certificates:pdf", args=[certificate.code])).status_code == 404


def test_after_account_deletion_the_page_says_revoked_without_name_or_assignments(client, resident):
    certificate = issue(resident, name="Sara Lindqvist")
    certificates_revoke_for_account_deletion(user=resident)
    text = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "Intyget är återkallat" in text
    for word in ("Sara Lindqvist", "Sara i Rusksele", "Måla staketet", "Rusksele byaförening"):
        assert word not in text


@pytest.mark.parametrize(
    "code",
    ["ABCDEFGHJKMN", "ABCD", "ABCDEFGHJKMU", "%C2%B2", "%D9%A2%D9%A4", "9" * 400, "ABCDEF%00GHJKMN", "%ED%A0%80"],
)
def test_a_wrong_or_malformed_code_is_a_plain_not_found(client, code):
    response = client.get(f"/intyg/{code}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "finns inte" in text
    pdf = client.get(f"/intyg/{code}/intyg.pdf")
    assert pdf.status_code == 404


def test_too_many_lookups_from_one_address_are_refused_with_a_time(client):
    for _ in range(LOOKUP_LIMIT):
        assert client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR="203.0.113.7").status_code == 404
    response = client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Vänta" in response.content.decode() and "försök igen efter klockan" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    # Another address is not held up.
    assert client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR="203.0.113.8").status_code == 404


def test_the_pdf_of_a_valid_certificate_is_a_pdf(client, resident):
    certificate = issue(resident)
    response = client.get(reverse("certificates:pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
