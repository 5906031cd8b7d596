"""A resident's way to work, with a supporter (handledare) from a local development group.

An association offers support (`SupportOffer`) through members it marks as supporters
(`AssociationMembership.is_supporter`). A supporter follows a resident only through a live
`SupportLink`, the resident's recorded consent, which says what is shared. The resident's
intake (kartläggning), milestones and the supporters' notes belong to the resident; every
time a supporter reads or changes them, an `AccessLogEntry` says so to the resident.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import OwnSkill

# Limits of the free-text boxes, stated beside each box and checked by the model too.
SHORT_TEXT = 500
LONG_TEXT = 2000
NOTE_TEXT = 4000


class SupportKind(models.TextChoices):
    MAPPING = "mapping", _("Kartläggning och handledning")
    OWN_BUSINESS = "own_business", _("Stöd att starta eget")
    JOB_SEARCH = "job_search", _("Stöd att söka arbete")
    STUDIES = "studies", _("Stöd att börja studera")
    LANGUAGE = "language", _("Stöd med svenska språket")


class SupportOffer(models.Model):
    """What support an association offers, and in which of its villages. Shown on its public page
    while it has at least one supporter (`AssociationMembership.is_supporter`)."""

    association = models.OneToOneField(
        "associations.Association",
        on_delete=models.CASCADE,
        related_name="support_offer",
        verbose_name=_("förening"),
    )
    kinds = models.JSONField(_("vilket stöd"), default=list, blank=True)
    localities = models.ManyToManyField(
        "municipalities.Locality", blank=True, related_name="+", verbose_name=_("orter där stödet finns")
    )
    description = models.TextField(
        _("om stödet"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("erbjudande om stöd")
        verbose_name_plural = _("erbjudanden om stöd")

    def __str__(self) -> str:
        return str(self.association)

    def kind_labels(self) -> list[str]:
        """The kinds as their labels, in the order of SupportKind; unknown values are left out."""
        return [str(label) for value, label in SupportKind.choices if value in (self.kinds or [])]


class Share(models.TextChoices):
    """What a resident can share with a supporter, each by its own consent."""

    PROFILE = "profile", _("min profil")
    CLAIMS = "claims", _("mina uppdrag och timmar")
    INTAKE = "intake", _("min kartläggning")
    MILESTONES = "milestones", _("mina steg på vägen")


class SupportLink(models.Model):
    """A resident and a supporter of an association, by the resident's consent.

    Either side may start it: the resident asks (REQUESTED, consent given at once) or the
    supporter invites (INVITED, consent given when the resident accepts). It is ACTIVE when
    both have said yes; either may end it at any time (ENDED), or decline it before (DECLINED).
    The `shares_*` fields say what the resident shares; consent_given_at and ended_at date the
    consent. A supporter sees anything of the resident only while the link is ACTIVE and the
    supporter is still a supporter of the association (pathways.access checks both each request).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Förfrågan skickad")
        INVITED = "invited", _("Inbjudan skickad")
        ACTIVE = "active", _("Pågår")
        DECLINED = "declined", _("Tackade nej")
        ENDED = "ended", _("Avslutad")

    class StartedBy(models.TextChoices):
        RESIDENT = "resident", _("Invånaren")
        SUPPORTER = "supporter", _("Handledaren")

    LIVE = (Status.REQUESTED, Status.INVITED, Status.ACTIVE)

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_links", verbose_name=_("invånare")
    )
    # The resident's consent history outlives the supporter's account: the link then keeps the
    # name the supporter had, and no one can reach the resident's data through it.
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="supported_links",
        verbose_name=_("handledare"),
    )
    supporter_name = models.CharField(_("handledarens namn"), max_length=80, blank=True)
    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="support_links", verbose_name=_("förening")
    )
    # The address a supporter typed to invite someone: all the supporter sees of the invited
    # person until they say yes, so an invitation tells nothing about who has an account.
    invited_email = models.EmailField(_("inbjuden adress"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    started_by = models.CharField(_("tog första steget"), max_length=10, choices=StartedBy.choices)
    message = models.TextField(
        _("meddelande"), blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)]
    )
    shares_profile = models.BooleanField(_("delar profil"), default=True)
    shares_claims = models.BooleanField(_("delar uppdrag och timmar"), default=True)
    shares_intake = models.BooleanField(_("delar kartläggning"), default=True)
    shares_milestones = models.BooleanField(_("delar steg på vägen"), default=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    consent_given_at = models.DateTimeField(_("samtycke givet"), null=True, blank=True)
    started_at = models.DateTimeField(_("började"), null=True, blank=True)
    ended_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avslutad av"),
    )

    class Meta:
        verbose_name = _("stödrelation")
        verbose_name_plural = _("stödrelationer")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "supporter"],
                condition=Q(status__in=["requested", "invited", "active"]),
                name="support_link_one_live_per_pair",
                violation_error_message=_("Det finns redan en förfrågan eller ett pågående stöd mellan er."),
            ),
            models.CheckConstraint(
                condition=~Q(resident=models.F("supporter")),
                name="support_link_not_oneself",
                violation_error_message=_("Du kan inte vara din egen handledare."),
            ),
            # An active link always rests on a dated consent.
            models.CheckConstraint(
                condition=~Q(status="active") | Q(consent_given_at__isnull=False, started_at__isnull=False),
                name="support_link_active_has_consent",
                violation_error_message=_("Ett pågående stöd behöver ett samtycke med datum."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["ended", "declined"]) | Q(ended_at__isnull=False),
                name="support_link_ended_has_time",
                violation_error_message=_("Ett avslutat stöd behöver ett datum för när det avslutades."),
            ),
        ]
        indexes = [
            models.Index(fields=["supporter", "status"], name="support_link_supporter"),
            models.Index(fields=["resident", "status"], name="support_link_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} ← {self.supporter_id} ({self.association_id}, {self.status})"

    @property
    def supporter_display_name(self) -> str:
        """The supporter's name now, or the name they had once their account is gone."""
        return (
            self.supporter.display_name
            if self.supporter_id
            else (self.supporter_name or str(_("En tidigare handledare")))
        )

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def shares(self, what: str) -> bool:
        """Whether the resident shares `what` (a Share value) on this link; notes need no share."""
        return bool(getattr(self, f"shares_{what}"))

    def shared_labels_for_supporter(self) -> list[str]:
        """What is shared, as the supporter reads it ("profilen", not the resident's "min profil")."""
        return [str(AccessLogEntry.Subject(value).label) for value in Share.values if self.shares(value)]

    def shared_labels(self) -> list[str]:
        return [str(label) for value, label in Share.choices if self.shares(value)]


class ConsentEvent(models.Model):
    """One dated change of a link's consent: given, changed (what is shared) or withdrawn.
    The resident reads their consent history from these; deleted with the account."""

    class Event(models.TextChoices):
        GIVEN = "given", _("Samtycke givet")
        CHANGED = "changed", _("Ändrat vad som delas")
        WITHDRAWN = "withdrawn", _("Samtycke återkallat")
        # The supporter said no to the resident's request: the consent given with it lapses.
        DECLINED = "declined", _("Handledaren tackade nej")

    link = models.ForeignKey(SupportLink, on_delete=models.CASCADE, related_name="consent_events")
    event = models.CharField(_("händelse"), max_length=10, choices=Event.choices)
    shared = models.JSONField(_("delat"), default=list)
    at = models.DateTimeField(_("när"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("samtyckeshändelse")
        verbose_name_plural = _("samtyckeshändelser")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.link_id}: {self.event} ({self.at:%Y-%m-%d})"


class Intake(models.Model):
    """The resident's kartläggning: what they can, want, what is practical and what is in the way.

    Filled in together with a supporter, or by the resident alone; the resident can always read
    and correct it. `completed_at` is set when someone marks it done (the "intake" milestone)."""

    class Licence(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake", verbose_name=_("invånare")
    )
    skills = models.ManyToManyField("assignments.Skill", blank=True, related_name="+", verbose_name=_("kompetenser"))
    experience = models.TextField(
        _("erfarenhet"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    wanted_categories = models.ManyToManyField(
        "assignments.Category", blank=True, related_name="+", verbose_name=_("vilka slags uppdrag och arbeten")
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("timmar i veckan"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    goals = models.TextField(_("mål"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)])
    driving_licence = models.CharField(_("körkort"), max_length=3, choices=Licence.choices, blank=True)
    travel = models.TextField(
        _("resor"), blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)]
    )
    times = models.TextField(_("tider"), blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)])
    obstacles = models.TextField(
        _("det som står i vägen"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )
    completed_at = models.DateTimeField(_("klar"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__lte=60),
                name="intake_hours_per_week_at_most_60",
                violation_error_message=_("Skriv högst 60 timmar i veckan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Kartläggning')} {self.resident_id}"


class IntakeOwnSkill(OwnSkill):
    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="own_skills", verbose_name=_("kartläggning")
    )

    class Meta(OwnSkill.Meta):
        verbose_name = _("kompetens med egna ord i kartläggningen")
        verbose_name_plural = _("kompetenser med egna ord i kartläggningen")
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "key"],
                name="intake_own_skill_once",
                violation_error_message=_("Den kompetensen står redan i kartläggningen."),
            )
        ]


class Milestone(models.Model):
    """A dated step on the resident's way to work. The first three kinds are recorded once each,
    by the site (the first and third confirmed assignment) or when the intake is marked done;
    the others by the resident or a supporter the resident shares milestones with."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Kartläggning klar")
        FIRST_ASSIGNMENT = "first_assignment", _("Första uppdraget klart")
        THREE_ASSIGNMENTS = "three_assignments", _("Tre uppdrag klara")
        TRAINING = "training", _("Kurs eller utbildning klar")
        UMBRELLA = "umbrella", _("Började ta uppdrag med egenanställning")
        OWN_BUSINESS = "own_business", _("Fick F-skatt eller startade eget företag")
        EMPLOYMENT = "employment", _("Fick en anställning")
        STUDIES = "studies", _("Började studera")

    ONCE = (Kind.INTAKE, Kind.FIRST_ASSIGNMENT, Kind.THREE_ASSIGNMENTS)
    AUTOMATIC = (Kind.FIRST_ASSIGNMENT, Kind.THREE_ASSIGNMENTS)
    # What a person may record by hand; the automatic ones come from confirmed claims only.
    RECORDABLE = (Kind.TRAINING, Kind.UMBRELLA, Kind.OWN_BUSINESS, Kind.EMPLOYMENT, Kind.STUDIES)

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("invånare")
    )
    kind = models.CharField(_("steg"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("datum"))
    note = models.CharField(_("kommentar"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antecknat av"),
    )
    automatic = models.BooleanField(_("antecknat av webbplatsen"), default=False)
    claim = models.ForeignKey(
        "assignments.Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppdrag"),
    )
    recorded_at = models.DateTimeField(_("antecknat"), default=timezone.now)

    class Meta:
        verbose_name = _("steg på vägen")
        verbose_name_plural = _("steg på vägen")
        ordering = ["happened_on", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "kind"],
                condition=Q(kind__in=["intake", "first_assignment", "three_assignments"]),
                name="milestone_once_per_kind",
                violation_error_message=_("Det steget finns redan på tidslinjen."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "happened_on"], name="milestone_kind_day")]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.kind} {self.happened_on}"


class SupporterNote(models.Model):
    """A supporter's private note about a resident: visible only to the resident and the
    resident's current supporters, every read and write logged (AccessLogEntry)."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_notes", verbose_name=_("invånare")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förening"),
    )
    text = models.TextField(_("anteckning"), max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)])
    created_at = models.DateTimeField(_("skriven"), default=timezone.now)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("anteckning från handledare")
        verbose_name_plural = _("anteckningar från handledare")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.created_at:%Y-%m-%d}"


