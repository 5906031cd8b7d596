import re

import pytest
from django.urls import reverse
from django.utils import translation

from certificates import services
from certificates.forms import CertificateForm
from certificates.models import Certificate
from certificates.services import certificate_issue, certificates_revoke_for_account_deletion
from certificates.views import LOOKUP_LIMIT
from tests.certificates.conftest import confirmed_claim
from tests.factories import MemberProfileFactory
from uppdragsbanken.ratelimit import client_key

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


# Sending the create form twice -----------------------------------------------------------------


def form_token(response) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def test_sending_the_same_form_twice_makes_one_certificate(logged_in, resident):
    claim = confirmed_claim(resident)
    token = form_token(logged_in.get(reverse("certificates:create")))
    data = {"claims": [claim.pk], "name": "Sara Lindqvist", "form_token": token}
    first = logged_in.post(reverse("certificates:create"), data)
    second = logged_in.post(reverse("certificates:create"), data, follow=True)
    certificate = Certificate.objects.get(resident=resident)
    assert first.url == reverse("certificates:detail", args=[certificate.pk])
    assert second.redirect_chain[-1][0] == reverse("certificates:detail", args=[certificate.pk])
    text = second.content.decode()
    assert "Intyget är redan skapat" in text and certificate.display_code in text


def test_two_forms_shown_one_after_the_other_make_two_certificates(logged_in, resident):
    claim = confirmed_claim(resident)
    tokens = [form_token(logged_in.get(reverse("certificates:create"))) for _ in range(2)]
    assert tokens[0] != tokens[1]
    for token in tokens:
        logged_in.post(reverse("certificates:create"), {"claims": [claim.pk], "form_token": token})
    assert Certificate.objects.filter(resident=resident).count() == 2


def test_a_form_sent_back_with_an_error_keeps_its_token_and_then_issues_once(logged_in, resident):
    claim = confirmed_claim(resident)
    token = form_token(logged_in.get(reverse("certificates:create")))
    refused = logged_in.post(reverse("certificates:create"), {"claims": [], "form_token": token})
    assert "Välj minst ett uppdrag" in refused.content.decode()
    assert form_token(refused) == token
    for _ in range(2):
        logged_in.post(reverse("certificates:create"), {"claims": [claim.pk], "form_token": token})
    assert Certificate.objects.filter(resident=resident).count() == 1


@pytest.mark.parametrize("token", ["<b>x</b>", "A" * 44, "åäö" * 15, ""])
def test_a_changed_or_missing_token_still_issues_the_certificate(logged_in, resident, token):
    claim = confirmed_claim(resident)
    response = logged_in.post(reverse("certificates:create"), {"claims": [claim.pk], "form_token": token}, follow=True)
    assert "Intyget är klart" in response.content.decode()
    assert Certificate.objects.get(resident=resident).form_token == ""


def test_the_same_token_from_another_resident_does_not_lead_to_their_certificate(client, resident):
    token = "t" * 43
    mine = certificate_issue(resident=resident, claims=[confirmed_claim(resident)], form_token=token)
    other = MemberProfileFactory().user
    client.force_login(other)
    claim = confirmed_claim(other)
    client.post(reverse("certificates:create"), {"claims": [claim.pk], "form_token": token})
    theirs = Certificate.objects.get(resident=other)
    assert theirs.pk != mine.pk


def test_two_sends_that_race_still_make_one_certificate(resident, monkeypatch):
    """The second send passes the first check before the first one's row is there; the unique
    constraint then stops it, and it answers with the first certificate."""
    token = "r" * 43
    claim = confirmed_claim(resident)
    first = certificate_issue(resident=resident, claims=[claim], form_token=token)
    real_check = services._raise_if_issued
    checks = []

    def not_there_yet(resident, form_token):
        checks.append(form_token)
        if len(checks) > 1:
            real_check(resident, form_token)

    monkeypatch.setattr(services, "_raise_if_issued", not_there_yet)
    with pytest.raises(services.AlreadyIssued) as repeat:
        certificate_issue(resident=resident, claims=[claim], form_token=token)
    assert repeat.value.certificate == first
    assert Certificate.objects.filter(resident=resident).count() == 1


# HEAD, as link checkers and some mail clients send before opening a link -------------------------


def test_head_on_the_public_pages_answers_like_get(client, resident):
    certificate = issue(resident)
    for url, content_type in (
        (reverse("certificates:lookup"), "text/html"),
        (reverse("certificates:verify", args=[certificate.code]), "text/html"),
        (reverse("certificates:pdf", args=[certificate.code]), "application/pdf"),
    ):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(content_type)
    assert client.head("/intyg/ABCDEFGHJKMN/").status_code == 404
    assert client.post(reverse("certificates:verify", args=[certificate.code])).status_code == 405


# The hours in the form follow the language ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "hours", "shown"),
    [("sv", "2.5", "2,5 timmar"), ("sv", "1", "1 timme"), ("sv", "10", "10 timmar"), ("en", "2.5", "2.5")],
)
def test_the_hours_in_a_choice_are_written_as_the_language_writes_numbers(resident, language, hours, shown):
    claim = confirmed_claim(resident, hours=hours)
    with translation.override(language):
        form = CertificateForm(resident=resident)
        label = form.fields["claims"].label_from_instance(form.fields["claims"].queryset.get(pk=claim.pk))
    assert shown in label
    if language == "en":
        assert "2,5" not in label


# The lookup limit counts an IPv6 client by its /64 ----------------------------------------------


def test_addresses_in_one_ipv6_64_share_one_lookup_allowance(client):
    for n in range(LOOKUP_LIMIT):
        address = f"2001:db8:1:2::{n + 1:x}"
        assert client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR=address).status_code == 404
    fresh_address_same_network = client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert fresh_address_same_network.status_code == 429
    assert "Vänta" in fresh_address_same_network.content.decode()
    assert client.get("/intyg/ABCDEFGHJKMN/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 404


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::9", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", ""),
        (None, ""),
        ("not an address", "not an address"),
    ],
)
def test_client_key(address, key):
    assert client_key(address) == key
