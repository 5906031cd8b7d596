"""The real services the suite runs against when they are configured (as in CI)."""

import pytest
from django.core.cache import cache
from django.db import connection


def test_the_cache_is_the_configured_redis(redis_url):
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(cache, RedisCache) or type(cache._cache).__name__ == "RedisCacheClient"
    cache.set("uppdragsbanken:test:roundtrip", "snöskottning", timeout=30)
    assert cache.get("uppdragsbanken:test:roundtrip") == "snöskottning"
    cache.delete("uppdragsbanken:test:roundtrip")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_is_postgresql_with_the_swedish_text_search_configuration():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('swedish', 'snöskottningen')::text")
        (vector,) = cursor.fetchone()
    assert connection.vendor == "postgresql"
    assert vector.startswith("'snöskottning")


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_do_not_spend_time_compiling_small_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
