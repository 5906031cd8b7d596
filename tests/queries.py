"""What a query count in a test depends on besides the page: where sessions are read from."""

from django.conf import settings


def session_queries() -> int:
    """Queries a logged-in request spends reading its session: 1 from the database, 0 when
    sessions are read from Redis (`cached_db`, set with REDIS_URL as in production; the test's
    login has put the session there)."""
    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
