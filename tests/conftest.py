import os

import pytest
from django.conf import settings as django_settings

from tests import factories
from tests.pathway_world import pathway_world  # noqa: F401  (the pathway tests and tables)
from tests.permissions import world  # noqa: F401  (a fixture shared by the permission tables)

REQUIRE_ALL_PARTS = os.environ.get("REQUIRE_ALL_PARTS") == "1"


def missing_part(message: str) -> None:
    """Skip a test whose service is not here, saying how to get it; in CI, fail instead."""
    if REQUIRE_ALL_PARTS:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # The cache may be a shared Redis; counters from earlier runs must not lock tests out.
    settings.ACCOUNT_RATE_LIMITS = False
    # Hashing a password the production way takes a third of a second; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests on committed data (browser tests, real workers, concurrency) are flushed afterwards,
    which also empties the reference tables the migrations loaded: put them back when needed."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" not in request.fixturenames and not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from municipalities.models import Municipality
    from municipalities.reference_data import load_all

    if not Municipality.objects.exists():
        load_all()


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in the test's own process, unless the test runs a real worker (the `worker` fixture)."""
    from uppdragsbanken.celery import app

    if "worker" in request.fixturenames:
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _require_postgres(request):
    if request.node.get_closest_marker("postgres"):
        engine = django_settings.DATABASES["default"]["ENGINE"]
        if not engine.endswith("postgresql"):
            missing_part(
                "This test needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test "
                "(install with `apt-get install -y postgresql`) and run the test command again."
            )


@pytest.fixture
def redis_url() -> str:
    url = django_settings.REDIS_URL
    if not url:
        missing_part(
            "This test needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 "
            "(install with `apt-get install -y redis-server`) and run the test command again."
        )
    return url


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def resident(db):
    return factories.MemberProfileFactory().user
