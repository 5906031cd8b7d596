"""Measure the assignment pages under load, next to a trivial view on the same server.

    python bench/run.py                 # uses postgres://postgres@127.0.0.1:5432/uppdrag_bench
    python bench/run.py --seed          # (re)creates that database and fills it with seed_scale first

Starts gunicorn (DEBUG off, Redis as the cache, like production) on a free local port, warms it
up, then runs wrk against each page with the same connections and duration, at 8 and at 32
connections, and prints requests/s, latency percentiles and the throughput relative to the
trivial view (/robots.txt, no database). Before measuring it prints how many assignments each
list finds, so the figures are of pages a person would get. Rows marked "uncached" give every
request an address of its own (bench/uncached.lua): what the list costs right after something
it shows has changed and its cache no longer holds.
"""

import argparse
import os
import re
import subprocess
import sys
import urllib.request

from common import DEFAULT_DB, PYTHON, ROOT, gunicorn, measure, production_env

RESIDENT = "bench-resident@scale.uppdragsbanken.example"


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


def resident_cookie() -> str:
    """A session cookie of a resident living in Lycksele with two skills (the list then sorts by
    distance and shows the skill menu), made in the database the gunicorn workers read."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.test import Client

    from assignments.models import Skill
    from members.models import MemberProfile, User
    from municipalities.models import Locality

    user, _ = User.objects.get_or_create(email=RESIDENT, defaults={"is_active": True})
    EmailAddress.objects.update_or_create(user=user, email=RESIDENT, defaults={"verified": True, "primary": True})
    home = Locality.objects.filter(municipality__code="2481", name="Lycksele").first()
    profile, _ = MemberProfile.objects.update_or_create(
        user=user, defaults={"display_name": "Bänk Testsson", "home_locality": home}
    )
    profile.skills.set(Skill.objects.filter(kind=Skill.Kind.SKILL).order_by("pk")[:2])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)  # a database session, which the gunicorn workers read too
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def found(base: str, path: str, cookie: str) -> str:
    """How many assignments the page says it found ("1000+" when over the cap), or "-"."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        if "/konto/login/" in response.url:
            sys.exit("The session cookie was not accepted by the server.")
        html = response.read().decode()
    if re.search(r"Över 1000 uppdrag", html):
        return "1000+"
    match = re.search(r"(\d+) uppdrag hittades", html)
    return match.group(1) if match else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help='the cache; "" for one per process')
    parser.add_argument("--seed", action="store_true", help="recreate the database and run seed_scale first")
    parser.add_argument("--connections", default="8,32", help="comma-separated: each page is measured at each")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    env = production_env(args.database_url, args.redis_url)
    if args.seed:
        seed(env, args.database_url)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")
    django.setup()
    from django.db import connection

    from assignments.models import Assignment

    detail = Assignment.objects.filter(status="published").order_by("-published_at").values_list("pk", flat=True)[100]
    total = Assignment.objects.count()
    cookie = resident_cookie()
    connection.close()
    resident = {"cookie": cookie}
    uncached = {"script": "uncached.lua"}

    pages = [
        ("trivial view (/robots.txt)", "/robots.txt"),
        ("list, unfiltered", "/uppdrag/"),
        ("list, logged in (nearest first)", "/uppdrag/", resident),
        ("list, filtered", "/uppdrag/?municipality=2481&paid=on&sort=soonest"),
        ("list, free text", "/uppdrag/?q=servering&municipality=2481"),
        ("list, free text, many hits", "/uppdrag/?q=skotta+sn%C3%B6"),
        ("list, misspelt", "/uppdrag/?q=bygdegarden+ruskele"),
        ("list, free text, logged in", "/uppdrag/?q=servering", resident),
        ("list, unfiltered, uncached", "/uppdrag/", uncached),
        ("list, logged in, uncached", "/uppdrag/", {**resident, **uncached}),
        ("list, filtered, uncached", "/uppdrag/?municipality=2481&paid=on&sort=soonest", uncached),
        ("list, free text, many hits, uncached", "/uppdrag/?q=skotta+sn%C3%B6", uncached),
        ("detail", f"/uppdrag/{detail}/"),
        ("detail, logged in", f"/uppdrag/{detail}/", resident),
    ]
    with gunicorn(env, args.workers) as base:
        print(f"{total} assignments; {args.workers} gunicorn workers; cache: {args.redis_url or 'per process'}")
        print(f"load average at the start: {', '.join(f'{v:.2f}' for v in os.getloadavg())}\n")
        print("assignments each list finds:")
        for page in pages[1:]:
            if page[1].startswith("/uppdrag/?") or page[1] == "/uppdrag/":
                print(f"  {page[0]:38} {found(base, page[1], page[2].get('cookie', '') if len(page) > 2 else '')}")
        for connections in [int(value) for value in args.connections.split(",")]:
            print(f"\n{connections} connections, {args.seconds} s each\n")
            measure(base, pages, connections, args.seconds)
        print(f"\nload average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
