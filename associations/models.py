from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from associations.validators import validate_organisation_number


class Association(models.Model):
    """A förening, local development group or cooperative that posts assignments."""

    class Kind(models.TextChoices):
        NON_PROFIT = "non_profit", _("Ideell förening")
        ECONOMIC = "economic", _("Ekonomisk förening eller kooperativ")
        DEVELOPMENT_GROUP = "development_group", _("Lokal utvecklingsgrupp")
        OTHER = "other", _("Annan organisation")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Inte granskad än")
        VERIFIED = "verified", _("Granskad av kommunen")
        REJECTED = "rejected", _("Inte godkänd")

    name = models.CharField(_("namn"), max_length=150)
    slug = models.SlugField(_("adressnamn"), max_length=160, unique=True)
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Tio siffror, till exempel 802400-1234."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.NON_PROFIT)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("kommun"),
    )
    localities = models.ManyToManyField(
        "municipalities.Locality",
        blank=True,
        related_name="associations",
        verbose_name=_("orter som föreningen verkar i"),
    )
    description = models.TextField(_("om föreningen"), blank=True)
    contact_email = models.EmailField(_("e-post för kontakt"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    verification = models.CharField(
        _("granskning"), max_length=10, choices=Verification.choices, default=Verification.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    verified_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    rejection_reason = models.TextField(_("skäl till att den inte godkändes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("förening")
        verbose_name_plural = _("föreningar")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="association_organisation_number_format",
            ),
            # A verified association always records who verified it and when.
            models.CheckConstraint(
                condition=~models.Q(verification="verified") | models.Q(verified_at__isnull=False),
                name="association_verified_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED


class AssociationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administratör")
        COORDINATOR = "coordinator", _("Samordnare")
        MEMBER = "member", _("Medlem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="association_memberships",
        verbose_name=_("användare"),
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("förening")
    )
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("medlem sedan"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["association", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="membership_unique_user_per_association"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"

    @property
    def can_manage_assignments(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.COORDINATOR)
