"""django-csp's middleware, with the site's one policy written once instead of for every response.

django-csp 4.0 builds the Content-Security-Policy header anew for each response (reading the
settings, copying the policy with dataclasses.asdict, joining it), and does so twice, for the
enforced and the report-only header. Measured with bench/middleware.py on /robots.txt, that was
the largest single cost of the middleware stack: about a quarter of the trivial view's time in
process. This site has one policy and no view changes it (no csp_update, csp_replace, csp_exempt
or nonce), so the header is built once per setting and reused. A response or request that does
use one of those goes through django-csp's own code unchanged.
"""

from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators and nonces leave on a response or request.
PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)

_built: dict[str, str] = {}


@receiver(setting_changed)
def _forget(setting: str, **kwargs) -> None:
    """A test that changes a CSP setting gets the header built from it."""
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _built.clear()


class CSPMiddleware(LibraryCSPMiddleware):
    """The same headers as django-csp's middleware, each built once (see the module's docstring)."""

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in PER_RESPONSE)
            or _excluded(request.path_info)
        ):
            return super().process_response(request, response)
        if "headers" not in _built:
            # Built by django-csp itself, on a response of its own, so what it writes is unchanged.
            from django.http import HttpResponse

            probe = super().process_response(_Probe(), HttpResponse())
            _built["headers"] = {name: value for name, value in probe.items() if "Content-Security-Policy" in name}
        for name, value in _built["headers"].items():
            if name not in response:
                response[name] = value
        # As django-csp does: a nonce asked for after the header is written is an error, not a gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _excluded(path: str) -> bool:
    """Whether a CSP setting excludes this path (EXCLUDE_URL_PREFIXES); the site sets none."""
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if prefixes and path.startswith(tuple(prefixes)):
            return True
    return False


class _Probe:
    """A request with no path prefix excluded and no nonce, to build the plain policy."""

    path_info = "/"
    _csp_nonce = None
