"""Login lockout (django-axes): every way to log in refuses a password guesser, counted in the
database per e-mail address and client address, with Redis down and across processes."""

import os
import socket
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from uppdragsbanken.cache import TolerantRedisCache

ROOT = Path(__file__).resolve().parent.parent
LOCKED = "För många försök att logga in"


def admin_login(client: Client, email: str, password: str):
    return client.post("/admin/login/", {"username": email, "password": password, "next": "/admin/"})


def site_login(client: Client, email: str, password: str):
    return client.post("/konto/login/", {"login": email, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@exempel.se", is_staff=True, is_superuser=True)


def test_thirty_wrong_passwords_on_the_admin_login_then_the_right_one_is_refused(admin):
    client = Client()
    for _ in range(30):
        admin_login(client, "admin@exempel.se", "fel-lösenord")
    response = admin_login(client, "admin@exempel.se", PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_lockout_page_says_when_to_try_again_and_how_to_reset_the_password(admin):
    client = Client()
    for _ in range(5):
        response = admin_login(client, "admin@exempel.se", "fel-lösenord")
    page = response.content.decode()
    assert LOCKED in page
    assert "Vänta 15 minuter och försök igen efter klockan" in page
    assert "/konto/password/reset/" in page
    assert "Välj ett nytt lösenord" in page


def test_an_admin_who_mistypes_a_few_times_still_logs_in(admin):
    client = Client()
    for _ in range(4):
        admin_login(client, "admin@exempel.se", "fel-lösenord")
    admin_login(client, "admin@exempel.se", PASSWORD)
    assert logged_in(client)


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The cache is a Redis nobody answers on (a closed port), and allauth's own limits are on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setattr(TolerantRedisCache, "_down_until", 0.0)
    settings.CACHES = {
        "default": {
            "BACKEND": "uppdragsbanken.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    del settings.ACCOUNT_RATE_LIMITS  # allauth's defaults, which live in the (dead) cache


def test_thirty_wrong_passwords_on_the_site_login_then_the_right_one_is_refused_while_redis_is_down(
    resident, redis_down
):
    client = Client()
    for _ in range(30):
        site_login(client, resident.email, "fel-lösenord")
    response = site_login(client, resident.email, PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()
    assert client.get("/mina-sidor/").status_code == 302


def test_the_admin_and_the_site_login_share_one_count_whatever_the_case_of_the_address(admin):
    client = Client()
    for _ in range(3):
        admin_login(client, "Admin@Exempel.se", "fel-lösenord")
    for _ in range(2):
        site_login(client, "admin@exempel.se", "fel-lösenord")
    response = site_login(client, "ADMIN@exempel.se", PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()


def test_a_guesser_at_one_address_does_not_lock_the_resident_out_from_their_own(resident):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(30):
        site_login(attacker, resident.email, "fel-lösenord")
    site_login(attacker, resident.email, PASSWORD)
    assert not logged_in(attacker)

    at_home = Client(REMOTE_ADDR="192.0.2.44")
    site_login(at_home, resident.email, PASSWORD)
    assert logged_in(at_home)


def test_after_the_wait_the_right_password_works_again(resident):
    client = Client()
    for _ in range(6):
        site_login(client, resident.email, "fel-lösenord")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    site_login(client, resident.email, PASSWORD)
    assert logged_in(client)


def test_reauthentication_is_refused_to_a_password_guesser_holding_a_session(resident):
    client = Client()
    client.force_login(resident)
    for _ in range(5):
        client.post("/konto/reauthenticate/", {"password": "fel-lösenord"})
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert LOCKED in response.content.decode()
    assert AccessAttempt.objects.get(username=resident.email).failures_since_start >= 5


def test_a_client_cannot_escape_the_lockout_by_writing_its_own_forwarded_for_header(resident):
    for n in range(10):
        site_login(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), resident.email, "fel-lösenord")
    client = Client(HTTP_X_FORWARDED_FOR="203.0.113.99")
    response = site_login(client, resident.email, PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()


def test_behind_the_proxy_the_address_the_proxy_added_is_counted(resident, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = "172.18.0.2"
    guesser = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.160")
    for _ in range(5):
        site_login(guesser, resident.email, "fel-lösenord")
    site_login(guesser, resident.email, PASSWORD)
    assert not logged_in(guesser)
    assert AccessAttempt.objects.get().ip_address == "81.2.69.160"

    # The same proxy forwards the resident from home: not locked out.
    at_home = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="81.2.69.200")
    site_login(at_home, resident.email, PASSWORD)
    assert logged_in(at_home)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_failures_in_one_process_count_in_another():
    UserFactory(email="delad@exempel.se")
    db = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "uppdragsbanken.settings",
        "DEBUG": "true",
    }
    env.pop("REDIS_URL", None)
    other_process = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        from django.test.utils import setup_test_environment
        setup_test_environment()
        for _ in range(4):
            Client().post("/konto/login/", {"login": "delad@exempel.se", "password": "fel-lösenord"})
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", other_process], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert AccessAttempt.objects.get(username="delad@exempel.se").failures_since_start == 4

    client = Client()
    site_login(client, "delad@exempel.se", "fel-lösenord")  # the fifth, in this process
    response = site_login(client, "delad@exempel.se", PASSWORD)
    assert not logged_in(client)
    assert LOCKED in response.content.decode()


def test_every_try_after_the_lockout_shows_the_lockout_page_even_with_the_right_password(resident, settings):
    from uppdragsbanken import settings as site_settings

    settings.ACCOUNT_RATE_LIMITS = site_settings.ACCOUNT_RATE_LIMITS  # the site's own limits, as in production
    client = Client()
    for _ in range(5):
        site_login(client, resident.email, "fel-lösenord")
    for password in ("fel-igen", PASSWORD):
        page = site_login(client, resident.email, password).content.decode()
        assert LOCKED in page
        assert "försök igen efter klockan" in page
    assert not logged_in(client)