class Recommendation(models.Model):
    """A supporter's tip of an open assignment to a resident. Whether the resident took it is
    read from their claims (pathways.queries), not stored."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("invånare")
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handledare"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förening"),
    )
    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("uppdrag")
    )
    message = models.TextField(
        _("meddelande"), blank=True, max_length=SHORT_TEXT, validators=[MaxLengthValidator(SHORT_TEXT)]
    )
    created_at = models.DateTimeField(_("tipsad"), default=timezone.now)

    class Meta:
        verbose_name = _("tips om uppdrag")
        verbose_name_plural = _("tips om uppdrag")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "assignment"],
                name="recommendation_once_per_assignment",
                violation_error_message=_("Det uppdraget har redan tipsats om."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.resident_id}"


class AccessLogEntry(models.Model):
    """One time someone other than the resident read or changed the resident's pathway data.

    Shown to the resident as "Vem har tittat på mina uppgifter". `actor_name` and
    `association_name` are kept as they were, so the entry still says who after a supporter
    leaves the association. When the supporter deletes their account, `actor_name` is emptied
    (their name is personal data that goes with the account) and the page shows "En tidigare
    handledare" from the association named."""

    class Action(models.TextChoices):
        READ = "read", _("Läste")
        WRITE = "write", _("Ändrade")

    class Subject(models.TextChoices):
        OVERVIEW = "overview", _("översikten")
        PROFILE = "profile", _("profilen")
        CLAIMS = "claims", _("uppdrag och timmar")
        INTAKE = "intake", _("kartläggningen")
        MILESTONES = "milestones", _("steg på vägen")
        NOTES = "notes", _("anteckningarna")
        RECOMMENDATIONS = "recommendations", _("tipsen om uppdrag")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("invånare")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vem"),
    )
    actor_name = models.CharField(_("namn"), max_length=80)
    association_name = models.CharField(_("förening"), max_length=150, blank=True)
    action = models.CharField(_("vad"), max_length=5, choices=Action.choices)
    subject = models.CharField(_("vilka uppgifter"), max_length=16, choices=Subject.choices)
    at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        verbose_name = _("loggad åtkomst")
        verbose_name_plural = _("loggade åtkomster")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["resident", "-at"], name="access_log_resident")]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.actor_name} {self.action} {self.subject}"
