"""Settings come from environment variables; a malformed one stops start-up
with a message that names it. Each case starts a fresh Python process, the way
a server would start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
    "'db_name': str(s.DATABASES['default']['NAME']), 'db_host': s.DATABASES['default'].get('HOST', ''), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], "
    "'email': s.EMAIL_BACKEND, 'email_host': s.EMAIL_HOST, 'email_port': s.EMAIL_PORT, 'tls': s.EMAIL_USE_TLS, "
    "'hosts': s.ALLOWED_HOSTS, 'site_url': s.SITE_URL, 'from': s.DEFAULT_FROM_EMAIL}))"
)
VARIABLES = [
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "SUPPORT_EMAIL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_PROXY",
    "PORT",
]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-a-long-and-random-production-secret-7f3a9c2e1b",
    "ALLOWED_HOSTS": "uppdrag.kommun.example",
    "SUPPORT_EMAIL": "uppdrag@kommun.example",
}


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "uppdragsbanken.settings"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def settings_with(**env: str) -> dict:
    result = run(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def startup_error(**env: str) -> str:
    result = run(PROBE, **env)
    assert result.returncode != 0, "start-up should have stopped"
    return result.stderr.strip().splitlines()[-1]


def test_with_nothing_set_the_site_uses_sqlite_eager_celery_and_console_email():
    s = settings_with()
    assert s["debug"] is True
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db_name"].endswith("db.sqlite3")
    assert s["eager"] is True
    assert s["broker"] == "memory://"
    assert s["cache"].endswith("LocMemCache")
    assert s["email"].endswith("console.EmailBackend")


def test_database_url_switches_to_postgresql():
    s = settings_with(DATABASE_URL="postgres://uppdrag:hemligt@db.internal:5433/uppdragsbanken")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db_name"] == "uppdragsbanken"
    assert s["db_host"] == "db.internal"


def test_redis_url_makes_celery_use_a_real_broker_and_redis_cache():
    s = settings_with(REDIS_URL="redis://cache.internal:6379/2")
    assert s["eager"] is False
    assert s["broker"] == "redis://cache.internal:6379/2"
    assert s["cache"].endswith("RedisCache")


def test_email_host_switches_to_smtp():
    s = settings_with(EMAIL_HOST="smtp.kommun.example", EMAIL_PORT="2525", EMAIL_USE_TLS="yes")
    assert s["email"].endswith("smtp.EmailBackend")
    assert (s["email_host"], s["email_port"], s["tls"]) == ("smtp.kommun.example", 2525, True)


def test_production_settings_are_read_from_the_environment():
    s = settings_with(**PRODUCTION, SITE_URL="https://uppdrag.kommun.example/")
    assert s["debug"] is False
    assert s["hosts"] == ["uppdrag.kommun.example"]
    assert s["site_url"] == "https://uppdrag.kommun.example"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "kanske"),
        ("EMAIL_PORT", "tjugofem"),
        ("EMAIL_PORT", "70000"),
        ("DATABASE_URL", "mysql://root@localhost/uppdrag"),
        ("DATABASE_URL", "postgres://localhost"),
        ("REDIS_URL", "localhost:6379"),
        ("SITE_URL", "uppdrag.kommun.example"),
        ("EMAIL_USE_SSL", "perhaps"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(variable, value):
    message = startup_error(**{variable: value})
    assert "ImproperlyConfigured" in message
    assert variable in message


def test_production_without_a_secret_key_refuses_to_start():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    assert "SECRET_KEY" in startup_error(**env)


def test_production_without_allowed_hosts_refuses_to_start():
    env = {**PRODUCTION}
    del env["ALLOWED_HOSTS"]
    assert "ALLOWED_HOSTS" in startup_error(**env)


def test_check_deploy_reports_nothing_with_debug_off_and_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in VARIABLES}, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
