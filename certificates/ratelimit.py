"""A fixed-window limit on how often one client address may do something, counted in the cache.

The client is the address the login lockout counts (django-axes, which honours BEHIND_PROXY):
behind the proxy REMOTE_ADDR is the proxy's own, and everyone would share one allowance.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class RateDecision:
    over: bool
    # When the current window ends and the client may try again (aware, UTC).
    retry_at: datetime
    retry_after_seconds: int


def count_and_check(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> RateDecision:
    """Count one more use of `scope` by this request's client and say whether it is over `limit`
    uses in the current window of `window_seconds` (windows start at multiples of it, UTC).

    Inputs: the request; `scope`, a name that keeps this counter apart from others (and tests
    apart from each other); the limit and the window length in seconds. Output: a RateDecision.
    An unreachable cache counts nothing and lets the request through: a limit must not take
    the page down with it. Raises nothing.
    """
    from axes.helpers import get_client_ip_address

    now = time.time()
    window = int(now // window_seconds)
    ends = (window + 1) * window_seconds
    key = f"rate:{scope}:{get_client_ip_address(request) or ''}:{window}"
    try:
        cache.add(key, 0, window_seconds + 60)
        over = cache.incr(key) > limit
    except Exception:
        over = False
    return RateDecision(
        over=over,
        retry_at=datetime.fromtimestamp(ends, tz=UTC),
        retry_after_seconds=max(1, int(ends - now)),
    )
