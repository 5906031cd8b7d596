"""Measure how fast one published assignment reaches every resident it fits.

    python bench/notifications.py                       # 50,000 residents in postgres://…/uppdrag_bench_notify
    python bench/notifications.py --residents 2000      # a quick run
    python bench/notifications.py --runs 3

Creates and migrates its own database if it is missing and fills it with residents
who all fit one assignment: home in Lycksele (2481), an interest in snow clearing,
available any time, e-mail at once, a verified address; one in ten reads English.
A filled database is reused; with --residents smaller than what is there, only
the first ones are active.

Starts an SMTP sink in a process of its own on a free local port (a minimal one that
only counts; --sink aiosmtpd for aiosmtpd) and measures what it takes on its own, then
ONE `celery worker` with Celery's default concurrency (one process per core), DEBUG
off like production, on a Redis database of its own (flushed).
Each run publishes a new assignment through `assignment_publish`, starts the clock
when that commits, and reports the seconds until every notification row exists
(and the assignment is marked matched), until the sink has accepted every e-mail,
and until every row is marked sent; e-mails per second from the first accepted
message to the last, and overall from the commit.
"""

import argparse
import asyncio
import multiprocessing
import os
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/uppdrag_bench_notify"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
DOMAIN = "notify.bench.uppdragsbanken.example"
CATEGORY = "snorojning-och-vinter"
ROWS_TARGET_S = 10.0
EMAILS_TARGET_PER_S = 500.0

# Shared with the sink process: messages, first and last accepted (monotonic), messages in
# English, repeated recipients, the sink's CPU time at the first and the last message, reset.
COUNT, FIRST, LAST, ENGLISH, REPEATED, CPU_FIRST, CPU_LAST, RESET = range(8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


# The SMTP sink ------------------------------------------------------------------------------


def record(state, seen: set, content: bytes, recipients: list) -> None:
    """Record one accepted message in the shared counters."""
    now, cpu = time.monotonic(), time.process_time()
    with state.get_lock():
        if state[RESET] != seen.reset:
            seen.reset = state[RESET]
            seen.clear()
        if not state[COUNT]:
            state[FIRST], state[CPU_FIRST] = now, cpu
        state[COUNT] += 1
        state[LAST], state[CPU_LAST] = now, cpu
        # The HTML part is 8-bit UTF-8, so its language attribute can be found as it is.
        if b'<html lang="en">' in content:
            state[ENGLISH] += 1
        for address in recipients:
            if address in seen:
                state[REPEATED] += 1
            seen.add(address)


class Seen(set):
    reset = 0


class SinkProtocol(asyncio.Protocol):
    """Just enough SMTP to accept what smtplib sends, as cheaply as Python allows.

    aiosmtpd parses every command and reads DATA line by line: about 1 ms of CPU per
    e-mail here, on the same two cores as the worker (--sink aiosmtpd measures with it).
    """

    def __init__(self, state, seen: Seen):
        self.state, self.seen = state, seen
        self.buffer = b""
        self.recipients: list[bytes] = []
        self.in_data = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 localhost ESMTP sink\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.buffer:
            if self.in_data:
                # The client waits for the reply after the final dot: it ends the buffer.
                if not (self.buffer == b".\r\n" or self.buffer.endswith(b"\r\n.\r\n")):
                    return
                record(self.state, self.seen, self.buffer, self.recipients)
                self.buffer, self.in_data, self.recipients = b"", False, []
                self.transport.write(b"250 2.0.0 OK\r\n")
                continue
            line, found, rest = self.buffer.partition(b"\r\n")
            if not found:
                return
            self.buffer = rest
            verb = line[:4].upper()
            if verb == b"EHLO":
                reply = b"250-localhost\r\n250 8BITMIME\r\n"
            elif verb == b"MAIL":
                self.recipients, reply = [], b"250 2.1.0 OK\r\n"
            elif verb == b"RCPT":
                self.recipients.append(line[8:].strip(b" <>"))
                reply = b"250 2.1.5 OK\r\n"
            elif verb == b"DATA":
                self.in_data = bool(self.recipients)
                reply = b"354 End data with <CR><LF>.<CR><LF>\r\n" if self.in_data else b"503 5.5.1 No RCPT\r\n"
            elif verb == b"QUIT":
                self.transport.write(b"221 2.0.0 Bye\r\n")
                self.transport.close()
                return
            elif verb in (b"HELO", b"RSET", b"NOOP"):
                reply = b"250 OK\r\n"
            else:
                reply = b"502 5.5.2 Not implemented\r\n"
            self.transport.write(reply)


def serve_sink(kind: str, port: int, state, ready, stop) -> None:
    seen = Seen()
    if kind == "aiosmtpd":
        from aiosmtpd.controller import Controller

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                record(state, seen, envelope.content, envelope.rcpt_tos)
                return "250 2.0.0 OK"

        controller = Controller(Handler(), hostname="127.0.0.1", port=port)
        controller.start()
        ready.set()
        stop.wait()
        controller.stop()
        return

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: SinkProtocol(state, seen), "127.0.0.1", port)
        ready.set()
        await loop.run_in_executor(None, stop.wait)
        server.close()

    asyncio.run(serve())


