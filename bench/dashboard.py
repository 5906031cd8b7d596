"""Measure the staff dashboard under load, next to a trivial view on the same server.

    python bench/dashboard.py             # on postgres://postgres@127.0.0.1:5432/uppdrag_bench (bench/run.py --seed)
    python bench/dashboard.py --explain   # also EXPLAIN ANALYZE the page's slowest queries

Uses the database bench/run.py --seed fills with seed_scale (200,000 assignments,
over a million claims). Picks the municipality with the most assignments, logs in
as a staff viewer of it (created once, with a verified address), counts the queries
/kommuner/<code>/statistik/?period=last_12_months runs, then starts gunicorn (DEBUG
off, like production) on a free local port and runs wrk against the trivial view
(/robots.txt, no database) and the dashboard with the same connections and duration.
Prints requests/s, latency percentiles and the throughput relative to the trivial view.
"""

import argparse
import os
import subprocess
import sys
import urllib.request

from common import DEFAULT_DB, PYTHON, ROOT, gunicorn, measure, production_env

VIEWER = "statistik.bench@bench.uppdragsbanken.example"
TARGET_MS = 500


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine moves the numbers."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def setup(explain: bool) -> tuple[str, str, int, int]:
    """Return (path, session cookie, queries per render, assignments of that municipality)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")
    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assignments.models import Assignment
    from members.models import User
    from municipalities.models import Municipality, StaffMembership

    busiest = (
        Assignment.objects.values("association__municipality")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("association__municipality", "n")[0]
    )
    municipality = Municipality.objects.get(pk=busiest[0])
    user, _ = User.objects.get_or_create(email=VIEWER, defaults={"is_active": True})
    EmailAddress.objects.update_or_create(user=user, email=VIEWER, defaults={"verified": True, "primary": True})
    StaffMembership.objects.update_or_create(user=user, municipality=municipality, defaults={"role": "viewer"})

    path = f"/kommuner/{municipality.code}/statistik/?period=last_12_months"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)  # a database session, which the gunicorn workers read too
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    client.get(path)  # the first render fills per-process caches, as the warm-up does for gunicorn
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200 or municipality.name not in response.content.decode():
        sys.exit(f"{path} answered {response.status_code} without the municipality's name: is the page there?")
    print(f"{municipality.name} ({municipality.code}): {busiest[1]} assignments; {path}")
    print(f"{len(queries)} queries per render, {sum(float(q['time']) for q in queries.captured_queries):.3f} s in SQL")
    if explain:
        slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:6]
        with connection.cursor() as cursor:
            for query in slowest:
                print(f"\n--- {float(query['time']) * 1000:.0f} ms ---\n{query['sql'][:1500]}\n")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    connection.close()
    return path, cookie, len(queries), busiest[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the page's slowest queries")
    args = parser.parse_args()
    env = production_env(args.database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    path, cookie, _queries, _total = setup(args.explain)

    with gunicorn(env, args.workers) as base:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            if "/konto/login/" in response.url:
                sys.exit("The session cookie was not accepted by the server.")
        pages = [("trivial view (/robots.txt)", "/robots.txt"), ("dashboard, last 12 months", path)]
        print(f"\n{args.connections} connections, {args.seconds} s each, {args.workers} gunicorn workers")
        print(f"load average before: {load_average()}\n")
        result = measure(base, pages, args.connections, args.seconds, cookie=cookie, rps_digits=1, ratio_digits=3)
        print(f"\nload average after: {load_average()} ({os.cpu_count()} CPUs, shared by wrk, gunicorn and PostgreSQL)")
        verdict = "meets" if result["p50"] < TARGET_MS else "misses"
        print(f"\nThe dashboard's median {result['p50']:.0f} ms {verdict} the target of {TARGET_MS} ms.")


if __name__ == "__main__":
    main()
