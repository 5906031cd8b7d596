"""What the benchmarks share: a gunicorn on a free local port, and wrk against it.

Imported by bench/run.py and bench/dashboard.py, which run as scripts from this folder.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/uppdrag_bench"


def production_env(database_url: str, redis_url: str = "") -> dict:
    """The environment to serve the site in as production would (DEBUG off), on this database;
    with Redis as the cache when `redis_url` is given (emptied first), else a cache per process.
    Exits when wrk, which measures, is missing."""
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SUPPORT_EMAIL": "bench@localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, connections: int, seconds: int, cookie: str = "", script: str = "latency.lua") -> dict[str, float]:
    """Run wrk against `url` and return rps, errors and the p50/p90/p95/p99 latencies in ms
    (printed by bench/latency.lua). `cookie` is sent as a Cookie header when given; `script` is
    the wrk script in bench/ (uncached.lua makes every request's address unique)."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            *headers,
            "-s",
            str(ROOT / "bench" / script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {key: float(value) for key, value in re.findall(r"^(\w+) ([\d.]+)$", out, re.MULTILINE)}


@contextmanager
def gunicorn(env: dict, workers: int) -> Iterator[str]:
    """Serve the site with gunicorn (as in production) on a free local port; yield its base URL
    once /healthz answers, and stop the whole process group afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "uppdragsbanken.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def measure(
    base: str,
    pages: list[tuple],
    connections: int,
    seconds: int,
    *,
    cookie: str = "",
    rps_digits: int = 0,
    ratio_digits: int = 2,
) -> dict[str, float]:
    """Warm every worker up on each page, then measure each in turn and print a row per page:
    requests/s, latency percentiles (ms) and throughput relative to the first page (the
    trivial view). A page is (name, path) or (name, path, options), options a dict with
    "cookie" (this page's own) and "script" (see wrk). Returns the last page's result."""

    def options(page: tuple) -> dict:
        extra = page[2] if len(page) > 2 else {}
        return {"cookie": extra.get("cookie", cookie), "script": extra.get("script", "latency.lua")}

    for page in pages:
        wrk(base + page[1], connections, 2, **options(page))
    print(f"{'page':38} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'vs trivial':>10}")
    trivial = None
    result: dict[str, float] = {}
    for page in pages:
        name, path = page[0], page[1]
        result = wrk(base + path, connections, seconds, **options(page))
        trivial = trivial or result["rps"]
        errors = f"  ({int(result['errors'])} errors)" if result["errors"] else ""
        print(
            f"{name:38} {result['rps']:8.{rps_digits}f} {result['p50']:8.1f} {result['p90']:8.1f} "
            f"{result['p95']:8.1f} {result['p99']:8.1f} {result['rps'] / trivial:10.{ratio_digits}f}{errors}"
        )
    return result