def reset_sink(state) -> None:
    with state.get_lock():
        for index in (COUNT, FIRST, LAST, ENGLISH, REPEATED, CPU_FIRST, CPU_LAST):
            state[index] = 0
        state[RESET] += 1


def probe_message() -> bytes:
    """About the size and shape of a match e-mail."""
    message = EmailMessage()
    message["Subject"] = "Nytt uppdrag i Lycksele: Skotta snö vid bygdegården"
    message["From"] = "Uppdragsbanken <noreply@uppdragsbanken.example>"
    message["To"] = f"probe@{DOMAIN}"
    message["List-Unsubscribe"] = "<https://uppdragsbanken.example/avregistrera/" + "x" * 60 + "/>"
    message.set_content("Hej!\n\n" + "Ett nytt uppdrag passar det du har berättat i din profil.\n" * 15)
    message.add_alternative("<!doctype html><html><body>" + "<p>Ett nytt uppdrag passar dig.</p>\n" * 60, "html")
    return message.as_bytes(policy=policy.SMTP)


def probe_client(port: int, count: int) -> None:
    data = probe_message()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for n in range(count):
            client.sendmail("noreply@uppdragsbanken.example", [f"probe{os.getpid()}-{n}@{DOMAIN}"], data)


def sink_capacity(port: int, state, clients: int = 2, per_client: int = 2000) -> float:
    """E-mails per second the sink accepts on its own, from as many connections as the worker has."""
    reset_sink(state)
    processes = [
        multiprocessing.get_context("fork").Process(target=probe_client, args=(port, per_client))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    rate = state[COUNT] / max(state[LAST] - state[FIRST], 1e-9)
    reset_sink(state)
    return rate


# The database -------------------------------------------------------------------------------


def ensure_database(url: str, env: dict) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    run([PYTHON, "manage.py", "migrate", "-v0"], env)


def sql(statement: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.rowcount


def fill(residents: int) -> tuple[str, float]:
    """Residents who all fit the assignment, written in a few INSERT … SELECTs; reused when there."""
    from allauth.account.models import EmailAddress
    from django.db import connection, transaction

    from assignments.models import Category
    from members.models import MemberProfile, User
    from municipalities.models import Locality

    started = time.monotonic()
    users = User._meta.db_table
    profiles = MemberProfile._meta.db_table
    interests = MemberProfile.interests.through._meta.db_table
    addresses = EmailAddress._meta.db_table
    home = Locality.objects.get(name="Lycksele", municipality__code="2481")
    category = Category.objects.get(slug=CATEGORY)
    ours = f"u.email LIKE 'boende-%%@{DOMAIN}'"
    number = "split_part(substr(u.email, 8), '@', 1)::int"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*), count(p.id), count(i.id), count(e.id) FROM {users} u
            LEFT JOIN {profiles} p ON p.user_id = u.id
            LEFT JOIN {interests} i ON i.memberprofile_id = p.id AND i.category_id = %s
            LEFT JOIN {addresses} e ON e.user_id = u.id AND e.verified
            WHERE {ours} AND {number} <= %s""",
            [category.pk, residents],
        )
        counts = cursor.fetchone()
    if min(counts) < residents:
        with transaction.atomic():
            sql(
                f"""INSERT INTO {users} (email, password, is_staff, is_active, is_superuser, date_joined, language)
                SELECT 'boende-' || g || '@{DOMAIN}', '!', false, true, false, now(),
                       CASE WHEN g %% 10 = 0 THEN 'en' ELSE 'sv' END
                FROM generate_series(1, %s) g
                ON CONFLICT (email) DO NOTHING""",
                [residents],
            )
            sql(
                f"""INSERT INTO {profiles}
                    (user_id, display_name, home_locality_id, travel_radius_km, languages, driving_licence,
                     available_weekdays, available_evenings, available_weekends, notification_preference,
                     email_my_claims, email_claims, email_reminders, situation, created_at, updated_at)
                SELECT u.id, 'Boende ' || u.id, %s, NULL, 'svenska', false, true, true, true, 'instant',
                       true, true, true, '', now(), now()
                FROM {users} u WHERE {ours}
                ON CONFLICT (user_id) DO NOTHING""",
                [home.pk],
            )
            sql(
                f"""INSERT INTO {interests} (memberprofile_id, category_id)
                SELECT p.id, %s FROM {profiles} p JOIN {users} u ON u.id = p.user_id WHERE {ours}
                ON CONFLICT DO NOTHING""",
                [category.pk],
            )
            sql(
                f"""INSERT INTO {addresses} (user_id, email, verified, "primary")
                SELECT u.id, u.email, true, true FROM {users} u WHERE {ours}
                ON CONFLICT DO NOTHING"""
            )
        how = "filled"
    else:
        how = "reused"
    # Only the first `residents` take part, so a quick run can reuse a big database.
    sql(
        f"UPDATE {users} u SET is_active = ({number} <= %s) WHERE {ours} AND is_active <> ({number} <= %s)",
        [residents, residents],
    )
    sql(f"ANALYZE {users}, {profiles}, {interests}, {addresses}")
    return how, time.monotonic() - started


def association_and_coordinator():
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from associations.models import Association, AssociationMembership
    from associations.validators import luhn_valid
    from members.models import User
    from municipalities.models import Locality

    place = Locality.objects.get(name="Lycksele", municipality__code="2481")
    body = "802999000"
    check = next(c for c in range(10) if luhn_valid(body + str(c)))
    association, _ = Association.objects.get_or_create(
        slug="bench-lycksele-snorojning",
        defaults={
            "name": "Lycksele snöröjare (benchmark)",
            "organisation_number": f"{body[:6]}-{body[6:]}{check}",
            "municipality": place.municipality,
            "verification": Association.Verification.VERIFIED,
            "verified_at": timezone.now(),
        },
    )
    association.localities.add(place)
    coordinator, _ = User.objects.get_or_create(email=f"samordnare@{DOMAIN}")
    EmailAddress.objects.get_or_create(user=coordinator, email=coordinator.email, verified=True, primary=True)
    AssociationMembership.objects.get_or_create(
        user=coordinator, association=association, defaults={"role": AssociationMembership.Role.COORDINATOR}
    )
    return association, place, coordinator


def draft(association, place, coordinator):
    from django.utils import timezone

    from assignments.models import Assignment, Category
    from notifications.models import Notification

    # The previous run's assignment and its notifications go, so every run starts alike.
    Assignment.objects.filter(association=association).delete()
    sql(f"VACUUM ANALYZE {Notification._meta.db_table}")
    day = timezone.localdate() + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    starts = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))
    return Assignment.objects.create(
        association=association,
        locality=place,
        title="Skotta snö vid bygdegården",
        description="Vi behöver hjälp att skotta infarten och trappan innan helgens loppis. Spadar finns.",
        category=Category.objects.get(slug=CATEGORY),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        estimated_hours=3,
        slots=2,
        status=Assignment.Status.DRAFT,
        created_by=coordinator,
    )


# The worker ---------------------------------------------------------------------------------


def start_worker(env: dict, log: Path, concurrency: int | None) -> tuple[subprocess.Popen, str]:
    args = [PYTHON, "-m", "celery", "-A", "uppdragsbanken", "worker", "--loglevel=INFO"]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    if concurrency:
        args.append(f"--concurrency={concurrency}")
    with open(log, "w") as out:
        worker = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text()
        if worker.poll() is not None:
            sys.exit(f"the worker stopped:\n{text[-3000:]}")
        if "ready." in text:
            line = next((line for line in text.splitlines() if "concurrency:" in line), "")
            return worker, line.split("concurrency:", 1)[1].strip() if line else "?"
        time.sleep(0.2)
    stop(worker)
    sys.exit(f"the worker did not start within 60 s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# One run ------------------------------------------------------------------------------------


def measure(residents: int, state, association, place, coordinator, stall: float) -> dict:
    from django.db import transaction

    from assignments.models import Assignment
    from assignments.services import assignment_publish
    from notifications.models import Notification

    assignment = draft(association, place, coordinator)
    reset_sink(state)
    committed = []
    with transaction.atomic():
        # Registered before the service's own callback (queueing the match), so it runs first.
        transaction.on_commit(lambda: committed.append(time.monotonic()))
        assignment_publish(assignment=assignment, by=coordinator)
    start = committed[0]
    result = {"problems": []}

    rows = Notification.objects.filter(assignment_id=assignment.pk)
    matched = Assignment.objects.filter(pk=assignment.pk, matched_at__isnull=False)
    while True:
        if matched.exists() and rows.count() >= residents:
            result["rows"] = time.monotonic() - start
            break
        if time.monotonic() - start > stall:
            result["problems"].append(f"{rows.count()} of {residents} rows after {stall:.0f} s")
            return result
        time.sleep(0.05)

    progress, progress_at = 0, time.monotonic()
    while state[COUNT] < residents:
        if state[COUNT] != progress:
            progress, progress_at = state[COUNT], time.monotonic()
        elif time.monotonic() - progress_at > stall:
            result["problems"].append(f"{progress} of {residents} e-mails, none for {stall:.0f} s")
            return result
        time.sleep(0.05)
    with state.get_lock():
        count, first, last = state[COUNT], state[FIRST], state[LAST]
        english, repeated = state[ENGLISH], state[REPEATED]
        busy = (state[CPU_LAST] - state[CPU_FIRST]) / max(last - first, 1e-9)
    result.update(
        emails=last - start,
        rate=count / max(last - first, 1e-9),
        overall=count / max(last - start, 1e-9),
        sink_busy=busy,
    )

    sent = rows.filter(email_state=Notification.EmailState.SENT)
    while sent.count() < residents:
        if time.monotonic() - last > stall:
            result["problems"].append(f"{sent.count()} of {residents} rows marked sent")
            return result
        time.sleep(0.1)
    result["sent"] = time.monotonic() - start

    if repeated:
        result["problems"].append(f"{int(repeated)} e-mails to someone who already had one")
    if count != residents:
        result["problems"].append(f"{int(count)} e-mails for {residents} residents")
    if english != residents // 10:
        result["problems"].append(f"{int(english)} e-mails in English, expected {residents // 10}")
    result["english"] = int(english)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_NOTIFY_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="a Redis database of its own; it is flushed")
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--concurrency", type=int, help="worker processes (default: Celery's, one per core)")
    parser.add_argument("--sink", choices=["minimal", "aiosmtpd"], default="minimal", help="the SMTP sink")
    parser.add_argument("--stall", type=float, default=120, help="give up after this many seconds without progress")
    args = parser.parse_args()

    # The sink and its probe are forked before Django opens any connection.
    state = multiprocessing.Array("d", 8)
    ready, done = multiprocessing.Event(), multiprocessing.Event()
    port = free_port()
    sink = multiprocessing.get_context("fork").Process(
        target=serve_sink, args=(args.sink, port, state, ready, done), daemon=True
    )
    sink.start()
    worker = None
    log = Path(tempfile.mkstemp(prefix="bench-notify-worker-", suffix=".log")[1])
    failed = False
    try:
        if not ready.wait(10):
            sys.exit("the SMTP sink did not start")
        capacity = sink_capacity(port, state)

        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "uppdragsbanken.settings",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "uppdragsbanken.example",
            "SITE_URL": "https://uppdragsbanken.example",
            "SUPPORT_EMAIL": "kontakt@uppdragsbanken.example",
        }
        ensure_database(args.database_url, env)

        import django

        sys.path.insert(0, str(ROOT))
        os.environ.update(env)
        django.setup()
        how, seconds = fill(args.residents)
        association, place, coordinator = association_and_coordinator()

        worker, concurrency = start_worker(env, log, args.concurrency)
        print(
            f"{args.residents} residents ({how} in {seconds:.1f} s); 1 worker, concurrency {concurrency}; "
            f"{os.cpu_count()} cores; SMTP sink ({args.sink}) alone: {capacity:.0f} e-mails/s\n"
        )
        print(
            f"{'run':>3} {'rows s':>8} {'e-mails s':>10} {'e-mails/s':>10} {'overall/s':>10} "
            f"{'all sent s':>11} {'sink busy':>10}"
        )
        results = []
        for number in range(1, args.runs + 1):
            result = measure(args.residents, state, association, place, coordinator, args.stall)
            results.append(result)
            if "sent" in result:
                print(
                    f"{number:3} {result['rows']:8.1f} {result['emails']:10.1f} {result['rate']:10.0f} "
                    f"{result['overall']:10.0f} {result['sent']:11.1f} {result['sink_busy']:9.0%}"
                )
            for problem in result["problems"]:
                print(f"    run {number}: {problem}")
                failed = True
            if "sent" not in result:
                break
        complete = [r for r in results if "sent" in r]
        if complete:
            slowest_rows = max(r["rows"] for r in complete)
            slowest_rate = min(r["rate"] for r in complete)
            print()
            print(
                f"all rows within {ROWS_TARGET_S:.0f} s: slowest {slowest_rows:.1f} s   "
                f"{'PASS' if slowest_rows <= ROWS_TARGET_S else 'MISS'}"
            )
            print(
                f"e-mails at {EMAILS_TARGET_PER_S:.0f}/s or more: slowest {slowest_rate:.0f}/s   "
                f"{'PASS' if slowest_rate >= EMAILS_TARGET_PER_S else 'MISS'}"
            )
    finally:
        if worker is not None:
            stop(worker)
        done.set()
        sink.join(timeout=10)
        if sink.is_alive():
            sink.kill()
    if failed:
        print(f"worker log: {log}")
        sys.exit(1)
    log.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
