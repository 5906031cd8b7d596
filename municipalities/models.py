from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# A box around Sweden, mainland and islands, in WGS84 degrees.
SWEDEN_LATITUDE = (Decimal("55.0"), Decimal("69.1"))
SWEDEN_LONGITUDE = (Decimal("10.95"), Decimal("24.2"))
# The years a development plan's period may name.
GOAL_FIRST_YEAR, GOAL_LAST_YEAR = 2000, 2100


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")])
    name = models.CharField(_("namn"), max_length=60)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def by_code(self, code: str):
        return self.filter(code=code)


class Municipality(models.Model):
    """One of Sweden's 290 municipalities, identified by its SCB code."""

    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden består av fyra siffror."))],
    )
    name = models.CharField(_("namn"), max_length=60)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("län"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"),
                name="municipality_code_four_digits",
                violation_error_message=_("Kommunkoden består av fyra siffror."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """A place people live in: an SCB tätort, or a village added by the municipality."""

    class Kind(models.TextChoices):
        URBAN_AREA = "tatort", _("Tätort")
        VILLAGE = "village", _("By eller småort")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="localities", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=100)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    latitude = models.DecimalField(
        _("latitud"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(SWEDEN_LATITUDE[0]), MaxValueValidator(SWEDEN_LATITUDE[1])],
    )
    longitude = models.DecimalField(
        _("longitud"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(SWEDEN_LONGITUDE[0]), MaxValueValidator(SWEDEN_LONGITUDE[1])],
    )
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("folkmängd år"), null=True, blank=True)
    scb_code = models.CharField(_("SCB:s tätortskod"), max_length=12, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("ort")
        verbose_name_plural = _("orter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="locality_unique_name_per_municipality",
                violation_error_message=_("Det finns redan en ort med det namnet i kommunen."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=SWEDEN_LATITUDE[0], latitude__lte=SWEDEN_LATITUDE[1])
                & models.Q(longitude__gte=SWEDEN_LONGITUDE[0], longitude__lte=SWEDEN_LONGITUDE[1]),
                name="locality_within_sweden",
                violation_error_message=_("Platsen ligger inte i Sverige. Kontrollera latitud och longitud."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DevelopmentGoalQuerySet(models.QuerySet):
    def active(self):
        """Goals that can be chosen for an assignment or a filter now."""
        return self.filter(is_active=True)

    def for_list(self):
        """Active goals first in their order, then retired ones, each with how many assignments served it.

        `assignment_count` counts the goal's assignments that were ever published (drafts are
        not shown to anyone but their association).
        """
        return self.annotate(
            assignment_count=models.Count("assignments", filter=~models.Q(assignments__status="draft"))
        ).order_by("-is_active", "position", "title", "pk")

    def served_by(self, association):
        """The active goals the association's assignments serve, each with how many of its
        assignments ever did (`served`), and how many assignments of the goal, by any association,
        can be signed up for now (`open_now`): exactly what /uppdrag/?goal=<id> lists.

        Only assignments that were published count; drafts are the association's own business.
        """
        from assignments.queries import open_for_claims_q

        served = models.Count(
            "assignments",
            filter=models.Q(assignments__association=association) & ~models.Q(assignments__status="draft"),
        )
        open_now = models.Count("assignments", filter=open_for_claims_q(prefix="assignments__"))
        return (
            self.filter(municipality_id=association.municipality_id, is_active=True)
            .annotate(served=served, open_now=open_now)
            .filter(served__gt=0)
            .order_by("position", "title", "pk")
        )


class DevelopmentGoal(models.Model):
    """A goal of the municipality's development plan that assignments can serve.

    A retired goal (`is_active` False) stays on the assignments that served it, so
    what was done for it is still counted, but it can no longer be chosen for new ones.
    The plan's period is in whole years (`valid_from`–`valid_to`, either may be open),
    and a goal may have a yearly target: what it is counted in and how much per year.
    """

    class TargetKind(models.TextChoices):
        HOURS = "hours", _("Timmar")
        ASSIGNMENTS = "assignments", _("Uppdrag")
        RESIDENTS = "residents", _("Engagerade invånare")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="development_goals", verbose_name=_("kommun")
    )
    title = models.CharField(_("mål"), max_length=160)
    description = models.TextField(_("beskrivning"), blank=True)
    source = models.CharField(_("källa"), max_length=200, blank=True, help_text=_("Till exempel planens namn och år."))
    is_active = models.BooleanField(_("aktivt"), default=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    valid_from = models.PositiveSmallIntegerField(
        _("gäller från år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(GOAL_FIRST_YEAR), MaxValueValidator(GOAL_LAST_YEAR)],
    )
    valid_to = models.PositiveSmallIntegerField(
        _("gäller till och med år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(GOAL_FIRST_YEAR), MaxValueValidator(GOAL_LAST_YEAR)],
    )
    target_kind = models.CharField(_("mäts i"), max_length=12, choices=TargetKind.choices, blank=True, default="")
    target_per_year = models.PositiveIntegerField(
        _("mål per år"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    objects = DevelopmentGoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("utvecklingsmål")
        verbose_name_plural = _("utvecklingsmål")
        ordering = ["municipality", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"],
                name="goal_unique_title_per_municipality",
                violation_error_message=_("Kommunen har redan ett utvecklingsmål med den rubriken."),
            ),
            # A target is a kind and an amount: one without the other cannot be followed up.
            models.CheckConstraint(
                condition=models.Q(target_kind="", target_per_year__isnull=True)
                | (~models.Q(target_kind="") & models.Q(target_per_year__isnull=False, target_per_year__gte=1)),
                name="goal_target_kind_and_amount_together",
                violation_error_message=_(
                    "Ett mål per år behöver både vad det mäts i och hur mycket. Fyll i båda eller inget av dem."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="goal_period_in_order",
                violation_error_message=_("Perioden slutar innan den börjar. Kontrollera åren."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        """The plan's period as shown to people, e.g. "2024–2030", "från 2024" or ""."""
        if self.valid_from and self.valid_to:
            return f"{self.valid_from}–{self.valid_to}" if self.valid_from != self.valid_to else str(self.valid_from)
        if self.valid_from:
            return _("från %(year)s") % {"year": self.valid_from}
        if self.valid_to:
            return _("till och med %(year)s") % {"year": self.valid_to}
        return ""

    @property
    def target_label(self) -> str:
        """The yearly target in words, e.g. "200 timmar per år", or "" when there is none."""
        if not (self.target_kind and self.target_per_year):
            return ""
        count = self.target_per_year
        texts = {
            self.TargetKind.HOURS: ngettext("%(count)s timme per år", "%(count)s timmar per år", count),
            self.TargetKind.ASSIGNMENTS: ngettext("%(count)s uppdrag per år", "%(count)s uppdrag per år", count),
            self.TargetKind.RESIDENTS: ngettext(
                "%(count)s engagerad invånare per år", "%(count)s engagerade invånare per år", count
            ),
        }
        return texts[self.target_kind] % {"count": number_format(count, force_grouping=True)}


class StaffMembership(models.Model):
    """A municipal officer's access to their municipality's pages."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Läsare")
        ADMIN = "admin", _("Administratör")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("användare"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="staff_memberships", verbose_name=_("kommun")
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommunpersonal")
        verbose_name_plural = _("kommunpersonal")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"],
                name="staff_unique_user_per_municipality",
                violation_error_message=_("Personen är redan med i kommunens personal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """What municipal staff decided, by whom and when. Read by platform admins."""

    class Action(models.TextChoices):
        VERIFIED = "verified", _("Förening godkänd")
        REJECTED = "rejected", _("Förening inte godkänd")
        SUSPENDED = "suspended", _("Förening avstängd")
        SUSPENSION_LIFTED = "suspension_lifted", _("Avstängning hävd")
        STAFF_INVITED = "staff_invited", _("Personal inbjuden")
        STAFF_JOINED = "staff_joined", _("Personal tillagd")
        VILLAGE_ADDED = "village_added", _("By tillagd")
        VILLAGE_CHANGED = "village_changed", _("By ändrad")
        GOAL_CREATED = "goal_created", _("Utvecklingsmål tillagt")
        GOAL_CHANGED = "goal_changed", _("Utvecklingsmål ändrat")
        GOAL_MOVED = "goal_moved", _("Utvecklingsmål flyttat")
        GOAL_RETIRED = "goal_retired", _("Utvecklingsmål avslutat")
        GOAL_ACTIVATED = "goal_activated", _("Utvecklingsmål aktiverat igen")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("kommun")
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("förening"),
    )
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    details = models.TextField(_("detaljer"), blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("händelse i granskningsloggen")
        verbose_name_plural = _("granskningslogg")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.created_at:%Y-%m-%d %H:%M}"
