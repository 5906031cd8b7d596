"""docker-compose.yml, .env.example and the README agree with what settings.py reads."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = set(
    re.findall(r'env_(?:str|bool|int|list|url)\(\s*"([A-Z_]+)"', (ROOT / "uppdragsbanken/settings.py").read_text())
) | {"DATABASE_URL"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_example() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_compose_runs_postgresql_redis_web_worker_and_beat():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    # PostgreSQL 15 with the Swedish search dictionary, built from the official image.
    assert services["db"]["build"] == "docker/postgres"
    dockerfile = (ROOT / "docker" / "postgres" / "Dockerfile").read_text()
    assert "FROM postgres:15" in dockerfile and "hunspell-sv" in dockerfile
    assert services["redis"]["image"].startswith("redis:7")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "uppdragsbanken", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "uppdragsbanken", "beat"]


def test_every_app_service_points_at_the_compose_database_and_redis():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://uppdrag:")
        assert environment["DATABASE_URL"].endswith("@db:5432/uppdragsbanken")
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["env_file"] == ".env"


def test_the_env_example_only_sets_variables_the_settings_read():
    assert env_example() - {"POSTGRES_PASSWORD"} <= SETTINGS_VARIABLES
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SUPPORT_EMAIL", "SITE_URL"} <= env_example()


def test_the_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert documented == SETTINGS_VARIABLES


def test_compose_reads_client_addresses_from_its_proxy_and_publishes_the_app_only_to_it():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["environment"]["BEHIND_PROXY"] == "true"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_the_run_command_points_site_url_at_the_port_it_serves_unless_site_url_is_set():
    script = (ROOT / "scripts/run").read_text()
    assert 'PORT="${PORT:-8000}"' in script
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"' in script
    assert script.index("export SITE_URL") < script.index("manage.py migrate")
    assert 'runserver "127.0.0.1:${PORT}"' in script


def test_the_readme_says_how_to_run_on_another_port():
    assert "PORT=8801 ./scripts/run" in (ROOT / "README.md").read_text()


@pytest.fixture
def on_port_8801(settings, db):
    from uppdragsbanken.apps import sync_site

    settings.SITE_URL = "http://127.0.0.1:8801"
    sync_site()  # as after `migrate` in ./scripts/run


def test_after_migrate_the_site_is_named_uppdragsbanken_at_the_site_url(on_port_8801):
    from allauth.utils import build_absolute_uri
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Uppdragsbanken", "127.0.0.1:8801")
    # Links made without a request (e-mail sent later by a worker) point at SITE_URL too.
    assert build_absolute_uri(None, "/konto/login/") == "http://127.0.0.1:8801/konto/login/"


def test_the_sign_up_email_greets_from_uppdragsbanken_and_links_to_the_site_url(
    on_port_8801, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/signup/",
            {"email": "ny@exempel.se", "password1": "ett-langt-losenord-77", "password2": "ett-langt-losenord-77"},
            HTTP_HOST="127.0.0.1:8801",
        )
    [message] = [m for m in mailoutbox if "ny@exempel.se" in m.to]
    body = message.body
    assert "Hej från Uppdragsbanken!" in body
    assert "Hej från 127.0.0.1" not in body
    assert "http://127.0.0.1:8801/konto/confirm-email/" in body
    assert message.subject.startswith("Uppdragsbanken: ")
