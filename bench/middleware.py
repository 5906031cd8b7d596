"""What each middleware costs on the trivial view, in process, without a server or a database.

    python bench/middleware.py              # 20,000 requests per variant
    python bench/middleware.py --requests 5000

Runs /robots.txt through Django's WSGI handler (DEBUG off) with no middleware, then with the
first one, the first two, and so on up to the whole stack (each needs those before it), and
prints microseconds per request and what each one adds. The README's "Benchmarks" section says why each one is there.
"""

import argparse
import os
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environ() -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/robots.txt",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "sv-SE,sv;q=0.9,en;q=0.8",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def per_request(middleware: list[str], requests: int) -> float:
    """Microseconds per request of /robots.txt through a handler with this middleware."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = WSGIHandler()

        def start_response(status, headers):
            assert status.startswith("200"), status

        for _ in range(200):  # warm up
            b"".join(handler(environ(), start_response))
        start = time.perf_counter()
        for _ in range(requests):
            b"".join(handler(environ(), start_response))
        return (time.perf_counter() - start) / requests * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SUPPORT_EMAIL": "bench@localhost",
            "SECURE_SSL_REDIRECT": "false",
        }
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")
    import django

    django.setup()
    from django.conf import settings

    stack = list(settings.MIDDLEWARE)
    print(f"/robots.txt, {args.requests} requests per variant, load average {os.getloadavg()[0]:.2f}\n")
    print(f"{'':58} {'µs/request':>10} {'it adds':>10}")
    before = per_request([], args.requests)
    print(f"{'no middleware':58} {before:10.1f}")
    for k, name in enumerate(stack, start=1):
        now = per_request(stack[:k], args.requests)
        print(f"{'+ ' + name:58} {now:10.1f} {now - before:10.1f}")
        before = now


if __name__ == "__main__":
    main()
