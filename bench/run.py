"""Measure the assignment pages under load, next to a trivial view on the same server.

    python bench/run.py                 # uses postgres://postgres@127.0.0.1:5432/uppdrag_bench
    python bench/run.py --seed          # (re)creates that database and fills it with seed_scale first

Starts gunicorn (DEBUG off, like production) on a free local port, warms it up,
then runs wrk against each page with the same connections and duration and
prints requests/s, latency percentiles and the throughput relative to the
trivial view (/robots.txt, no database).
"""

import argparse
import os
import subprocess
import sys

from common import DEFAULT_DB, PYTHON, ROOT, gunicorn, measure, production_env


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def seed(env: dict, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "seed_scale", "--force"], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--seed", action="store_true", help="recreate the database and run seed_scale first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    env = production_env(args.database_url)
    if args.seed:
        seed(env, args.database_url)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")
    django.setup()
    from assignments.models import Assignment, Category
    from municipalities.models import Municipality

    detail = Assignment.objects.filter(status="published").order_by("-published_at").values_list("pk", flat=True)[100]
    municipality = Municipality.objects.get(code="2481").code
    category = Category.objects.get(slug="snorojning-och-vinter").slug
    total = Assignment.objects.count()

    pages = [
        ("trivial view (/robots.txt)", "/robots.txt"),
        ("list, unfiltered", "/uppdrag/"),
        ("list, filtered", f"/uppdrag/?municipality={municipality}&category={category}&paid=on&sort=soonest"),
        # Finds nothing in seed_scale's titles, so it also pays for "Menade du …?".
        ("list, free text", "/uppdrag/?q=sn%C3%B6skottning"),
        # Thousands of hits to rank.
        ("list, free text, many hits", "/uppdrag/?q=skotta+sn%C3%B6"),
        ("list, misspelt", "/uppdrag/?q=bygdegarden+ruskele"),
        ("list, free text + filter", f"/uppdrag/?q=servering&municipality={municipality}"),
        ("detail", f"/uppdrag/{detail}/"),
    ]
    with gunicorn(env, args.workers) as base:
        print(
            f"{total} assignments; {args.connections} connections, {args.seconds} s each, "
            f"{args.workers} gunicorn workers\n"
        )
        measure(base, pages, args.connections, args.seconds)


if __name__ == "__main__":
    main()
