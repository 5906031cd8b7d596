"""How well free-text search on /uppdrag/ finds what residents mean, measured on the demo data.

    python bench/search_relevance.py                    # SQLite; and PostgreSQL too when DATABASE_URL is postgres://
    python bench/search_relevance.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    python bench/search_relevance.py --only postgres --strict -v

For each database it loads the demo data (`migrate`, `seed_demo`) into a database of its own
(SQLite: a file in a temporary folder; PostgreSQL: `uppdrag_relevance` on the given server,
dropped and created anew, and dropped again after unless --keep), then runs every query of
bench/search_queries.toml as the list does for a visitor: assignments.search.search over the
assignments that can still be signed up for, best match first. When the words find fewer than
three, the list offers "Menade du …?" (assignments.search.did_you_mean); following it counts too.

It prints, per query, what was found and missed, and per database:
- recall at 10: of the titles a query must find, the share among its first 10 results
  (following "Menade du" where offered), averaged over the queries that must find something;
- direct recall at 10: the same without following "Menade du";
- zero-hit rate: the share of those queries whose own words found nothing;
- the queries that must find nothing (or not certain titles) and did anyway.
A query with a `postgres_gap` note is a known limit of the Swedish dictionary: its miss counts
in the figures but not for --strict. Exit code 0 however the figures come out (1 with --strict
when a query without such a note fails on PostgreSQL); 2 when a database could not be set up
or the search raised.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "search_queries.toml"
TOP = 10
FEW = 3  # fewer hits than this, and the list offers "Menade du …?"
PG_NAME = "uppdrag_relevance"


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The queries of the relevance file, each a dict with text, kind, find (list of titles),
    not (list of titles), why and postgres_gap ("" when PostgreSQL should find it all).
    Raises ValueError for an entry without text or kind."""
    with path.open("rb") as f:
        entries = tomllib.load(f)["query"]
    for entry in entries:
        if not entry.get("text") or not entry.get("kind"):
            raise ValueError(f"A query needs text and kind: {entry!r}")
        entry.setdefault("find", [])
        entry.setdefault("not", [])
        entry.setdefault("why", "")
        entry.setdefault("postgres_gap", "")
    return entries


def run_query(entry: dict, queryset_factory, search, did_you_mean, words, few: int = FEW) -> dict:
    """One query as the list runs it. `queryset_factory()` gives the open assignments; `search`,
    `did_you_mean` and `words` are assignments.search's; fewer than `few` hits and "Menade du"
    is followed. Returns what was found: the titles of
    the first TOP results (`top`), all titles found (`all`), the suggestion and its first TOP
    results, the time the search took (ms), and the verdict (`ok`, `found`, `missed`, `unwanted`)."""
    text = entry["text"]
    started = time.perf_counter()
    if words(text).words:
        ordered = search(queryset_factory(), text).order_by("-rank", "-published_at")
        found = list(ordered.values_list("title", flat=True))
    else:
        found = []  # only stop words: nothing is searched, and the page says so
    suggestion, suggested = None, []
    if len(found) < few:
        suggestion = did_you_mean(text)
        if suggestion:
            ordered = search(queryset_factory(), suggestion).order_by("-rank", "-published_at")
            suggested = list(ordered.values_list("title", flat=True)[:TOP])
    ms = (time.perf_counter() - started) * 1000
    top = found[:TOP]
    expected = entry["find"]
    direct = [t for t in expected if t in top]
    reached = [t for t in expected if t in top or t in suggested]
    unwanted = [t for t in entry["not"] if t in found]
    if not expected and not entry["not"]:
        unwanted = found  # must find nothing at all
    return {
        "text": text,
        "kind": entry["kind"],
        "why": entry["why"],
        "postgres_gap": entry["postgres_gap"],
        "expected": expected,
        "top": top,
        "hits": len(found),
        "suggestion": suggestion,
        "suggested": suggested,
        "direct": direct,
        "found": reached,
        "missed": [t for t in expected if t not in reached],
        "unwanted": unwanted,
        "ok": len(reached) == len(expected) and not unwanted,
        "ms": round(ms, 1),
    }


def summarise(results: list[dict]) -> dict:
    """Figures over the results of run_query: recall at TOP with and without "Menade du", the
    zero-hit rate (over the queries that must find something), the queries that passed, and
    the median search time in ms; `failing`: the texts of the queries that failed without a
    postgres_gap note (what --strict and the test hold PostgreSQL to)."""
    finding = [r for r in results if r["expected"]]
    return {
        "queries": len(results),
        "passed": sum(r["ok"] for r in results),
        "recall": statistics.fmean(len(r["found"]) / len(r["expected"]) for r in finding) if finding else 1.0,
        "direct_recall": statistics.fmean(len(r["direct"]) / len(r["expected"]) for r in finding) if finding else 1.0,
        "zero_hit_rate": sum(r["hits"] == 0 for r in finding) / len(finding) if finding else 0.0,
        "unwanted": sum(bool(r["unwanted"]) for r in results),
        "gaps": sum(bool(r["postgres_gap"]) and not r["ok"] for r in results),
        "failing": [r["text"] for r in results if not r["ok"] and not r["postgres_gap"]],
        "median_ms": statistics.median(r["ms"] for r in results) if results else 0.0,
    }


