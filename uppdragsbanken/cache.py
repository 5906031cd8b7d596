"""A Redis cache that lets the site go on when Redis is down.

Everything cached here can be computed again, so an unreachable Redis is a
cache miss, not an error page. After a failure Redis is left alone for a while,
so each request does not wait for the connect timeout again.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 30
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class TolerantRedisCache(RedisCache):
    _down_until = 0.0

    def _guarded(name: str, fallback):
        def method(self, *args, **kwargs):
            if time.monotonic() < TolerantRedisCache._down_until:
                return fallback(*args, **kwargs)
            try:
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except FAILURES as error:
                TolerantRedisCache._down_until = time.monotonic() + PAUSE_SECONDS
                logger.warning("cache unreachable, going on without it for %d s: %s", PAUSE_SECONDS, error)
                return fallback(*args, **kwargs)

        method.__name__ = name
        return method

    get = _guarded("get", lambda key, default=None, version=None: default)
    get_many = _guarded("get_many", lambda keys, version=None: {})
    has_key = _guarded("has_key", lambda key, version=None: False)
    set = _guarded("set", lambda *args, **kwargs: None)
    # As if it were stored: a lock taken with add() (allauth's rate limits) must not refuse everyone.
    add = _guarded("add", lambda *args, **kwargs: True)
    set_many = _guarded("set_many", lambda data, *args, **kwargs: list(data))
    touch = _guarded("touch", lambda *args, **kwargs: False)
    delete = _guarded("delete", lambda *args, **kwargs: False)
    delete_many = _guarded("delete_many", lambda *args, **kwargs: None)
    clear = _guarded("clear", lambda *args, **kwargs: False)
    del _guarded
