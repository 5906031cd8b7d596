"""With Redis down, cached pages are computed again instead of failing."""

import socket
import time

import pytest

from tests.factories import PASSWORD, AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    from uppdragsbanken.cache import TolerantRedisCache

    TolerantRedisCache._down_until = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "uppdragsbanken.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    yield
    TolerantRedisCache._down_until = 0.0


def test_the_assignment_list_still_shows_when_the_cache_is_unreachable(client, redis_down, caplog):
    AssignmentFactory(title="Skotta snö vid skolan")
    client.force_login(UserFactory())
    started = time.monotonic()
    for _ in range(3):
        response = client.get("/uppdrag/")
        assert response.status_code == 200
        assert "Skotta snö vid skolan" in response.content.decode()
    assert time.monotonic() - started < 5
    assert "cache unreachable" in caplog.text


def test_people_can_still_log_in_with_rate_limits_on_when_the_cache_is_unreachable(client, redis_down, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    person = UserFactory()
    response = client.post("/konto/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated
