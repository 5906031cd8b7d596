"""Fill PostgreSQL with a realistic volume of data, for benchmarks.

At --scale 1: 50,000 residents, 2,000 associations in every municipality that
has localities, 200,000 assignments and about 1,050,000 claims, written with
INSERT … SELECT over generate_series, so it takes minutes, not hours. All rows
keep the database's rules: places taken never exceed slots, one live claim per
resident and assignment.
"""

import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from assignments.models import Assignment, Category, Claim
from associations.models import Association, AssociationMembership
from associations.validators import luhn_valid
from members.models import MemberProfile, User
from municipalities.models import Locality

DOMAIN = "scale.uppdragsbanken.example"
TITLES = [
    "Skotta snö vid bygdegården",
    "Måla staketet runt idrottsplatsen",
    "Servering på höstmarknaden",
    "Klippa gräset vid badplatsen",
    "Läxhjälp för mellanstadiet",
    "Hjälpa till med datorn på träffpunkten",
    "Bära stolar inför julmarknaden",
    "Röja sly längs skoterleden",
    "Baka till caféet i bygdegården",
    "Fotografera midsommarfirandet",
    "Bokföring för föreningen",
    "Köra äldre till vårdcentralen",
    "Städa klubbstugan efter säsongen",
    "Laga bryggan vid sjön",
    "Plocka skräp längs vägen",
    "Sätta upp belysning i elljusspåret",
]
DESCRIPTIONS = [
    "Vi behöver hjälp några timmar. Fika och verktyg finns på plats.",
    "Ett enkelt uppdrag för den som vill göra en insats i byn. Ingen erfarenhet behövs.",
    "Föreningen står för material. Ta gärna med arbetshandskar och kläder efter väder.",
    "Passar dig som gillar att jobba med händerna. Vi visar hur det går till.",
]


