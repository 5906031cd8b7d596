from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from assignments.models import OwnSkill


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the login name."""

    email = models.EmailField(_("e-postadress"), unique=True)
    is_staff = models.BooleanField(
        _("personal på plattformen"),
        default=False,
        help_text=_("Får logga in i administrationen."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("registrerad"), default=timezone.now)
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Språket som e-post skickas på."),
    )
    # Set on the anonymous account that keeps a deleted person's done assignments
    # (members.services.user_delete): it never logs in and is never shown by name.
    erased_at = models.DateTimeField(_("raderat"), null=True, blank=True, editable=False)
    # When the e-mail went out that the account will be deleted for not being used
    # (members.retention). A login after this time makes the warning void.
    inactivity_warned_at = models.DateTimeField(
        _("varnad om att kontot inte används"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        """The name other people see: the display name the person chose, or "Invånare 4821".

        Never the e-mail address, nor anything made from it (initials of an address still
        tell who it is). The number is the same for the same person every time and says
        nothing about the address or when the account was made. The anonymous account that
        keeps a deleted person's assignments is "Tidigare deltagare"."""
        if self.erased_at is not None:
            return str(_("Tidigare deltagare"))
        profile = getattr(self, "profile", None)
        chosen = (profile.display_name if profile else "").strip()
        return chosen or self.neutral_name

    @property
    def neutral_name(self) -> str:
        """ "Invånare 4821": a name for someone who chose none, the same for the same account
        every time, derived from the pk with the SECRET_KEY, never from the address.
        Output: a str ("Invånare" alone for an unsaved user); raises nothing."""
        if self.pk is None:
            return str(_("Invånare"))
        number = 1000 + int(salted_hmac("members.neutral_name", str(self.pk)).hexdigest(), 16) % 9000
        return str(_("Invånare %(number)d") % {"number": number})

    def get_short_name(self) -> str:
        return self.get_full_name()

    @property
    def display_name(self) -> str:
        return self.get_full_name()

    @property
    def name_for_self(self) -> str:
        """How the person themselves is greeted: the chosen name, or their own e-mail address.

        Only ever shown to the person, so the address tells nobody anything new."""
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "").strip() or self.email


class NotificationPreference(models.TextChoices):
    INSTANT = "instant", _("Direkt")
    DAILY = "daily", _("En sammanfattning om dagen")
    WEEKLY = "weekly", _("En sammanfattning i veckan")
    OFF = "off", _("Inte alls")


class Situation(models.TextChoices):
    JOB_SEEKING = "job_seeking", _("Arbetssökande")
    STUDENT = "student", _("Studerande")
    RETIRED = "retired", _("Pensionär")
    EMPLOYED = "employed", _("Anställd")
    SELF_EMPLOYED = "self_employed", _("Egen företagare")


class MemberProfile(models.Model):
    """What a resident tells about themselves, used for matching and notifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("användare")
    )
    display_name = models.CharField(_("visningsnamn"), max_length=80, blank=True)
    home_locality = models.ForeignKey(
        "municipalities.Locality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hemort"),
    )
    travel_radius_km = models.PositiveSmallIntegerField(
        _("hur långt jag kan resa (km)"),
        null=True,
        blank=True,
        help_text=_("Tomt betyder: inom min kommun."),
        validators=[MaxValueValidator(500)],
    )
    skills = models.ManyToManyField("assignments.Skill", blank=True, related_name="+", verbose_name=_("kompetenser"))
    interests = models.ManyToManyField(
        "assignments.Category", blank=True, related_name="+", verbose_name=_("intresseområden")
    )
    languages = models.CharField(
        _("språk jag talar"), max_length=200, blank=True, help_text=_("Till exempel: svenska, engelska, arabiska.")
    )
    driving_licence = models.BooleanField(_("har körkort"), default=False)
    available_weekdays = models.BooleanField(_("kan vardagar dagtid"), default=True)
    available_evenings = models.BooleanField(_("kan kvällar"), default=True)
    available_weekends = models.BooleanField(_("kan helger"), default=True)
    notification_preference = models.CharField(
        _("hur jag vill få veta om nya uppdrag"),
        max_length=10,
        choices=NotificationPreference.choices,
        default=NotificationPreference.DAILY,
    )
    email_my_claims = models.BooleanField(
        _("e-post om mina anmälningar"),
        default=True,
        help_text=_("Svar på anmälningar, ändrade och inställda uppdrag."),
    )
    email_claims = models.BooleanField(
        _("e-post om anmälningar till föreningens uppdrag"),
        default=True,
        help_text=_("Nya anmälningar, återtagna anmälningar och rapporterade timmar."),
    )
    email_reminders = models.BooleanField(
        _("påminnelser per e-post"),
        default=True,
        help_text=_("Om att rapportera eller bekräfta timmar efter ett uppdrag."),
    )
    situation = models.CharField(_("min situation"), max_length=20, choices=Situation.choices, blank=True)
    situation_consent_at = models.DateTimeField(
        _("samtycke till att uppge situation"),
        null=True,
        blank=True,
        help_text=_("Situationen sparas bara med uttryckligt samtycke och visas bara i statistik."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profiler")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(travel_radius_km__isnull=True) | models.Q(travel_radius_km__lte=500),
                name="profile_travel_radius_at_most_500_km",
                violation_error_message=_("Du kan resa högst 500 km."),
            ),
            # A situation is personal data: it may only be kept with recorded consent.
            models.CheckConstraint(
                condition=models.Q(situation="") | models.Q(situation_consent_at__isnull=False),
                name="profile_situation_requires_consent",
                violation_error_message=_("Din situation sparas bara om du har gett ditt samtycke."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.neutral_name


class ProfileOwnSkill(OwnSkill):
    profile = models.ForeignKey(
        MemberProfile, on_delete=models.CASCADE, related_name="own_skills", verbose_name=_("profil")
    )

    class Meta(OwnSkill.Meta):
        verbose_name = _("kompetens med egna ord")
        verbose_name_plural = _("kompetenser med egna ord")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "key"],
                name="profile_own_skill_once",
                violation_error_message=_("Den kompetensen står redan i din profil."),
            )
        ]


class SituationChange(models.Model):
    """One dated change of a resident's self-reported situation, for the employment effect.

    Written by `profile_update` whenever the consented situation changes or consent is
    withdrawn; a withdrawal is a row with `consent` False and no situation. Statistics
    use only residents whose latest row carries consent, so withdrawing removes the
    resident from every situation figure from then on. Deleted with the account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="situation_changes",
        verbose_name=_("användare"),
    )
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices, blank=True)
    consent = models.BooleanField(_("samtycke"), default=True)
    recorded_at = models.DateTimeField(_("från och med"), default=timezone.now)

    class Meta:
        verbose_name = _("ändrad situation")
        verbose_name_plural = _("ändrade situationer")
        ordering = ["user", "recorded_at"]
        indexes = [models.Index(fields=["user", "recorded_at"], name="situation_change_user_time")]
        constraints = [
            # The same rule as on the profile: a situation is only ever kept with consent.
            models.CheckConstraint(
                condition=models.Q(situation="") | models.Q(consent=True),
                name="situation_change_requires_consent",
                violation_error_message=_("En situation sparas bara med samtycke."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.situation or '-'} ({self.recorded_at:%Y-%m-%d})"
