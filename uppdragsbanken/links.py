"""Which addresses are this site's own: for links made from text and for redirects."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def site_host() -> str:
    """The host (and port, if any) of SITE_URL, e.g. "uppdragsbanken.se"."""
    return urlsplit(settings.SITE_URL).netloc


def is_own_url(url: str) -> bool:
    """Whether `url` is an address on this site: the scheme and host of SITE_URL, exactly.

    Input: any text. Output: True only for an absolute address whose scheme, host
    and port equal SITE_URL's, with no user part, no backslash (browsers read it as
    a slash) and nothing but printable ASCII; anything else is False, never an error.
    A mere prefix match is not enough: "https://site@evil.example/" and
    "https://site.evil.example/" start like the site's address but lead elsewhere.
    """
    if not url or not url.isascii() or not url.isprintable() or "\\" in url or any(c.isspace() for c in url):
        return False
    site = urlsplit(settings.SITE_URL)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == site.scheme
        and parts.netloc == site.netloc
        and parts.username is None
        and parts.hostname == site.hostname
        and port == site.port
        and url.startswith(f"{site.scheme}://{site.netloc}")
        and url[len(f"{site.scheme}://{site.netloc}") :][:1] in ("", "/", "?", "#")
        and url_has_allowed_host_and_scheme(url, allowed_hosts={site.netloc}, require_https=site.scheme == "https")
    )
