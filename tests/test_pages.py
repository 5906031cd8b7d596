import pytest
from django.test import Client

from tests.factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/om/", "/tillganglighet/", "/personuppgifter/", "/konto/login/", "/konto/signup/"]
)
def test_public_pages_are_swedish_and_have_the_site_layout(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html  # skip link
    assert 'id="main"' in html
    for footer_link in ('href="/om/"', 'href="/tillganglighet/"', 'href="/personuppgifter/"'):
        assert footer_link in html


def test_the_accessibility_statement_says_how_to_report_a_problem(client, settings):
    html = client.get("/tillganglighet/").content.decode()
    assert "Tillgänglighetsredogörelse" in html
    assert f"mailto:{settings.SUPPORT_EMAIL}" in html
    assert "Digg" in html


def test_the_privacy_page_says_how_to_get_data_erased(client, settings):
    html = client.get("/personuppgifter/").content.decode()
    assert f"mailto:{settings.SUPPORT_EMAIL}" in html
    assert "IMY" in html or "Integritetsskyddsmyndigheten" in html


def test_an_unknown_url_gives_a_styled_swedish_404(client):
    response = client.get("/finns-inte/alls/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "/static/css/site.css" in html
    assert 'href="/"' in html


@pytest.mark.urls("tests.urls_with_crash")
def test_an_error_gives_a_styled_swedish_500():
    client = Client(raise_request_exception=False)
    response = client.get("/krasch/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "/static/css/site.css" in html
    assert "Traceback" not in html


def test_the_start_page_shows_the_latest_open_assignments_but_not_drafts(client):
    AssignmentFactory(title="Måla staketet vid bygdegården")
    AssignmentFactory(title="Hemligt utkast", status="draft", published_at=None)
    html = client.get("/").content.decode()
    assert "Måla staketet vid bygdegården" in html
    assert "Hemligt utkast" not in html


def test_a_draft_assignment_is_not_shown_to_the_public(client):
    draft = AssignmentFactory(status="draft", published_at=None)
    assert client.get(f"/uppdrag/{draft.pk}/").status_code == 404


def test_an_assignment_page_shows_the_assignment(client):
    assignment = AssignmentFactory(title="Skotta utegymmet i Rusksele")
    response = client.get(f"/uppdrag/{assignment.pk}/")
    assert response.status_code == 200
    assert "Skotta utegymmet i Rusksele" in response.content.decode()


def test_switching_language_shows_the_site_in_english_without_javascript(client):
    response = client.post("/sprak/", {"language": "en", "next": "/om/"})
    assert response.status_code == 302
    assert response["Location"] == "/om/"
    html = client.get("/om/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_switching_language_is_remembered_for_a_logged_in_persons_email(client):
    person = UserFactory()
    client.force_login(person)
    client.post("/sprak/", {"language": "en", "next": "/"})
    person.refresh_from_db()
    assert person.language == "en"


def test_my_pages_require_login(client):
    response = client.get("/mina-sidor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_the_header_shows_who_is_logged_in(client):
    person = UserFactory(email="karin@exempel.se")
    client.force_login(person)
    html = client.get("/mina-sidor/").content.decode()
    assert "karin@exempel.se" in html
    assert "Logga ut" in html
