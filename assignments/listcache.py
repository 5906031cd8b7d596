"""The shared part of /uppdrag/ (results and filter form), cached between people.

What a list page shows depends on: the query string, the language, the clock, a logged-in
person's home place and skills (distance, the skill menu), and the rows of a few tables
(assignments, their skills and goals, associations, places, municipalities, categories,
skills, goals). The cache key holds all of them:

- the rows: `assignments_list_version.value`, changed by database triggers on every table in
  WATCHED (install_triggers). On PostgreSQL they are constraint triggers deferred to commit,
  so the version changes in the same instant as the data becomes visible, and the one row is
  locked only while a transaction commits (no writer waits on it while it holds other locks,
  so it cannot deadlock). On SQLite, which has one writer at a time, they are plain triggers;
- the clock: an entry lives at most until the next moment an open assignment closes (a time
  window begins, or a deadline day ends; `seconds_until_next_close`), so "can still sign up"
  is never stale;
- the person: the home place's id, the ids of their skills and whether they have own words
  (`Person`); a search that uses the person's skills ("fits") is not cached at all;
- the code: a digest of the templates and translations (`CODE_VERSION`), so a deploy never
  serves HTML of the previous release from a shared Redis.

What each person has of their own (the form to watch a search, with its CSRF token; messages)
is never inside the cached part.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

# At most this long, even when nothing closes sooner: bounds what a quiet site keeps in the cache.
MAX_SECONDS = 300
VERSION_TABLE = "assignments_list_version"
# (app_label, model_name or "<model>.<m2m field>") of every table whose rows the list shows or
# filters by. A test (tests/assignments/test_list_cache.py) checks each has its trigger.
WATCHED = (
    ("assignments", "Assignment"),
    ("assignments", "Assignment.skills"),
    ("assignments", "Assignment.development_goals"),
    ("assignments", "AssignmentOwnSkill"),
    ("assignments", "AssignmentSeries"),
    ("assignments", "Category"),
    ("assignments", "Skill"),
    ("associations", "Association"),
    ("municipalities", "Locality"),
    ("municipalities", "Municipality"),
    ("municipalities", "DevelopmentGoal"),
)


def watched_tables(apps=None) -> list[str]:
    """The database tables of WATCHED, in order. `apps` is a migration's app registry or None."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    tables = []
    for app_label, name in WATCHED:
        model_name, _dot, m2m = name.partition(".")
        model = registry.get_model(app_label, model_name)
        tables.append(model._meta.get_field(m2m).remote_field.through._meta.db_table if m2m else model._meta.db_table)
    return tables


def install_triggers(sender=None, *, using: str = "default", connection=None, **kwargs) -> None:
    """Create (or re-create) the triggers that change the list version; a `post_migrate` receiver.

    Input: the database alias (`using`) or a connection. Idempotent. On SQLite it must run after
    every migrate: rebuilding a table to alter it drops its triggers. Raises database errors only.
    """
    connection = connection or connections[using]
    tables = watched_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                CREATE OR REPLACE FUNCTION uppdrag_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- Once per transaction is enough: the value only has to differ after commit.
                    IF current_setting('uppdrag.list_changed', true) = '1' THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO {VERSION_TABLE} (id, value) VALUES (1, (random() * 1e15)::bigint)
                        ON CONFLICT (id) DO UPDATE SET value = {VERSION_TABLE}.value + 1;
                    PERFORM set_config('uppdrag.list_changed', '1', true);
                    RETURN NULL;
                END $$
                """
            )
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_list_changed" ON "{table}"')
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER "{table}_list_changed" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION uppdrag_list_changed()"
                )
                cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_list_truncated" ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER "{table}_list_truncated" AFTER TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION uppdrag_list_changed()"
                )
        else:
            # A random start: after a flush (tests) the row is made again, and a value used before
            # the flush must not come back.
            bump = (
                f"INSERT INTO {VERSION_TABLE} (id, value) VALUES (1, abs(random() % 1000000000000000)) "
                f"ON CONFLICT (id) DO UPDATE SET value = {VERSION_TABLE}.value + 1;"
            )
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{table}_list_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {bump} END')


def list_version(using: str = "default") -> int | None:
    """The current list version, or None when the list must not be cached now.

    At most one query. None inside a transaction: what it has written is visible to it before
    its commit moves the version (a request runs in autocommit, as ATOMIC_REQUESTS is off; tests
    run in one transaction, and one rolled back would leave a value behind that comes again).
    None also when the version row is missing (a flushed database before its first write).
    """
    connection = connections[using]
    if connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def seconds_until_next_close(now: datetime | None = None, *, using: str = "default") -> int:
    """How long (whole seconds, 0..MAX_SECONDS) the open list stays as it is by the clock alone.

    Input: the time (aware; default now). Output: the seconds until the first published
    assignment's time window begins (it then closes for sign-ups), or until the next midnight in
    Europe/Stockholm (a deadline day ends), whichever is first, at most MAX_SECONDS. One query,
    on the partial index `assignment_open_starts`. The rule is queries.open_for_claims_q's.
    """
    from assignments.models import Assignment

    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), datetime.min.time()))
    first_start = (
        Assignment.objects.using(using)
        .filter(status=Assignment.Status.PUBLISHED, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    until = min(filter(None, [midnight, first_start]))
    return max(0, min(MAX_SECONDS, int((until - now).total_seconds())))


@cache
def code_version() -> str:
    """A digest of the templates' and compiled translations' names, sizes and change times.

    Computed once per process. A new release (other templates or translations) gets other cache
    keys, so a shared Redis never serves the previous release's HTML."""
    digest = hashlib.sha256()
    roots = [Path(settings.BASE_DIR) / "templates", *map(Path, settings.LOCALE_PATHS)]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".mo"):
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Person:
    """What of a person the list's shared part depends on. Anonymous: Person.NOBODY."""

    home_locality_id: int | None
    skill_ids: tuple[int, ...]
    has_own_skills: bool

    def key(self) -> str:
        return f"{self.home_locality_id}:{','.join(map(str, self.skill_ids))}:{int(self.has_own_skills)}"


Person.NOBODY = Person(None, (), False)


def person_of(user) -> Person:
    """The Person of a user: two queries for someone logged in with a profile, none otherwise.

    The profile (with its home place) is left cached on `user`, so the page's other reads of
    it (queries.home_locality, the filters) cost nothing more."""
    if not user.is_authenticated:
        return Person.NOBODY
    from django.db.models import Exists, OuterRef

    from members.models import MemberProfile, ProfileOwnSkill, User

    profile = (
        MemberProfile.objects.select_related("home_locality")
        .annotate(has_own=Exists(ProfileOwnSkill.objects.filter(profile=OuterRef("pk"))))
        .filter(user=user)
        .first()
    )
    if profile is None:
        return Person.NOBODY
    User.profile.related.set_cached_value(user, profile)
    skill_ids = tuple(sorted(profile.skills.values_list("pk", flat=True)))
    return Person(profile.home_locality_id, skill_ids, profile.has_own)


def key_for(query_string: str, *, language: str, person: Person, partial: bool, version: int) -> str:
    """The cache key of one list page (see the module's docstring for what it holds)."""
    parts = [code_version(), str(version), language, person.key(), "partial" if partial else "page", query_string]
    return "assignment_list:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
