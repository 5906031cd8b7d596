"""Only the site's own addresses become links in e-mail, and `next` leads only to this site."""

import pytest
from django.urls import reverse

from notifications.email import html_body
from uppdragsbanken.links import is_own_url

SITE = "https://uppdragsbanken.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["uppdragsbanken.example", "testserver", ".uppdragsbanken.example"]


@pytest.mark.parametrize(
    "text",
    [
        f"{SITE}@evil.example/login",  # the site's address as a user name
        "https://uppdragsbanken.example:pass@evil.example/",
        "https://uppdragsbanken.example.evil.example/login",  # the site's name as a subdomain
        "https://uppdragsbanken.example:8443/login",  # another port
        "https://uppdragsbanken.example\\@evil.example/",  # browsers read the backslash as a slash
        "https://evil.example\\.uppdragsbanken.example/",
        "//evil.example/uppdragsbanken.example",
        "HTTPS://evil.example/",
        "https://uppdragsbаnken.example/login",  # a Cyrillic а
        "https://xn--uppdragsbnken-dxi.example/login",
        "http://uppdragsbanken.example/login",  # not the site's scheme
        "https://evil.example/?next=https://uppdragsbanken.example/",
        "javascript://uppdragsbanken.example/%0aalert(1)",
    ],
)
def test_an_address_that_only_looks_like_the_sites_stays_plain_text_in_e_mail(text):
    html = html_body(f"Logga in här: {text} idag")
    assert "<a " not in html
    assert not is_own_url(text)


def test_the_sites_own_address_becomes_a_link_without_the_full_stop_after_it():
    html = html_body(f"Se {SITE}/uppdrag/12/?a=1&b=2. Tack!")
    assert f'<a href="{SITE}/uppdrag/12/?a=1&amp;b=2">{SITE}/uppdrag/12/?a=1&amp;b=2</a>. Tack!' in html


def test_whitespace_ends_an_address_so_what_follows_is_not_part_of_the_link():
    html = html_body(f"{SITE}/uppdrag/\t@evil.example\n{SITE}/ny")
    assert f'<a href="{SITE}/uppdrag/">' in html
    assert "@evil.example" in html and 'href="@evil' not in html


def test_an_uppercase_scheme_for_the_site_is_not_made_a_link():
    assert not is_own_url("HTTPS://uppdragsbanken.example/uppdrag/")
    assert "<a " not in html_body("HTTPS://uppdragsbanken.example/uppdrag/")


def test_markup_in_a_message_is_shown_as_text():
    html = html_body(f'<a href="https://evil.example">{SITE}/</a>')
    assert "&lt;a href=" in html
    assert 'href="https://evil.example"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https://uppdragsbanken.example@evil.example/",
        "https://sub.uppdragsbanken.example/",  # allowed as a host pattern, but not this site
        " https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_logging_in_never_leads_to_another_site(client, next_url):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_logging_in_leads_on_to_a_page_on_this_site(client):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": "/uppdrag/?q=sn%C3%B6"}
    )
    assert response["Location"] == "/uppdrag/?q=sn%C3%B6"


@pytest.mark.django_db
def test_switching_language_never_leads_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert "evil.example" not in response["Location"]
