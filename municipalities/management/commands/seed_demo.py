"""Load demo content for the pilot municipalities; the content is in municipalities/demo_content.py.

Seeds only what is missing. Each demo person (by e-mail) comes with their profile,
e-mail address and staff roles; each demo association (by slug) with its members,
assignments and sign-ups; each municipality's development goals with its demo staff
admin. What is there already is never changed, so what someone did on the demo site
(verified an association, withdrew a sign-up, edited an assignment) stays after
`./scripts/run`, and demo dates stay where they were first put: as time passes the
demo's upcoming assignments move into the past. `--reset` puts every demo row back
as shipped, with dates around today.

The supporters' stories (demo_content.SUPPORT) are written through the pathway services,
as if each step had been taken on the site on its day: each story when there is no link
yet between its supporter and resident, so a link answered or ended on the demo site stays.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Max
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone
from django.utils.text import slugify

from assignments.models import Assignment, Category, Claim, Skill
from assignments.queries import is_open_for_claims
from assignments.services import claim_create
from associations.models import Association, AssociationMembership
from associations.validators import validate_organisation_number
from members.models import MemberProfile, SituationChange, User
from municipalities import demo_content as demo
from municipalities import demo_history
from municipalities.models import DevelopmentGoal, Locality, Municipality, StaffMembership
from notifications import matching
from notifications import services as notification_services
from notifications.models import SUPPORT_KINDS, Kind, Notification, SavedSearch
from pathways import services as pathway_services
from pathways.access import log_access, supporter_memberships
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportLink,
    SupportOffer,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TAKEN = (Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.CONFIRMED)
DECIDED = (*TAKEN, Claim.Status.DECLINED, Claim.Status.CANCELLED)
COUNTED = (
    User,
    EmailAddress,
    MemberProfile,
    Association,
    AssociationMembership,
    StaffMembership,
    DevelopmentGoal,
    Assignment,
    Claim,
    SituationChange,
    SupportOffer,
    SupportLink,
    Intake,
    Milestone,
    SupporterNote,
    Recommendation,
    AccessLogEntry,
)
# The rows a pathway service may write, and the fields that say when: a demo story's step
# is put on its own day by moving these (`_Seeder.dated`).
STAMPED = (
    (SupportLink, ("created_at",)),
    (ConsentEvent, ("at",)),
    (AccessLogEntry, ("at",)),
    (Milestone, ("recorded_at",)),
    (SupporterNote, ("created_at", "updated_at")),
    (Recommendation, ("created_at",)),
    (Claim, ("created_at", "updated_at")),
    (Notification, ("created_at",)),
)
Subject = AccessLogEntry.Subject


class Command(BaseCommand):
    help = "Load demo associations, people, assignments and claims for Lycksele, Norsjö and Norrtälje (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put every demo row back as shipped (undoing changes made on the site), with fresh dates.",
        )

    def handle(self, *args, force: bool = False, reset: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                f"DEBUG is off, so this looks like a production site. The demo accounts all have the password "
                f"'{demo.PASSWORD}'. Run with --force if you really want them here."
            )
        call_command("load_reference_data", stdout=self.stdout)
        before = {model: model.objects.count() for model in COUNTED}
        with transaction.atomic():
            _Seeder(timezone.now(), reset=reset).run()
        self._report(before, reset=reset)

    def _report(self, before: dict, *, reset: bool) -> None:
        counts = ", ".join(f"{model.objects.count()} {model.__name__}" for model in COUNTED)
        added = sum(model.objects.count() - before[model] for model in COUNTED)
        if reset:
            self.stdout.write(self.style.SUCCESS(f"Demo content reset to as shipped. Rows now: {counts}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content: {added} rows added; rows already there were left as they are "
                    f"(seed_demo --reset puts them back as shipped). Rows now: {counts}."
                )
            )
        self.stdout.write(f"Demo logins (all @{demo.DOMAIN}, password {demo.PASSWORD}):")
        kinds = {
            "platform_admin": "Platform admin",
            "staff": "Municipal staff (kommun.* admin, statistik.* viewer)",
            "association": "Association admins and coordinators",
            "resident": "Residents",
        }
        for kind, label in kinds.items():
            keys = [user.key for user in demo.USERS if user.kind == kind and user.verified]
            self.stdout.write(f"  {label}: {', '.join(keys)}")
        supporters = [offer.supporter for offer in demo.SUPPORT_OFFERS]
        self.stdout.write(f"  Supporters (handledare, /handledning/): {', '.join(supporters)}")
        unverified = [user.key for user in demo.USERS if not user.verified]
        self.stdout.write(f"  E-mail not yet verified: {', '.join(unverified)}")


class _Seeder:
    def __init__(self, now: datetime, *, reset: bool = False):
        self.now = now
        self.reset = reset
        # Keys of the demo people and associations created (or reset) in this run: only
        # they get their dependent rows, so nothing someone removed or changed comes back.
        self.fresh_users: set[str] = set()
        self.fresh_associations: set[str] = set()
        self.today = timezone.localdate(now, STOCKHOLM)
        self.users: dict[str, User] = {}
        self.associations: dict[str, Association] = {}
        self.goals: dict[tuple[str, str], DevelopmentGoal] = {}
        self.municipalities = {m.code: m for m in Municipality.objects.filter(code__in=demo.PILOT_CODES)}
        self.localities = {
            (place.municipality.code, place.name): place
            for place in Locality.objects.filter(municipality__code__in=demo.PILOT_CODES).select_related("municipality")
        }
        labels = {label for user in demo.USERS if user.profile for label in user.profile.skills}
        labels |= {label for assignment in demo.ASSIGNMENTS for label in assignment.skills}
        labels |= demo_history.SKILLS
        labels |= {label for story in demo.SUPPORT if story.intake for label in story.intake.skills}
        self.skills = {s.label_sv: s for s in Skill.objects.filter(kind=Skill.Kind.SKILL, label_sv__in=labels)}
        self.categories = {c.slug: c for c in Category.objects.all()}

    def run(self) -> None:
        self.seed_users()
        self.seed_staff()
        self.seed_goals()
        self.seed_associations()
        fresh = [spec for spec in demo.ASSIGNMENTS if spec.association in self.fresh_associations]
        ids = [self.seed_assignment(spec) for spec in fresh]
        ids += self.seed_history()
        self.seed_notifications(ids)
        self.seed_pathways()

    def put(self, model, *, defaults: dict, **lookup):
        """Return (row, fresh): the row is created with `defaults` when missing; an existing
        one is left as it is (fresh False), unless --reset puts the demo values back."""
        if self.reset:
            row, _ = model.objects.update_or_create(defaults=defaults, **lookup)
            return row, True
        return model.objects.get_or_create(defaults=defaults, **lookup)

    # Lookups that fail loudly: the content must name only real reference rows.

    def locality(self, code: str, name: str) -> Locality:
        try:
            return self.localities[(code, name)]
        except KeyError:
            raise CommandError(f"No locality {name!r} in municipality {code} in the reference data.") from None

    def skill_list(self, labels: tuple[str, ...]) -> list[Skill]:
        missing = [label for label in labels if label not in self.skills]
        if missing:
            raise CommandError(f"Not skills in the JobTech taxonomy: {', '.join(missing)}.")
        return [self.skills[label] for label in labels]

    def category(self, slug: str) -> Category:
        try:
            return self.categories[slug]
        except KeyError:
            raise CommandError(f"No category with slug {slug!r}.") from None

    def at(self, day: int, clock: str) -> datetime:
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.combine(self.today + timedelta(days=day), time(hour, minute), tzinfo=STOCKHOLM)

    def past(self, moment: datetime) -> datetime:
        """Never later than now: offsets that would land in the future are pulled back."""
        return min(moment, self.now - timedelta(minutes=5))

    # Seeding, in dependency order.

    def seed_users(self) -> None:
        password = make_password(demo.PASSWORD)  # one hash for all: hashing is deliberately slow
        for spec in demo.USERS:
            user, fresh = self.put(
                User,
                email=spec.email,
                defaults={
                    "password": password,
                    "language": spec.language,
                    "is_active": True,
                    "is_staff": spec.kind == "platform_admin",
                    "is_superuser": spec.kind == "platform_admin",
                    "date_joined": self.now - timedelta(days=spec.joined_days_ago),
                },
            )
            self.users[spec.key] = user
            if not fresh:
                continue
            self.fresh_users.add(spec.key)
            EmailAddress.objects.update_or_create(
                user=user, email=spec.email, defaults={"verified": spec.verified, "primary": True}
            )
            if spec.profile:
                self.seed_profile(user, spec)

    def seed_profile(self, user: User, spec: demo.DemoUser) -> None:
        p = spec.profile
        profile, _ = MemberProfile.objects.update_or_create(
            user=user,
            defaults={
                "display_name": p.display_name,
                "home_locality": self.locality(p.municipality, p.locality),
                "travel_radius_km": p.travel_radius_km,
                "languages": p.languages,
                "driving_licence": p.driving_licence,
                "available_weekdays": p.weekdays,
                "available_evenings": p.evenings,
                "available_weekends": p.weekends,
                "notification_preference": p.notifications,
                "situation": p.situation,
                # The situation is only kept with consent, given when they signed up.
                "situation_consent_at": self.now - timedelta(days=spec.joined_days_ago) if p.situation else None,
            },
        )
        profile.skills.set(self.skill_list(p.skills))
        profile.interests.set([self.category(slug) for slug in p.interests])
        # The situation's dated history starts again with the profile (--reset included).
        SituationChange.objects.filter(user=user).delete()
        if p.situation:
            SituationChange.objects.create(
                user=user, situation=p.situation, consent=True, recorded_at=profile.situation_consent_at
            )

    def seed_staff(self) -> None:
        for key, code, role in demo.STAFF:
            if key not in self.fresh_users:
                continue
            StaffMembership.objects.update_or_create(
                user=self.users[key], municipality=self.municipalities[code], defaults={"role": role}
            )

    def seed_goals(self) -> None:
        positions: dict[str, int] = {}
        for code, title, description in demo.GOALS:
            positions[code] = positions.get(code, 0) + 1
            if demo.VERIFIER[code] not in self.fresh_users:
                # The municipality's staff keep its goals; those there are looked up for assignments.
                goal = DevelopmentGoal.objects.filter(municipality=self.municipalities[code], title=title).first()
                if goal:
                    self.goals[(code, title)] = goal
                continue
            goal, _ = DevelopmentGoal.objects.update_or_create(
                municipality=self.municipalities[code],
                title=title,
                defaults={
                    "description": description,
                    "source": demo.GOAL_SOURCE,
                    "is_active": True,
                    "position": positions[code],
                    "valid_from": self.now.year - 1,
                    "valid_to": self.now.year + 2,
                    "target_kind": demo.GOAL_TARGETS[title][0],
                    "target_per_year": demo.GOAL_TARGETS[title][1],
                },
            )
            self.goals[(code, title)] = goal

    def seed_associations(self) -> None:
        for spec in demo.ASSOCIATIONS:
            validate_organisation_number(spec.organisation_number)
            registered = self.now - timedelta(days=spec.registered_days_ago)
            reviewed = spec.verification != Association.Verification.PENDING
            association, fresh = self.put(
                Association,
                slug=slugify(spec.name),
                defaults={
                    "name": spec.name,
                    "organisation_number": spec.organisation_number,
                    "kind": spec.kind,
                    "municipality": self.municipalities[spec.municipality],
                    "description": spec.description,
                    "contact_email": spec.contact_email,
                    "verification": spec.verification,
                    "verified_by": self.users[demo.VERIFIER[spec.municipality]] if reviewed else None,
                    "verified_at": registered + timedelta(days=3) if reviewed else None,
                    "rejection_reason": spec.rejection_reason,
                    "created_by": self.users[spec.manager],
                },
            )
            self.associations[spec.key] = association
            if not fresh:
                continue
            self.fresh_associations.add(spec.key)
            Association.objects.filter(pk=association.pk).update(created_at=registered)
            association.localities.set([self.locality(spec.municipality, name) for name in spec.localities])
            for key, role in spec.members:
                AssociationMembership.objects.update_or_create(
                    user=self.users[key], association=association, defaults={"role": role}
                )

    def seed_assignment(self, spec: demo.DemoAssignment) -> int:
        association = self.associations[spec.association]
        owner = next(a for a in demo.ASSOCIATIONS if a.key == spec.association)
        code = owner.municipality
        when = spec.when
        starts_at = self.at(when.day, when.start) if when.start else None
        ends_at = starts_at + timedelta(hours=when.length) if starts_at else None
        due: date | None = None if when.start else self.today + timedelta(days=when.day)
        finished = ends_at or self.at(when.day, "18:00")
        published_at = self.at(spec.published, "09:15") if spec.published is not None else None
        status = spec.status
        assignment, _ = Assignment.objects.update_or_create(
            association=association,
            title=spec.title,
            defaults={
                "locality": self.locality(code, spec.locality),
                "description": spec.description,
                "category": self.category(spec.category),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "deadline": due,
                "estimated_hours": Decimal(spec.hours),
                "slots": spec.slots,
                "compensation": spec.pay.compensation,
                "amount_sek": Decimal(spec.pay.amount) if spec.pay.amount else None,
                "payment_route": spec.pay.route,
                "claim_mode": spec.claim_mode,
                "how_to_get_there": spec.how_to_get_there,
                "what_to_bring": spec.what_to_bring,
                "status": status,
                "published_at": published_at,
                "matched_at": published_at,
                "cancelled_at": self.past(published_at + timedelta(days=3)) if status == "cancelled" else None,
                "cancel_reason": spec.cancel_reason,
                "completed_at": self.past(finished + timedelta(days=1)) if status == "completed" else None,
                "created_by": self.users[owner.manager],
            },
        )
        created_at = published_at - timedelta(hours=2) if published_at else self.now - timedelta(days=2)
        Assignment.objects.filter(pk=assignment.pk).update(created_at=created_at)
        assignment.skills.set(self.skill_list(spec.skills))
        # A goal the municipality's staff renamed or removed is simply not linked.
        assignment.development_goals.set([self.goals[(code, t)] for t in spec.goals if (code, t) in self.goals])

        members = {key for key, _ in owner.members}
        for claim_spec in spec.claims:
            if claim_spec.resident in members:
                raise CommandError(f"{claim_spec.resident} claims {spec.title!r} of their own association.")
            self.seed_claim(assignment, claim_spec, published_at, owner.manager)

        taken = assignment.claims.filter(status__in=TAKEN).count()
        if taken > spec.slots or (status == Assignment.Status.FILLED and taken != spec.slots):
            raise CommandError(f"{spec.title!r} is {status} with {taken} of {spec.slots} places taken.")
        Assignment.objects.filter(pk=assignment.pk).update(places_taken=taken)
        return assignment.pk

    def seed_history(self) -> list[int]:
        """A year of history behind the verified demo associations (municipalities/demo_history.py).

        Like the shipped assignments, an association's history is written when the
        association is (re)created in this run, so seeding again adds nothing and
        --reset replaces it with one around today. The made-up residents are added
        when missing (--reset recreates them). Returns the ids of the new assignments.
        """
        places = {a.key: a.localities for a in demo.ASSOCIATIONS if a.key in demo_history.KINDS}
        plan = demo_history.plan(today=self.today, now=self.now, localities=places)
        emails = [person.email for person in plan.residents]
        if self.reset:
            User.objects.filter(email__in=emails).delete()
        fresh = {key for key in demo_history.KINDS if key in self.fresh_associations}
        Assignment.objects.filter(
            association__in=[self.associations[key] for key in fresh], title__in=demo_history.TITLES
        ).delete()
        self.seed_history_residents(
            plan, existing=set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        )
        users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        keys = {person.key: users[person.email] for person in plan.residents}
        return self.seed_history_assignments([a for a in plan.assignments if a.association in fresh], keys)

    def seed_history_residents(self, plan: demo_history.Plan, *, existing: set[str]) -> None:
        missing = [person for person in plan.residents if person.email not in existing]
        if not missing:
            return
        # They never log in: the demo's stories are told by the shipped residents.
        password = make_password(None)
        users = User.objects.bulk_create(
            [
                User(email=p.email, password=password, language="sv", is_active=True, date_joined=p.joined)
                for p in missing
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        profiles = MemberProfile.objects.bulk_create(
            [
                MemberProfile(
                    user=user,
                    display_name=p.display_name,
                    home_locality=self.locality(p.municipality, p.locality),
                    notification_preference="weekly",
                    situation=p.current_situation,
                    situation_consent_at=p.consent_at if p.current_situation else None,
                )
                for user, p in zip(users, missing, strict=True)
            ]
        )
        for profile, p in zip(profiles, missing, strict=True):
            profile.created_at = p.joined
        MemberProfile.objects.bulk_update(profiles, ["created_at"], batch_size=500)
        people = dict(zip((u.pk for u in users), missing, strict=True))
        self.seed_situation_history(people)
        self.seed_history_milestones({u.pk: u for u in users}, people)

    def seed_situation_history(self, people: dict[int, demo_history.PlannedResident]) -> None:
        """The dated situations each consenting resident reported, and any withdrawal of consent."""
        rows = []
        for pk, person in people.items():
            for day, situation in person.situations:
                recorded_at = person.joined if day == person.joined.date() else demo_history.noon(day)
                if person.withdrew_at is None or recorded_at < person.withdrew_at:
                    rows.append(SituationChange(user_id=pk, situation=situation, consent=True, recorded_at=recorded_at))
            if person.withdrew_at:
                rows.append(SituationChange(user_id=pk, situation="", consent=False, recorded_at=person.withdrew_at))
        SituationChange.objects.bulk_create(rows, batch_size=1000)

    def seed_history_milestones(self, users: dict[int, User], people: dict[int, demo_history.PlannedResident]) -> None:
        """The steps the made-up residents noted on their own timeline when their situation changed
        (a job, their own work, studies), and for every other one who found work a course before it.
        The first and third assignment come from their confirmed claims (`seed_pathways`)."""
        kinds = {"employed": Milestone.Kind.EMPLOYMENT, "student": Milestone.Kind.STUDIES}
        made = []
        for pk, person in people.items():
            number = int(person.key.rsplit(".", 1)[1])
            for day, situation in person.situations[1:]:
                if situation == "self_employed":
                    kind = Milestone.Kind.UMBRELLA if number % 3 else Milestone.Kind.OWN_BUSINESS
                else:
                    kind = kinds.get(situation)
                if kind is None:
                    continue
                course = day - timedelta(days=45)
                if kind != Milestone.Kind.STUDIES and number % 2 == 0 and course > person.joined.date():
                    made.append((course, self.history_step(users[pk], Milestone.Kind.TRAINING, course)))
                made.append((day, self.history_step(users[pk], kind, day)))
        for day, milestone in made:
            milestone.recorded_at = demo_history.noon(day)
        Milestone.objects.bulk_update([milestone for _day, milestone in made], ["recorded_at"], batch_size=500)

    def history_step(self, user: User, kind: str, day: date) -> Milestone:
        return pathway_services.milestone_record(resident=user, by=user, kind=kind, happened_on=day)

    def seed_history_assignments(
        self, planned: list[demo_history.PlannedAssignment], residents: dict[str, int]
    ) -> list[int]:
        if not planned:
            return []
        managers = {a.key: self.users[a.manager] for a in demo.ASSOCIATIONS}
        rows = []
        for a in planned:
            t = a.template
            rows.append(
                Assignment(
                    association=self.associations[a.association],
                    locality=self.locality(a.municipality, a.locality),
                    title=t.title,
                    description=t.description,
                    category=self.category(t.category),
                    starts_at=a.starts_at,
                    ends_at=a.ends_at,
                    deadline=a.deadline,
                    estimated_hours=Decimal(str(t.hours)),
                    slots=t.slots,
                    places_taken=sum(c.status in TAKEN for c in a.claims),
                    compensation=a.pay.compensation,
                    amount_sek=Decimal(a.pay.amount) if a.pay.amount else None,
                    payment_route=a.pay.route,
                    claim_mode=Assignment.ClaimMode.FIRST_COME if t.first_come else Assignment.ClaimMode.CHOOSE,
                    status=a.status,
                    published_at=a.published_at,
                    matched_at=a.published_at,
                    cancelled_at=a.cancelled_at,
                    cancel_reason=a.cancel_reason,
                    completed_at=a.completed_at,
                    created_by=managers[a.association],
                )
            )
        rows = Assignment.objects.bulk_create(rows, batch_size=500)
        # created_at is set on insert; put it where the history says, like seed_assignment does.
        for row in rows:
            row.created_at = row.published_at - timedelta(hours=2)
        Assignment.objects.bulk_update(rows, ["created_at"], batch_size=500)

        goal_links, skill_links, claims = [], [], []
        GoalLink = Assignment.development_goals.through
        SkillLink = Assignment.skills.through
        for row, a in zip(rows, planned, strict=True):
            titles = [demo_history.GOAL_TITLES[(a.municipality, g)] for g in a.template.goals]
            if a.pay.compensation != "voluntary":
                titles.append(demo.WORK)
            goals = {self.goals[(a.municipality, t)].pk for t in titles if (a.municipality, t) in self.goals}
            goal_links += [GoalLink(assignment_id=row.pk, developmentgoal_id=pk) for pk in sorted(goals)]
            skill_links += [SkillLink(assignment_id=row.pk, skill_id=s.pk) for s in self.skill_list(a.template.skills)]
            manager = managers[a.association]
            for c in a.claims:
                claims.append(
                    Claim(
                        assignment_id=row.pk,
                        resident_id=residents[c.resident],
                        status=c.status,
                        decided_by=None if row.claim_mode == "first_come" or c.decided_at is None else manager,
                        decided_at=c.decided_at,
                        hours_reported=c.hours,
                        hours_confirmed=c.hours,
                        reference_text=c.reference,
                        created_at=c.created_at,
                    )
                )
        GoalLink.objects.bulk_create(goal_links, batch_size=1000)
        SkillLink.objects.bulk_create(skill_links, batch_size=1000)
        planned_at = [c.created_at for c in claims]
        claims = Claim.objects.bulk_create(claims, batch_size=1000)
        for claim, created_at in zip(claims, planned_at, strict=True):
            claim.created_at = created_at
        Claim.objects.bulk_update(claims, ["created_at"], batch_size=1000)
        return [row.pk for row in rows]

    def seed_notifications(self, ids: list[int]) -> None:
        """Saved searches, and the inbox residents would have from the open assignments. No e-mail goes out."""
        for key, name, query in demo.SAVED_SEARCHES:
            user = self.users[key]
            if key in self.fresh_users and not SavedSearch.objects.filter(user=user, name=name).exists():
                request = RequestFactory().get("/uppdrag/")
                request.user = user
                search = notification_services.saved_search_create(
                    user=user, filterset=notification_services.filterset_for(request, QueryDict(query))
                )
                SavedSearch.objects.filter(pk=search.pk).update(name=name)
        published = Assignment.objects.filter(pk__in=ids, status=Assignment.Status.PUBLISHED).select_related("locality")
        for assignment in published:
            matching.match(assignment)
            Notification.objects.filter(assignment=assignment, kind=Kind.MATCH).update(
                created_at=assignment.published_at, email_state=Notification.EmailState.SKIPPED
            )
        # What is over a week old has been seen.
        Notification.objects.filter(
            assignment_id__in=ids, created_at__lt=self.now - timedelta(days=7), read_at__isnull=True
        ).update(read_at=F("created_at"))

    def seed_claim(
        self, assignment: Assignment, spec: demo.DemoClaim, published_at: datetime | None, manager: str
    ) -> None:
        if published_at is None:
            raise CommandError(f"Drafts cannot be claimed: {assignment.title!r}.")
        created_at = self.past(published_at + timedelta(hours=spec.after_hours))
        automatic = assignment.claim_mode == Assignment.ClaimMode.FIRST_COME and spec.status in TAKEN
        decided = spec.status in DECIDED
        decided_by = None if automatic or not decided else self.users[spec.decided_by or manager]
        decided_at = None
        if decided:
            # First come, first served accepts on the spot; otherwise someone answers within a day.
            decided_at = created_at if automatic else self.past(created_at + timedelta(hours=18))
        if spec.status == Claim.Status.CONFIRMED:
            # Confirming the hours is the last decision, a day after the work (the dashboard dates
            # confirmed hours by it), as claim_confirm sets it.
            end = assignment.ends_at or timezone.make_aware(datetime.combine(assignment.deadline, time(18)))
            decided_at = self.past(end + timedelta(days=1, hours=2))
        claim, _ = Claim.objects.update_or_create(
            assignment=assignment,
            resident=self.users[spec.resident],
            defaults={
                "message": spec.message,
                "status": spec.status,
                "decided_by": decided_by,
                "decided_at": decided_at,
                "decision_message": spec.decision_message,
                "hours_reported": Decimal(spec.hours_reported) if spec.hours_reported else None,
                "hours_confirmed": Decimal(spec.hours_confirmed) if spec.hours_confirmed else None,
                "reference_text": spec.reference,
            },
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=created_at)

    # The support pathway: supporters, their offers and the residents they support.

    def seed_pathways(self) -> None:
        """The steps every demo resident reached through confirmed assignments, as claim_confirm
        records them; then the supporters' offers and stories. --reset dates the demo's confirmed
        claims anew, so their steps are taken again from them."""
        if self.reset:
            shipped = [user.email for user in demo.USERS]
            Milestone.objects.filter(resident__email__in=shipped, automatic=True).delete()
        residents = (
            Claim.objects.filter(status=Claim.Status.CONFIRMED, resident__email__endswith=f"@{demo.DOMAIN}")
            .values_list("resident_id", flat=True)
            .distinct()
            .order_by("resident_id")
        )
        made = [m for pk in residents for m in pathway_services.record_automatic_milestones(pk)]
        # Recorded when the association confirmed the claim, as claim_confirm does.
        confirmed = dict(Claim.objects.filter(pk__in=[m.claim_id for m in made]).values_list("pk", "decided_at"))
        for milestone in made:
            milestone.recorded_at = confirmed[milestone.claim_id]
        Milestone.objects.bulk_update(made, ["recorded_at"], batch_size=500)
        self.seed_support_offers()
        for story in demo.SUPPORT:
            self.seed_support(story)

    def seed_support_offers(self) -> None:
        """Each offer when it is missing (--reset: again), with its supporter marked as one.
        A supporter someone unmarked on the site stays unmarked while the offer is there."""
        owners = {a.key: a for a in demo.ASSOCIATIONS}
        for spec in demo.SUPPORT_OFFERS:
            association = self.associations[spec.association]
            if not self.reset and SupportOffer.objects.filter(association=association).exists():
                continue
            owner = owners[spec.association]
            admin = self.users[owner.manager]
            membership = AssociationMembership.objects.filter(
                user=self.users[spec.supporter], association=association
            ).first()
            if membership is not None:
                pathway_services.supporter_set(membership=membership, by=admin, is_supporter=True)
            pathway_services.support_offer_update(
                association=association,
                by=admin,
                kinds=list(spec.kinds),
                localities=[self.locality(owner.municipality, name) for name in spec.localities],
                description=spec.description,
            )

    def day_at(self, days_ago: int, clock: str) -> datetime:
        return self.past(self.at(-days_ago, clock))

    def dated(self, moment: datetime, step):
        """Run `step` (pathway service calls) and put every row it wrote (STAMPED) at `moment`, as
        if it had been done then. Its notifications are old news: never e-mailed, and read when
        over a week old. Returns what `step` returns."""
        marks = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model, _fields in STAMPED}
        result = step()
        for model, fields in STAMPED:
            model.objects.filter(pk__gt=marks[model]).update(**dict.fromkeys(fields, moment))
        Notification.objects.filter(pk__gt=marks[Notification]).update(
            email_state=Notification.EmailState.SKIPPED,
            read_at=moment if moment < self.now - timedelta(days=7) else None,
        )
        return result

    def reads(self, link: SupportLink, *subjects: str) -> None:
        """The supporter opened these pages of the resident's (pathways.access.supporter_view logs each)."""
        for subject in subjects:
            log_access(link=link, action=AccessLogEntry.Action.READ, subject=subject)

    def clear_support(self, story: demo.DemoSupport, resident: User, supporter: User) -> None:
        """Take away what an earlier run of `story` wrote, so --reset writes it again as shipped."""
        links = list(SupportLink.objects.filter(resident=resident, supporter=supporter).values_list("pk", flat=True))
        refs = [f"link-{pk}-{event}" for pk in links for event in "riae"]
        Notification.objects.filter(kind__in=SUPPORT_KINDS, ref__in=refs).delete()
        SupportLink.objects.filter(pk__in=links).delete()
        tips = Recommendation.objects.filter(resident=resident, supporter=supporter)
        refs = [f"rec-{pk}" for pk in tips.values_list("pk", flat=True)]
        Notification.objects.filter(kind=Kind.RECOMMENDATION, ref__in=refs).delete()
        tips.delete()
        # The sign-ups the story made (a resident tipped about an assignment had not signed up for it).
        for tip in story.tips:
            for claim in Claim.objects.filter(resident=resident, assignment=self.tip_assignment(tip)):
                if claim.status in TAKEN:
                    Assignment.objects.filter(pk=claim.assignment_id).update(places_taken=F("places_taken") - 1)
                claim.delete()
        SupporterNote.objects.filter(resident=resident, author=supporter).delete()
        AccessLogEntry.objects.filter(resident=resident, actor=supporter).delete()
        Milestone.objects.filter(resident=resident, recorded_by=supporter).delete()
        if story.intake:
            Milestone.objects.filter(resident=resident, kind=Milestone.Kind.INTAKE).delete()
            Intake.objects.filter(resident=resident).delete()

    def seed_support(self, story: demo.DemoSupport) -> None:
        """One resident's way with their supporter, step by step through the pathway services, each
        step on its day: the request; then the supporter's answer and first look; the intake, steps,
        notes and tips, each a moment after opening that page; and the end. Written when the two
        have no link yet (--reset: again); skipped when the supporter is no longer one there."""
        resident, supporter = self.users[story.resident], self.users[story.supporter]
        association = self.associations[story.association]
        if not self.reset and SupportLink.objects.filter(resident=resident, supporter=supporter).exists():
            return
        if not supporter_memberships(supporter).filter(association=association).exists():
            return
        self.clear_support(story, resident, supporter)
        asked = self.day_at(story.asked_days_ago, "19:30")
        link = self.dated(
            asked,
            lambda: pathway_services.link_request(
                resident=resident,
                supporter=supporter,
                association=association,
                shares=Share.values,
                message=story.message,
            ),
        )
        SupportLink.objects.filter(pk=link.pk).update(consent_given_at=asked)
        if story.accepted_days_ago is None:
            return
        accepted = self.day_at(story.accepted_days_ago, "09:10")
        self.dated(accepted, lambda: pathway_services.link_accept(link=link, by=supporter))
        SupportLink.objects.filter(pk=link.pk).update(started_at=accepted)
        first_look = accepted + timedelta(minutes=2)
        self.dated(first_look, lambda: self.reads(link, Subject.OVERVIEW, Subject.PROFILE, Subject.CLAIMS))
        for moment, subject, step in sorted(self.support_steps(story, link), key=lambda item: item[0]):
            if subject:
                self.dated(moment - timedelta(minutes=3), lambda subject=subject: self.reads(link, subject))
            self.dated(moment, step)
        if story.intake:
            done = self.day_at(story.intake.days_ago, "10:00")
            Intake.objects.filter(resident=resident).update(completed_at=done, created_at=done, updated_at=done)
            Milestone.objects.filter(resident=resident, kind=Milestone.Kind.INTAKE).update(
                happened_on=timezone.localdate(done, STOCKHOLM)
            )
        if story.ended_days_ago is not None:
            ended = self.day_at(story.ended_days_ago, "16:00")
            by = resident if story.ended_by == "resident" else supporter
            self.dated(ended, lambda: pathway_services.link_end(link=link, by=by))
            SupportLink.objects.filter(pk=link.pk).update(ended_at=ended)

    def support_steps(self, story: demo.DemoSupport, link: SupportLink) -> list[tuple[datetime, str, object]]:
        """(moment, the page the supporter read first or "", step) for what was done while the link
        was active: the supporter's intake, steps, notes and tips, and the resident taking a tip."""
        resident, supporter = link.resident, link.supporter
        steps: list[tuple[datetime, str, object]] = []
        if story.intake:
            moment = self.day_at(story.intake.days_ago, "10:00")
            steps.append((moment, Subject.INTAKE, lambda: self.intake(story.intake, link)))
        for spec in story.steps:
            record = partial(
                pathway_services.milestone_record,
                resident=resident,
                by=supporter,
                kind=spec.kind,
                happened_on=self.today - timedelta(days=spec.days_ago),
                note=spec.note,
                link=link,
            )
            steps.append((self.day_at(spec.days_ago, "14:00"), Subject.MILESTONES, record))
        for days_ago, text in story.notes:
            write = partial(pathway_services.note_create, link=link, by=supporter, text=text)
            steps.append((self.day_at(days_ago, "10:45"), Subject.NOTES, write))
        for tip in story.tips:
            assignment = self.tip_assignment(tip)
            if assignment is None or not is_open_for_claims(assignment):
                continue  # on a demo seeded long ago the assignment may be over: no tip then
            recommend = partial(
                pathway_services.recommend, link=link, by=supporter, assignment=assignment, message=tip.message
            )
            steps.append((self.day_at(tip.days_ago, "11:30"), Subject.RECOMMENDATIONS, recommend))
            if tip.taken_days_ago is not None:
                take = partial(claim_create, assignment=assignment, resident=resident)
                steps.append((self.day_at(tip.taken_days_ago, "18:00"), "", take))
        return steps

    def tip_assignment(self, tip: demo.DemoTip) -> Assignment | None:
        """The shipped assignment a tip is about, by its association and title."""
        owner = next(spec.association for spec in demo.ASSIGNMENTS if spec.title == tip.assignment)
        return (
            Assignment.objects.select_related("association")
            .filter(association=self.associations[owner], title=tip.assignment)
            .first()
        )

    def intake(self, spec: demo.DemoIntake, link: SupportLink) -> None:
        """The intake filled in together and marked done (the "intake" milestone)."""
        pathway_services.intake_save(
            resident=link.resident,
            by=link.supporter,
            link=link,
            skills=self.skill_list(spec.skills),
            own_skills=list(spec.own_skills),
            wanted_categories=[self.category(slug) for slug in spec.wanted],
            mark_done=True,
            experience=spec.experience,
            goals=spec.goals,
            obstacles=spec.obstacles,
            hours_per_week=spec.hours_per_week,
            driving_licence=spec.driving_licence,
            travel=spec.travel,
            times=spec.times,
        )