class Command(BaseCommand):
    help = "Fill PostgreSQL with benchmark volume: 50k residents, 200k assignments, 1M claims at --scale 1."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the full volume; 0.01 = a hundredth.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, scale: float, force: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL: set DATABASE_URL=postgres://…")
        if not settings.DEBUG and not force:
            raise CommandError("seed_scale writes made-up people; it refuses to run with DEBUG off unless --force.")
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        # Seven claimants each on the three quarters of assignments that can have claims: over a million.
        residents = max(int(50_000 * scale), 7 * 997 + 1)
        associations = max(int(2_000 * scale), 5)
        assignments = max(int(200_000 * scale), 20)
        claims_per_assignment = 7
        started = time.monotonic()
        with transaction.atomic():
            self.step("associations", lambda: self.make_associations(associations))
            self.step("residents", lambda: self.make_residents(residents))
            self.step("assignments", lambda: self.make_assignments(assignments))
            self.step("claims", lambda: self.make_claims(claims_per_assignment))
            self.step("places taken", self.count_places)
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map, so counting open assignments can use the index alone.
            # It cannot run inside a transaction (as in a test); ANALYZE can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.monotonic() - started:.0f} s: {User.objects.filter(email__endswith=DOMAIN).count()} "
                f"residents, {Assignment.objects.count()} assignments, {Claim.objects.count()} claims."
            )
        )

    def step(self, name: str, work) -> None:
        started = time.monotonic()
        work()
        self.stdout.write(f"  {name}: {time.monotonic() - started:.1f} s")

    def sql(self, statement: str, params=None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params or [])

    def make_associations(self, count: int) -> None:
        municipality_ids = list(
            Locality.objects.order_by().values_list("municipality_id", flat=True).distinct().order_by("municipality_id")
        )
        start = Association.objects.filter(slug__startswith="skala-").count()
        rows = []
        n = start
        while len(rows) < count - start:
            body = f"8029{n:05d}"
            check = next(c for c in range(10) if luhn_valid(body + str(c)))
            municipality_id = municipality_ids[n % len(municipality_ids)]
            rows.append(
                Association(
                    name=f"Skalförening {n + 1}",
                    slug=f"skala-{n + 1}",
                    organisation_number=f"{body[:6]}-{body[6:]}{check}",
                    municipality_id=municipality_id,
                    verification=Association.Verification.VERIFIED,
                    verified_at="2026-01-01T00:00:00Z",
                )
            )
            n += 1
        Association.objects.bulk_create(rows, batch_size=1000)
        through = Association.localities.through
        self.sql(
            f"""INSERT INTO {through._meta.db_table} (association_id, locality_id)
            SELECT a.id, l.id FROM {Association._meta.db_table} a
            JOIN {Locality._meta.db_table} l ON l.municipality_id = a.municipality_id
            WHERE a.slug LIKE 'skala-%%'
            ON CONFLICT DO NOTHING"""
        )
        coordinator = User.objects.filter(email=f"samordnare@{DOMAIN}").first() or User.objects.create_user(
            f"samordnare@{DOMAIN}", None
        )
        AssociationMembership.objects.bulk_create(
            [
                AssociationMembership(user=coordinator, association_id=pk, role=AssociationMembership.Role.COORDINATOR)
                for pk in Association.objects.filter(slug__startswith="skala-").values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )

    def make_residents(self, count: int) -> None:
        password = make_password("skala-losenord-2026")
        self.sql(
            f"""INSERT INTO {User._meta.db_table}
                (email, password, is_staff, is_active, is_superuser, date_joined, language)
            SELECT 'invanare' || g || '@{DOMAIN}', %s, false, true, false,
                   now() - (g %% 700) * interval '1 day', CASE WHEN g %% 10 = 0 THEN 'en' ELSE 'sv' END
            FROM generate_series(1, %s) g
            ON CONFLICT (email) DO NOTHING""",
            [password, count],
        )
        self.sql(
            f"""INSERT INTO {MemberProfile._meta.db_table}
                (user_id, display_name, home_locality_id, travel_radius_km, languages, driving_licence,
                 available_weekdays, available_evenings, available_weekends, notification_preference,
                 situation, email_my_claims, email_claims, email_reminders, created_at, updated_at)
            SELECT u.id, 'Invånare ' || u.id,
                   (SELECT id FROM {Locality._meta.db_table} ORDER BY id OFFSET (u.id * 7919) %% 2017 LIMIT 1),
                   CASE WHEN u.id %% 3 = 0 THEN NULL ELSE 10 + (u.id %% 5) * 10 END,
                   'svenska', u.id %% 2 = 0, true, u.id %% 3 <> 0, u.id %% 4 <> 0,
                   (ARRAY['instant','daily','weekly','off'])[1 + u.id %% 4], '', true, true, true, now(), now()
            FROM {User._meta.db_table} u
            WHERE u.email LIKE 'invanare%%@{DOMAIN}'
            ON CONFLICT (user_id) DO NOTHING"""
        )

    def make_assignments(self, count: int) -> None:
        existing = Assignment.objects.filter(association__slug__startswith="skala-").count()
        missing = count - existing
        if missing <= 0:
            return
        categories = list(Category.objects.values_list("pk", flat=True))
        # One association-locality pair per assignment, picked round-robin in SQL. On PostgreSQL a
        # trigger computes each row's search document as it is inserted (migration 0013).
        self.sql(
            f"""
            WITH pairs AS (
                SELECT row_number() OVER (ORDER BY al.association_id, al.locality_id) AS n,
                       al.association_id, al.locality_id, count(*) OVER () AS total
                FROM {Association.localities.through._meta.db_table} al
                JOIN {Association._meta.db_table} a ON a.id = al.association_id AND a.slug LIKE 'skala-%%'
            ),
            series AS (
                SELECT g, (g::bigint * 104729) %% (SELECT max(total) FROM pairs) + 1 AS n,
                       (ARRAY['published','published','published','filled','completed','completed',
                              'completed','completed','cancelled','expired','expired','draft'])[1 + g %% 12] AS status,
                       (ARRAY['voluntary','voluntary','fixed','hourly'])[1 + (g / 12) %% 4] AS compensation
                FROM generate_series(1, %s) g
            )
            INSERT INTO {Assignment._meta.db_table}
                (association_id, locality_id, title, description, category_id, starts_at, ends_at, deadline,
                 estimated_hours, slots, places_taken, compensation, amount_sek, payment_route, claim_mode,
                 how_to_get_there, what_to_bring, status, published_at, matched_at, cancelled_at, cancel_reason,
                 completed_at, created_at, updated_at,
                 insurance, record_extract, risks, risks_other, protective_equipment)
            SELECT p.association_id, p.locality_id,
                   (%s::text[])[1 + s.g %% %s] || ' ' || s.g, (%s::text[])[1 + s.g %% %s],
                   (%s::bigint[])[1 + s.g %% %s],
                   CASE WHEN s.g %% 5 = 0 THEN NULL ELSE w.starts END,
                   CASE WHEN s.g %% 5 = 0 THEN NULL ELSE w.starts + interval '3 hours' END,
                   CASE WHEN s.g %% 5 = 0 THEN w.starts::date ELSE NULL END,
                   1 + s.g %% 6, 1 + s.g %% 4, 0, s.compensation,
                   CASE s.compensation WHEN 'fixed' THEN 500 + (s.g %% 10) * 100
                                       WHEN 'hourly' THEN 130 + (s.g %% 8) * 10 END,
                   CASE s.compensation WHEN 'voluntary' THEN 'voluntary'
                        ELSE (ARRAY['umbrella','f_tax','employment'])[1 + s.g %% 3] END,
                   CASE WHEN s.g %% 3 = 0 THEN 'first_come' ELSE 'choose' END,
                   '', '', s.status,
                   CASE WHEN s.status = 'draft' THEN NULL ELSE w.starts - interval '14 days' END,
                   CASE WHEN s.status = 'draft' THEN NULL ELSE w.starts - interval '14 days' END,
                   CASE WHEN s.status = 'cancelled' THEN w.starts - interval '2 days' END,
                   CASE WHEN s.status = 'cancelled' THEN 'Inställt på grund av vädret.' ELSE '' END,
                   CASE WHEN s.status = 'completed' THEN w.starts + interval '1 day' END,
                   w.starts - interval '20 days', now(),
                   'not_stated', 'not_stated', '[]'::jsonb, '', ''
            FROM series s
            JOIN pairs p ON p.n = s.n
            CROSS JOIN LATERAL (
                SELECT date_trunc('hour', now()) + CASE
                    WHEN s.status IN ('published', 'filled', 'draft') THEN (1 + s.g %% 60) * interval '1 day'
                    ELSE -(1 + s.g %% 365) * interval '1 day' END + (8 + s.g %% 10) * interval '1 hour' AS starts
            ) w""",
            [missing, TITLES, len(TITLES), DESCRIPTIONS, len(DESCRIPTIONS), categories, len(categories)],
        )

    def make_claims(self, per_assignment: int) -> None:
        residents = list(
            User.objects.filter(email__startswith="invanare", email__endswith=DOMAIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        low, count = residents[0], len(residents)
        # Claim k of an assignment is by resident (id·7 + k·997) mod N: distinct for each k < 7 while N > 7·997.
        self.sql(
            f"""INSERT INTO {Claim._meta.db_table}
                (assignment_id, resident_id, message, status, decided_at, decision_message, hours_reported,
                 hours_confirmed, reference_text, created_at, updated_at)
            SELECT a.id, %s + ((a.id * 7 + k * 997) %% %s),
                   CASE WHEN k = 0 THEN 'Jag kan gärna hjälpa till.' ELSE '' END,
                   c.status, CASE WHEN c.status <> 'pending' THEN a.published_at + interval '1 day' END, '',
                   CASE WHEN c.status IN ('done', 'confirmed') THEN a.estimated_hours END,
                   CASE WHEN c.status = 'confirmed' THEN a.estimated_hours END,
                   CASE WHEN c.status = 'confirmed' AND k = 0 THEN 'Pålitlig och glad, rekommenderas.' ELSE '' END,
                   a.published_at + k * interval '2 hours', now()
            FROM {Assignment._meta.db_table} a
            CROSS JOIN generate_series(0, %s - 1) k
            CROSS JOIN LATERAL (SELECT CASE
                WHEN a.status = 'filled' AND k < a.slots THEN 'accepted'
                WHEN a.status = 'completed' AND k < a.slots THEN (CASE WHEN k = 1 THEN 'done' ELSE 'confirmed' END)
                WHEN a.status = 'published' AND k < a.slots - 1 THEN 'accepted'
                WHEN a.status = 'cancelled' THEN 'cancelled'
                WHEN a.status IN ('completed', 'filled') THEN 'declined'
                WHEN k %% 4 = 3 THEN 'withdrawn'
                ELSE 'pending' END AS status) c
            WHERE a.status NOT IN ('draft', 'expired')
              AND NOT EXISTS (SELECT 1 FROM {Claim._meta.db_table} x WHERE x.assignment_id = a.id)""",
            [low, count, per_assignment],
        )

    def count_places(self) -> None:
        self.sql(
            f"""UPDATE {Assignment._meta.db_table} a SET places_taken = c.taken
            FROM (SELECT assignment_id, count(*) AS taken FROM {Claim._meta.db_table}
                  WHERE status IN ('accepted', 'done', 'confirmed') GROUP BY assignment_id) c
            WHERE a.id = c.assignment_id AND a.places_taken <> c.taken"""
        )