def measure_here(queries: list[dict]) -> dict:
    """In a process whose DATABASE_URL names an empty database: migrate, load the demo data, and
    run every query. Returns {"vendor", "setup", "results", "summary"}."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppdragsbanken.settings")
    sys.path.insert(0, str(ROOT))
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", force=True, stdout=io.StringIO())
    setup = f"demo data loaded in {time.perf_counter() - started:.1f} s"

    from assignments import search as search_module
    from assignments.queries import open_assignments

    few = getattr(search_module, "FEW_HITS", FEW)
    info = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
                "WHERE n.nspname <> 'pg_catalog' ORDER BY 1"
            )
            own = [row[0] for row in cursor.fetchall()]
        info = f"; own text search configurations: {', '.join(own) or 'none'}"
    results = [
        run_query(entry, open_assignments, search_module.search, search_module.did_you_mean, search_module.words, few)
        for entry in queries
    ]
    return {
        "vendor": connection.vendor,
        "setup": setup + info,
        "open": open_assignments().count(),
        "results": results,
        "summary": summarise(results),
    }


def postgres_url(server_url: str) -> str:
    """The URL of this benchmark's own database on the server of `server_url`."""
    return server_url.rsplit("/", 1)[0] + "/" + PG_NAME


def recreate_postgres(url: str, *, drop_only: bool = False) -> None:
    """Drop the database named in `url` (on its server) and, unless drop_only, create it empty."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{name}"')


def measure_in_child(database_url: str) -> dict | str:
    """Run measure_here in a fresh Python process on `database_url`; its figures, or the error
    output when it failed."""
    with tempfile.TemporaryDirectory(prefix="search-relevance-") as folder:
        out = Path(folder) / "result.json"
        env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
        env.pop("REDIS_URL", None)
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not out.exists():
            return (done.stderr or done.stdout)[-4000:]
        return json.loads(out.read_text())


def shown(text: str) -> str:
    """`text` as typed, with escapes where it is not in NFC (a decomposed å looks like å)."""
    return text if unicodedata.is_normalized("NFC", text) else ascii(text)


def show(name: str, measured: dict, verbose: bool) -> None:
    """Print one database's results: a line per query, then the figures."""
    s = measured["summary"]
    print(f"\n=== {name} ({measured['setup']}; {measured['open']} open assignments) ===")
    postgres = measured["vendor"] == "postgresql"
    for r in measured["results"]:
        mark = "ok  " if r["ok"] else "MISS"
        expected = len(r["expected"])
        score = f"{len(r['found'])}/{expected}" if expected else "-"
        line = f"{mark} {r['kind']:<10} {shown(r['text']):<26} {score:>5}  hits {r['hits']:>2}"
        if r["suggestion"]:
            line += f"  Menade du: {r['suggestion']!r}"
        if r["found"] != r["direct"]:
            line += "  (found through Menade du)"
        if postgres and r["postgres_gap"]:
            line += "  (known gap)" if not r["ok"] else "  (known gap no longer: remove postgres_gap)"
        print(line)
        for title in r["missed"]:
            print(f"       missed: {title}")
        if postgres and r["postgres_gap"] and not r["ok"]:
            print(f"       known gap: {r['postgres_gap']}")
        for title in r["unwanted"]:
            print(f"       should not find: {title}")
        if verbose:
            print(f"       {r['ms']:.0f} ms; first {TOP}: {'; '.join(r['top']) or '-'}")
    print(
        f"{name}: {s['passed']}/{s['queries']} queries as expected; recall@{TOP} {s['recall']:.2f} "
        f"(without Menade du {s['direct_recall']:.2f}); zero-hit rate {s['zero_hit_rate']:.2f}; "
        f"{s['unwanted']} found what they must not; median {s['median_ms']:.1f} ms per query"
        + (f"; {s['gaps']} misses are known gaps of the dictionary" if postgres else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    given = os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--postgres",
        default=given if given.startswith(("postgres://", "postgresql://")) else "",
        help="a PostgreSQL server URL (default: DATABASE_URL when it is one); its database "
        f"{PG_NAME} is recreated for the run",
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="measure one database")
    parser.add_argument("--keep", action="store_true", help=f"keep the {PG_NAME} database afterwards")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a query fails on PostgreSQL")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each query's first results")
    args = parser.parse_args()
    queries = load_queries()

    if args.child:
        Path(args.child).write_text(json.dumps(measure_here(queries), ensure_ascii=False))
        return 0

    databases: list[tuple[str, str]] = []
    folder = tempfile.TemporaryDirectory(prefix="search-relevance-")
    if args.only != "postgres":
        databases.append(("SQLite", f"sqlite:///{folder.name}/demo.sqlite3"))
    if args.only != "sqlite":
        if not args.postgres:
            print("PostgreSQL: not measured (give --postgres URL or DATABASE_URL=postgres://…)")
        else:
            databases.append(("PostgreSQL", postgres_url(args.postgres)))

    print(f"{len(queries)} queries from {QUERIES.relative_to(ROOT)}")
    summaries, failed = {}, False
    for name, url in databases:
        if name == "PostgreSQL":
            recreate_postgres(url)
        try:
            measured = measure_in_child(url)
        finally:
            if name == "PostgreSQL" and not args.keep:
                recreate_postgres(url, drop_only=True)
        if isinstance(measured, str):
            print(f"\n=== {name}: the run failed ===\n{measured}")
            failed = True
            continue
        show(name, measured, args.verbose)
        summaries[name] = measured["summary"]
    folder.cleanup()

    if summaries:
        print(f"\n{'database':<12} {'as expected':>12} {'recall@10':>10} {'direct':>7} {'zero-hit':>9}")
        for name, s in summaries.items():
            print(
                f"{name:<12} {s['passed']:>6}/{s['queries']:<5} {s['recall']:>10.2f} "
                f"{s['direct_recall']:>7.2f} {s['zero_hit_rate']:>9.2f}"
            )
    if failed:
        return 2
    pg = summaries.get("PostgreSQL")
    if args.strict and pg and pg["failing"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
