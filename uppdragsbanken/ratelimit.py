"""A fixed-window limit on how often one client may do something, counted in the cache.

Who counts as one client: the address the login lockout counts (django-axes, which honours
BEHIND_PROXY: behind the proxy REMOTE_ADDR is the proxy's own, and everyone would share one
allowance). An IPv4 address is one client; an IPv6 client is its /64 network, because one
home or phone is routinely given a whole /64 (RFC 6177, RIPE-690) and could otherwise take
a fresh address for every try. An IPv4 address written as IPv6 (::ffff:a.b.c.d) counts as
the IPv4 address, not as part of a /64 that every such address would share.

Where it is counted: in Django's default cache. In production that is Redis, shared by all
processes, so the limit holds for the whole site. Without REDIS_URL it is the local-memory
cache, so each process counts on its own and the real allowance is the limit times the
number of processes.

What it is for: the certificate lookup. Codes carry 60 random bits
(certificates.services.new_code), which alone make guessing hopeless: with a million
certificates issued, one in about 10^12 guesses hits one, and at the lookup limit of 30 tries
per ten minutes that is some 700,000 years per address. So this limit is a second line of
defence against bulk lookups, not the protection itself.

Why our own code and not django-ratelimit (considered, version 4.1; not installed): its
get_usage() would do the same counting (fixed window, cache.add + cache.incr, an IPv6 /64
mask by default), but (1) its system check fails with an error (django_ratelimit.E003) on
LocMemCache, the cache of development and CI here, unless that check is silenced for the
whole site; (2) it warns (W001) about our Redis backend (uppdragsbanken.cache.TolerantRedisCache)
as unsupported; (3) its default when the cache cannot answer is to limit everyone
(RATELIMIT_FAIL_OPEN defaults to False), where a lookup page should rather stay up; (4) its
"ip" key masks anything with a colon as IPv6, so every IPv4-mapped address (::ffff:a.b.c.d)
shares one /64 bucket. Working round these costs about as many lines as this module, plus a
dependency to keep up to date. django-axes, already here, limits only login attempts.
"""

import ipaddress
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.http import HttpRequest

# The IPv6 prefix length one client is counted by: the usual assignment to one end site.
IPV6_CLIENT_PREFIX = 64


def _now() -> float:
    """Seconds since the epoch; one place for tests to hold the clock still."""
    return time.time()


@dataclass(frozen=True)
class RateDecision:
    over: bool
    # When the current window ends and the client may try again (aware, UTC).
    retry_at: datetime
    retry_after_seconds: int


def client_key(address: str | None) -> str:
    """The name one client is counted under, from its address.

    Input: the client's IP address as text (IPv4 or IPv6, possibly with a zone such as
    "%eth0"), or None/"" when unknown. Output: the IPv4 address ("203.0.113.7"); for IPv6
    the /64 network ("2001:db8:1:2::/64"); an IPv4-mapped IPv6 address as its IPv4
    address; "" for no address; anything that is not an address, as it was (so odd input
    is still counted, apart from real addresses). Raises nothing.
    """
    if not address:
        return ""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def count_and_check(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> RateDecision:
    """Count one more use of `scope` by this request's client and say whether it is over `limit`
    uses in the current window of `window_seconds` (windows start at multiples of it, UTC).

    Inputs: the request; `scope`, a name that keeps this counter apart from others (and tests
    apart from each other); the limit and the window length in seconds. The client is the
    address django-axes reads, keyed by client_key (IPv4 address or IPv6 /64). Output: a
    RateDecision. An unreachable cache counts nothing and lets the request through: a limit
    must not take the page down with it. Raises nothing.
    """
    from axes.helpers import get_client_ip_address

    now = _now()
    window = int(now // window_seconds)
    ends = (window + 1) * window_seconds
    key = f"rate:{scope}:{client_key(get_client_ip_address(request))}:{window}"
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
