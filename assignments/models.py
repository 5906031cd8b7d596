from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """What kind of work an assignment is, in words residents use.

    Each category points at the JobTech occupation field (yrkesområde) it
    belongs to, so statistics can be read against the national taxonomy.
    """

    slug = models.SlugField(_("adressnamn"), max_length=60, unique=True)
    name_sv = models.CharField(_("namn på svenska"), max_length=80)
    name_en = models.CharField(_("namn på engelska"), max_length=80)
    occupation_field = models.ForeignKey(
        "assignments.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "occupation-field"},
        verbose_name=_("yrkesområde"),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        ordering = ["position", "name_sv"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv


class Skill(models.Model):
    """A concept of the JobTech taxonomy: a skill, an occupation group or an occupation field."""

    class Kind(models.TextChoices):
        OCCUPATION_FIELD = "occupation-field", _("Yrkesområde")
        SSYK_1 = "ssyk-level-1", _("SSYK nivå 1")
        SSYK_2 = "ssyk-level-2", _("SSYK nivå 2")
        SSYK_3 = "ssyk-level-3", _("SSYK nivå 3")
        SSYK_4 = "ssyk-level-4", _("Yrkesgrupp (SSYK nivå 4)")
        SKILL = "skill", _("Kompetens")

    concept_id = models.CharField(_("begrepps-id"), max_length=20, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, db_index=True)
    label_sv = models.CharField(_("benämning"), max_length=255)
    label_en = models.CharField(_("benämning på engelska"), max_length=255, blank=True)
    ssyk_code = models.CharField(_("SSYK-kod"), max_length=4, blank=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("överordnat begrepp"),
    )

    class Meta:
        verbose_name = _("kompetens eller yrke")
        verbose_name_plural = _("kompetenser och yrken")
        ordering = ["label_sv"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.label_en and (get_language() or "sv").startswith("en"):
            return self.label_en
        return self.label_sv


class OwnSkill(models.Model):
    """A skill in a person's own words, for what the taxonomy has no everyday name for ("Bakning").

    Matching and search use it like a taxonomy name (assignments.skills says how).
    """

    name = models.CharField(_("eget ord"), max_length=60)
    # The name in lower case, compared in SQL: SQLite's LOWER() and LIKE fold only ASCII letters.
    key = models.CharField(max_length=60, editable=False)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = self.name.lower()
        super().save(*args, **kwargs)


class Assignment(models.Model):
    """A small, concrete piece of work an association offers to residents."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerat")
        FILLED = "filled", _("Fullsatt")
        COMPLETED = "completed", _("Genomfört")
        CANCELLED = "cancelled", _("Inställt")
        EXPIRED = "expired", _("Utgånget")

    class Compensation(models.TextChoices):
        VOLUNTARY = "voluntary", _("Ideellt, utan ersättning")
        FIXED = "fixed", _("Fast arvode")
        HOURLY = "hourly", _("Timersättning")

    class PaymentRoute(models.TextChoices):
        VOLUNTARY = "voluntary", _("Ingen betalning (ideellt)")
        UMBRELLA = "umbrella", _("Via egenanställningsföretag")
        F_TAX = "f_tax", _("Eget företag med F-skatt")
        EMPLOYMENT = "employment", _("Anställd av föreningen")

    class ClaimMode(models.TextChoices):
        CHOOSE = "choose", _("Föreningen väljer bland anmälningarna")
        FIRST_COME = "first_come", _("Först till kvarn")

    # The safety and legal checklist ("Bra att veta innan du anmäler dig"). Every answer has a
    # "not stated" value, which rows saved before the checklist existed carry, so the page can
    # say honestly that the association has not answered. What each answer tells residents,
    # and the public sources, are in assignments.checklist.
    class Insurance(models.TextChoices):
        NOT_STATED = "not_stated", _("Inte angett")
        YES = "yes", _("Ja, föreningens försäkring gäller för arbetet")
        NO = "no", _("Nej, föreningens försäkring gäller inte för arbetet")
        UNKNOWN = "unknown", _("Vet inte")

    class RecordExtract(models.TextChoices):
        NOT_STATED = "not_stated", _("Inte angett")
        NONE = "none", _("Inget utdrag behövs")
        CHILDREN = "children", _("Arbete med barn i annan verksamhet än skola och barnomsorg")
        SCHOOL = "school", _("Arbete i skola, förskola eller barnomsorg")
        DISABILITY = "disability", _("Arbete med barn med funktionsnedsättning (LSS)")
        HVB = "hvb", _("Arbete på HVB-hem")
        OTHER = "other", _("Ett annat utdrag (beskriv det i beskrivningen)")

    class Risk(models.TextChoices):
        NONE = "none", _("Inga särskilda risker")
        HEIGHT = "height", _("Stege eller arbete på höjd")
        ROOF = "roof", _("Arbete på tak")
        POWER_TOOLS = "power_tools", _("Motorsåg eller andra maskiner och elverktyg")
        DRIVING = "driving", _("Bilkörning")
        HEAVY_LIFTING = "heavy_lifting", _("Tunga lyft")
        WATER_ICE = "water_ice", _("Arbete vid vatten eller på is")
        OTHER = "other", _("Annan risk")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("förening")
    )
    locality = models.ForeignKey(
        "municipalities.Locality", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("ort")
    )
    title = models.CharField(_("rubrik"), max_length=120)
    description = models.TextField(_("beskrivning"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("kategori")
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="assignments", verbose_name=_("önskade kompetenser")
    )
    development_goals = models.ManyToManyField(
        "municipalities.DevelopmentGoal",
        blank=True,
        related_name="assignments",
        verbose_name=_("utvecklingsmål som uppdraget bidrar till"),
    )
    starts_at = models.DateTimeField(_("börjar"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    deadline = models.DateField(_("klart senast"), null=True, blank=True)
    estimated_hours = models.DecimalField(
        _("uppskattad tid (timmar)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(500)],
    )
    slots = models.PositiveSmallIntegerField(
        _("antal personer som behövs"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    places_taken = models.PositiveSmallIntegerField(_("tillsatta platser"), default=0, editable=False)
    # Places held for someone on the waiting list who has been offered one (assignments.waiting);
    # they are not free to others while the offer stands.
    places_offered = models.PositiveSmallIntegerField(_("erbjudna platser"), default=0, db_default=0, editable=False)
    compensation = models.CharField(
        _("ersättning"), max_length=10, choices=Compensation.choices, default=Compensation.VOLUNTARY
    )
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=8, decimal_places=2, null=True, blank=True)
    payment_route = models.CharField(
        _("hur ersättningen betalas"), max_length=12, choices=PaymentRoute.choices, default=PaymentRoute.VOLUNTARY
    )
    claim_mode = models.CharField(
        _("hur platserna fördelas"), max_length=12, choices=ClaimMode.choices, default=ClaimMode.CHOOSE
    )
    how_to_get_there = models.TextField(_("hitta dit"), blank=True)
    what_to_bring = models.TextField(_("ta med"), blank=True)
    # Whom residents who got a place can call; shown to them alone (conversations.services.contact_for).
    # Defaults in the database too: seed_scale inserts rows with SQL of its own.
    contact_name = models.CharField(_("kontaktperson"), max_length=80, blank=True, default="", db_default="")
    contact_phone = models.CharField(
        _("kontaktpersonens telefon"), max_length=30, blank=True, default="", db_default=""
    )
    insurance = models.CharField(
        _("föreningens försäkring gäller för arbetet"),
        max_length=12,
        choices=Insurance.choices,
        default=Insurance.NOT_STATED,
    )
    record_extract = models.CharField(
        _("utdrag ur belastningsregistret"),
        max_length=12,
        choices=RecordExtract.choices,
        default=RecordExtract.NOT_STATED,
    )
    # Risk codes (Risk), in the order of Risk; empty when the association has not said.
    risks = models.JSONField(_("särskilda risker"), default=list, blank=True)
    risks_other = models.CharField(_("annan risk"), max_length=200, blank=True)
    protective_equipment = models.CharField(_("skyddsutrustning som finns"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    cancel_reason = models.TextField(_("skäl till att uppdraget ställdes in"), blank=True)
    completed_at = models.DateTimeField(_("genomfört"), null=True, blank=True)
    # Set when the residents it fits have been found; the sweep finds the ones still unset.
    matched_at = models.DateTimeField(_("matchat"), null=True, blank=True, editable=False)
    # Kept by PostgreSQL triggers (migration 0013), for full-text search in Swedish; the services never write it.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapat av"),
    )
    # An occurrence of a repeating assignment. SET_NULL: removing a series (only the admin can)
    # leaves its occurrences, with their sign-ups and hours, as single assignments.
    series = models.ForeignKey(
        "assignments.AssignmentSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # assignment_series_starts below serves look-ups by series
        related_name="occurrences",
        verbose_name=_("återkommande uppdrag"),
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="assignment_status_published"),
            # The open assignments by place, holding every column the list's filters and its count read,
            # so counting, grouping by place (nearest first) and a municipality's filter read the
            # index alone (bench/run.py, README "Benchmarks").
            models.Index(
                fields=["locality", "-published_at", "-id"],
                include=["association", "category", "starts_at", "deadline", "compensation", "series"],
                condition=Q(status="published"),
                name="assignment_open_place",
            ),
            # When the list's cache must expire by the clock (assignments.listcache.seconds_until_next_close).
            models.Index(fields=["starts_at"], name="assignment_open_starts", condition=Q(status="published")),
            # The list shows a series once, by its earliest occurrence: found through this index.
            # Partial, so it only ever serves look-ups within a series (and costs nothing otherwise).
            models.Index(
                fields=["series", "starts_at"],
                name="assignment_series_starts",
                condition=Q(series__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(slots__gte=1),
                name="assignment_slots_at_least_one",
                violation_error_message=_("Det behövs minst en person."),
            ),
            # Accepted claims never exceed the places: the claim services move this
            # counter inside the same transaction, and the database refuses overflow.
            models.CheckConstraint(
                condition=Q(places_taken__lte=models.F("slots")),
                name="assignment_places_within_slots",
                violation_error_message=_("Fler har fått uppdraget än det finns platser."),
            ),
            # A place offered from the waiting list is held: taken and offered places together
            # never exceed the places, so the list cannot give one place to two people.
            models.CheckConstraint(
                condition=Q(places_taken__lte=models.F("slots") - models.F("places_offered")),
                name="assignment_offers_within_slots",
                violation_error_message=_("Fler platser är erbjudna eller tillsatta än det finns."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(starts_at__isnull=False, ends_at__isnull=False, deadline__isnull=True)
                    & Q(ends_at__gt=models.F("starts_at"))
                )
                | Q(starts_at__isnull=True, ends_at__isnull=True, deadline__isnull=False),
                name="assignment_window_or_deadline",
                violation_error_message=_(
                    "Ange antingen en bestämd tid, där sluttiden är efter starttiden, "
                    "eller ett datum då uppdraget ska vara klart."
                ),
            ),
            models.CheckConstraint(
                condition=Q(compensation="voluntary", amount_sek__isnull=True)
                | (~Q(compensation="voluntary") & Q(amount_sek__gt=0)),
                name="assignment_amount_matches_compensation",
                violation_error_message=_(
                    "Ett ideellt uppdrag har inget belopp, och ett betalt uppdrag behöver ett belopp över noll."
                ),
            ),
            models.CheckConstraint(
                condition=Q(compensation="voluntary", payment_route="voluntary")
                | (~Q(compensation="voluntary") & ~Q(payment_route="voluntary")),
                name="assignment_payment_route_matches_compensation",
                violation_error_message=_(
                    "Ett ideellt uppdrag betalas inte ut, och ett betalt uppdrag behöver ett sätt "
                    "att betala ut ersättningen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(estimated_hours__gt=0),
                name="assignment_hours_positive",
                violation_error_message=_("Ange ungefär hur många timmar uppdraget tar."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        """Places nobody has and nobody has been offered from the waiting list."""
        return max(self.slots - self.places_taken - self.places_offered, 0)

    @property
    def is_paid(self) -> bool:
        return self.compensation != self.Compensation.VOLUNTARY

    def claims_closed(self, now=None) -> bool:
        """Too late to claim or withdraw: a time window has begun, or a deadline has passed."""
        now = now or timezone.now()
        if self.starts_at is not None:
            return self.starts_at <= now
        return self.deadline < timezone.localdate(now)

    def work_may_have_happened(self, now=None) -> bool:
        """Hours can be reported once a window has begun; "any time before" work any time."""
        now = now or timezone.now()
        return self.starts_at is None or self.starts_at <= now

    def is_past(self, now=None) -> bool:
        now = now or timezone.now()
        if self.ends_at is not None:
            return self.ends_at < now
        return self.deadline < timezone.localdate(now)


LIVE_CLAIM_STATUSES = ("pending", "accepted", "done", "confirmed")


class Claim(models.Model):
    """A resident's request to do an assignment, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på svar")
        ACCEPTED = "accepted", _("Godkänd")
        DECLINED = "declined", _("Inte antagen")
        WITHDRAWN = "withdrawn", _("Återtagen")
        DONE = "done", _("Utförd, timmar rapporterade")
        CONFIRMED = "confirmed", _("Klar och bekräftad")
        CANCELLED = "cancelled", _("Inställd")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="claims", verbose_name=_("uppdrag")
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims", verbose_name=_("invånare")
    )
    message = models.TextField(_("meddelande"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslut av"),
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decision_message = models.TextField(_("meddelande med beslutet"), blank=True)
    hours_reported = models.DecimalField(
        _("rapporterade timmar"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    hours_confirmed = models.DecimalField(_("bekräftade timmar"), max_digits=5, decimal_places=1, null=True, blank=True)
    reference_text = models.TextField(_("referens"), blank=True)
    # Set when a coordinator or admin signed the resident up on their behalf, after the resident
    # called or came by (offline.services.claim_register_by_phone); empty when they signed up themselves.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmäld av"),
    )
    registered_at = models.DateTimeField(_("anmäld av föreningen"), null=True, blank=True)
    # Who reported the hours when the association did it for the resident (claim_report_hours_for).
    hours_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("timmar rapporterade av"),
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["-created_at"]
        # The dashboard's time to first sign-up reads each assignment's earliest claim.
        indexes = [models.Index(fields=["assignment", "created_at"], name="claim_assignment_created")]
        constraints = [
            # One live claim per resident and assignment; a withdrawn or declined
            # claim does not block claiming again.
            models.UniqueConstraint(
                fields=["assignment", "resident"],
                condition=Q(status__in=LIVE_CLAIM_STATUSES),
                name="claim_one_live_per_resident",
                violation_error_message=_("Den här personen har redan en anmälan till uppdraget."),
            ),
            models.CheckConstraint(
                condition=Q(hours_reported__isnull=True) | Q(hours_reported__gt=0, hours_reported__lte=500),
                name="claim_hours_reported_range",
                violation_error_message=_("De rapporterade timmarna ska vara fler än 0 och högst 500."),
            ),
            models.CheckConstraint(
                condition=Q(hours_confirmed__isnull=True) | Q(hours_confirmed__gte=0, hours_confirmed__lte=500),
                name="claim_hours_confirmed_range",
                violation_error_message=_("De bekräftade timmarna ska vara mellan 0 och 500."),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(hours_confirmed__isnull=False),
                name="claim_confirmed_has_hours",
                violation_error_message=_("En bekräftad anmälan behöver bekräftade timmar."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.assignment}"


LIVE_WAITING_STATUSES = ("waiting", "offered")


class WaitingListEntry(models.Model):
    """A resident in line for a place in a full assignment, and what became of it.

    The lifecycle is in assignments.waiting: waiting → offered (association-chooses mode,
    until `offered_until`) → took place | declined | expired; waiting → took place (first
    come, first served: the place is given at once) | left | removed (the assignment was
    cancelled or began, or the person can no longer take a place).
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("I kön")
        OFFERED = "offered", _("Erbjuden en plats")
        TOOK_PLACE = "took_place", _("Fick platsen")
        DECLINED = "declined", _("Tackade nej")
        EXPIRED = "expired", _("Erbjudandet gick ut")
        LEFT = "left", _("Lämnade kön")
        REMOVED = "removed", _("Kön stängdes")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("uppdrag")
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="waiting_list_entries",
        verbose_name=_("invånare"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    # The line's order: first come, first in line (ties by id).
    created_at = models.DateTimeField(_("ställde sig i kön"), default=timezone.now)
    offered_at = models.DateTimeField(_("erbjuden"), null=True, blank=True)
    offered_until = models.DateTimeField(_("erbjudandet gäller till"), null=True, blank=True)
    ended_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    claim = models.ForeignKey(
        Claim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmälan"),
    )

    class Meta:
        verbose_name = _("plats i kön")
        verbose_name_plural = _("köplatser")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["assignment", "status", "created_at"], name="waiting_line"),
            models.Index(fields=["offered_until"], condition=Q(status="offered"), name="waiting_offers"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "resident"],
                condition=Q(status__in=LIVE_WAITING_STATUSES),
                name="waiting_one_live_per_resident",
                violation_error_message=_("Du står redan i kön till det här uppdraget."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offered_until__isnull=False),
                name="waiting_offer_has_end",
                violation_error_message=_("Ett erbjudande behöver ett slut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} ⏳ {self.assignment}"

    def offer_is_live(self, now=None) -> bool:
        """An offer that can still be accepted: offered, and `offered_until` not yet passed."""
        return self.status == self.Status.OFFERED and self.offered_until > (now or timezone.now())


class AssignmentOwnSkill(OwnSkill):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="own_skills", verbose_name=_("uppdrag")
    )

    class Meta(OwnSkill.Meta):
        verbose_name = _("önskad kompetens med egna ord")
        verbose_name_plural = _("önskade kompetenser med egna ord")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "key"],
                name="assignment_own_skill_once",
                violation_error_message=_("Den kompetensen står redan med."),
            )
        ]


class SearchWord(models.Model):
    """A word of some assignment's title, normalised (assignments.textnorm), for "Menade du …?".

    PostgreSQL only: filled by a trigger when a title is written (migration 0015). Words are never
    removed; a suggestion is only offered when the word finds open assignments, so an old word
    does no harm. Looking similar words up here (a trigram index on a few thousand distinct
    words) instead of in the titles themselves took the suggestion for "snöskottning" on the
    seed_scale data from about 120 ms to a few ms: 50,000 open titles share many trigrams.
    """

    word = models.CharField(primary_key=True, max_length=40)

    class Meta:
        db_table = "assignments_search_word"
        verbose_name = _("sökord")
        verbose_name_plural = _("sökord")

    def __str__(self) -> str:
        return self.word


class ListVersion(models.Model):
    """One row whose `value` changes whenever anything the public list shows changes.

    Kept by database triggers (assignments.listcache.install_triggers), not by the code that
    writes, so no write can forget it: admin edits, `update()` calls, data migrations and raw
    SQL all count. The list's cache keys contain the value (assignments.listcache), so a cached
    page is never served after a change has been committed.
    """

    value = models.BigIntegerField(_("version"), default=0)

    class Meta:
        db_table = "assignments_list_version"
        verbose_name = _("listans version")
        verbose_name_plural = _("listans versioner")

    def __str__(self) -> str:
        return str(self.value)


class AssignmentSeries(models.Model):
    """Occurrences of one assignment that comes back: every week or every other week on chosen
    weekdays, or on listed dates (assignments.series makes the dates).

    Each occurrence is an Assignment of its own (places, sign-ups, hours, status) pointing here
    through Assignment.series; the series only keeps the rule, to say it ("Återkommer varje vecka")
    and to group the occurrences.
    """

    class Repeat(models.TextChoices):
        WEEKLY = "weekly", _("Varje vecka")
        EVERY_OTHER_WEEK = "biweekly", _("Varannan vecka")
        DATES = "dates", _("På datum som jag skriver")

    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        related_name="assignment_series",
        verbose_name=_("förening"),
    )
    repeat = models.CharField(_("upprepas"), max_length=10, choices=Repeat.choices)
    # ISO weekdays, Monday = 1, as "1,4"; empty for listed dates.
    weekdays = models.CharField(_("veckodagar"), max_length=20, blank=True)
    until = models.DateField(_("till och med"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("återkommande uppdrag")
        verbose_name_plural = _("återkommande uppdrag")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_repeat_display()} ({self.pk})"

    @property
    def weekday_numbers(self) -> list[int]:
        return [int(day) for day in self.weekdays.split(",") if day]
