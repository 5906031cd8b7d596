"""Every page sends the strict Content-Security-Policy, and none carries inline script or style
that the policy would refuse (the browser tests also fail on any reported violation)."""

import re

import pytest
from django.test import Client

from tests.assignments.test_permissions_table import ROWS as ASSIGNMENT_ROWS
from tests.assignments.test_permissions_table import assignments  # noqa: F401  (fixture)
from tests.associations.test_permissions_table import ROWS as ASSOCIATION_ROWS
from tests.factories import PASSWORD, UserFactory
from tests.permissions import ACTORS

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# Pages outside the permission tables: the site's own, the account pages, the resident's pages.
MORE_PAGES = [
    "/",
    "/om/",
    "/tillganglighet/",
    "/personuppgifter/",
    "/mina-sidor/",
    "/mina-sidor/profil/",
    "/mina-sidor/notiser/",
    "/mina-sidor/bevakningar/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/konto/password/change/",
    "/konto/email/",
    "/konto/reauthenticate/",
    "/finns-inte/",
]
PAGES = sorted({row[1] for row in ASSIGNMENT_ROWS + ASSOCIATION_ROWS if row[0] == "get"} | set(MORE_PAGES))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+=", re.IGNORECASE)
HX_ON = re.compile(r"\shx-on", re.IGNORECASE)


def policy_of(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())


def assert_strict_and_clean(response, path: str) -> None:
    assert policy_of(response) == POLICY, f"{path}: {response.headers.get('Content-Security-Policy')!r}"
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        for name, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("event handler", EVENT_HANDLER),
            ("hx-on", HX_ON),
        ):
            found = pattern.search(html)
            assert found is None, f"{path} has an {name}: {html[max(found.start() - 80, 0) : found.end() + 80]}"


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_sends_the_strict_policy_to_every_kind_of_person(world, assignments, actor):  # noqa: F811
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    ids = {**world["ids"], **assignments}
    for path in PAGES:
        response = client.get(path.format(**ids))
        assert_strict_and_clean(response, path)


def test_the_admin_sends_the_strict_policy(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in ("/admin/", "/admin/members/user/", "/admin/members/user/add/", "/admin/login/"):
        assert policy_of(client.get(path)) == POLICY, path


def test_the_lockout_page_sends_the_strict_policy(resident):
    client = Client()
    for _ in range(6):
        response = client.post("/konto/login/", {"login": resident.email, "password": "fel-" + PASSWORD})
    assert "För många försök att logga in" in response.content.decode()
    assert_strict_and_clean(response, "lockout")


def test_pages_that_load_htmx_tell_it_not_to_inject_its_style(client, db):
    html = client.get("/uppdrag/").content.decode()
    assert "htmx.min.js" in html
    config = (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false, '
        '"attributesToSettle": ["class", "width", "height"]}\'>'
    )
    # Settling a style attribute over a swap would set an inline style, which the policy refuses.
    assert config in html


def test_the_policy_built_once_is_the_one_django_csp_writes(rf):
    from csp.middleware import CSPMiddleware as LibraryMiddleware
    from django.http import HttpResponse

    from uppdragsbanken.csp import CSPMiddleware

    ours = CSPMiddleware(lambda request: HttpResponse())(rf.get("/uppdrag/"))
    theirs = LibraryMiddleware(lambda request: HttpResponse())(rf.get("/uppdrag/"))
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]


def test_a_response_with_a_policy_of_its_own_gets_it_and_the_next_does_not(rf):
    from django.http import HttpResponse

    from uppdragsbanken.csp import CSPMiddleware

    def view(request):
        response = HttpResponse()
        if request.path == "/karta/":
            response._csp_update = {"img-src": ["https://kartor.example"]}
        return response

    middleware = CSPMiddleware(view)
    assert "https://kartor.example" in middleware(rf.get("/karta/"))["Content-Security-Policy"]
    assert "https://kartor.example" not in middleware(rf.get("/uppdrag/"))["Content-Security-Policy"]
