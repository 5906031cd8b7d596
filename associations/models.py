from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from associations.validators import luhn_valid, validate_organisation_number


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
        # Verified once, then stopped by the municipality: its assignments take no sign-ups.
        SUSPENDED = "suspended", _("Avstängd av kommunen")

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
    suspension_reason = models.TextField(_("skäl till avstängningen"), blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avstängd av"),
    )
    suspended_at = models.DateTimeField(_("avstängd"), null=True, blank=True)
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
                violation_error_message=_("Organisationsnumret ska ha tio siffror, till exempel 802400-1234."),
            ),
            # A verified association always records who verified it and when.
            models.CheckConstraint(
                condition=~models.Q(verification="verified") | models.Q(verified_at__isnull=False),
                name="association_verified_has_time",
                violation_error_message=_("En godkänd förening behöver ett datum för när den godkändes."),
            ),
            models.CheckConstraint(
                condition=~models.Q(verification="suspended") | models.Q(suspended_at__isnull=False),
                name="association_suspended_has_time",
                violation_error_message=_("En avstängd förening behöver ett datum för när den stängdes av."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED

    @property
    def is_suspended(self) -> bool:
        return self.verification == self.Verification.SUSPENDED

    @property
    def organisation_number_checks(self) -> bool:
        """Whether the organisation number's last digit is its Luhn check digit."""
        digits = self.organisation_number.replace("-", "")
        return len(digits) == 10 and digits.isascii() and digits.isdigit() and luhn_valid(digits)


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
    # A supporter (handledare) follows residents on their way to work, with their consent (pathways).
    is_supporter = models.BooleanField(
        _("handledare"),
        default=False,
        help_text=_("Administratörer och samordnare kan vara handledare för invånare på väg till arbete."),
    )
    created_at = models.DateTimeField(_("medlem sedan"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["association", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"],
                name="membership_unique_user_per_association",
                violation_error_message=_("Personen är redan med i föreningen."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_supporter=False) | models.Q(role__in=["admin", "coordinator"]),
                name="membership_supporter_is_manager",
                violation_error_message=_("Bara administratörer och samordnare kan vara handledare."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"

    @property
    def can_manage_assignments(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.COORDINATOR)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed invitation to join an association, or a municipality's staff.

    The link carries a signed reference to this row; the row says whether it
    is still open, so a link works once and only until it expires.
    """

    email = models.EmailField(_("e-postadress"))
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("förening"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("kommun"),
    )
    role = models.CharField(_("roll"), max_length=12)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("inbjuden av")
    )
    created_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"))
    accepted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antagen av"),
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at"]
        # The limits on how many invitations may be sent count these (associations.services).
        indexes = [
            models.Index(fields=["association", "created_at"], name="invitation_association_recent"),
            models.Index(fields=["municipality", "created_at"], name="invitation_municipality_recent"),
            models.Index(fields=["email", "created_at"], name="invitation_address_recent"),
            models.Index(fields=["invited_by", "created_at"], name="invitation_inviter_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(association__isnull=False, municipality__isnull=True)
                | models.Q(association__isnull=True, municipality__isnull=False),
                name="invitation_to_association_or_municipality",
                violation_error_message=_("En inbjudan gäller antingen en förening eller en kommun."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.association or self.municipality}"

    @property
    def target(self):
        return self.association or self.municipality

    def get_role_display(self) -> str:
        roles = AssociationMembership.Role if self.association_id else _staff_roles()
        return str(dict(roles.choices).get(self.role, self.role))


def _staff_roles():
    from municipalities.models import StaffMembership

    return StaffMembership.Role
