"""Read settings from environment variables.

Every helper names the variable in its error, so a malformed value stops
start-up with a message that says what to fix.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    raw = os.environ.get(name, default).strip()
    if not raw:
        return raw
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(f"{name} must be a URL starting with {allowed}, not {raw!r}.")
    return raw


def database_from_url(name: str, url: str, *, base_dir) -> dict:
    """Return a DATABASES entry for a postgres:// URL, or the embedded SQLite file."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": base_dir / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    import dj_database_url

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "sqlite"):
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// (or sqlite:///path), not {parts.scheme or url!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be read: {exc}") from None
    if config["ENGINE"].endswith("postgresql"):
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host:5432/dbname.")
        # JIT compilation costs about 50 ms per aggregate query on these small, frequent queries
        # (measured with bench/dashboard.py and EXPLAIN ANALYZE) and saves nothing at this size.
        config["OPTIONS"] = {"connect_timeout": 5, "options": "-c jit=off", **config.get("OPTIONS", {})}
    return config
