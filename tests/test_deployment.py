"""docker-compose.yml, .env.example and the README agree with what settings.py reads."""

import re
from pathlib import Path

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
    assert services["db"]["image"].startswith("postgres:15")
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
