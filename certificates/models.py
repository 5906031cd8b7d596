from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """An uppdragsintyg: a resident's proof of confirmed assignments, checkable by code.

    What was issued is frozen in `content` at issue time, so `/intyg/<code>/` shows exactly
    that, whatever later happens to the assignments or the association. The resident may
    revoke it; deleting the account revokes it too and empties `content`, so a revoked
    certificate shows only that it was revoked.
    """

    class RevokedBecause(models.TextChoices):
        RESIDENT = "resident", _("Invånaren återkallade intyget")
        ACCOUNT_DELETED = "account_deleted", _("Kontot togs bort")

    # The verification code: 12 characters of Crockford base32 (60 random bits), stored
    # without hyphens and upper case; shown as XXXX-XXXX-XXXX.
    code = models.CharField(_("kontrollkod"), max_length=12, unique=True)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("invånare"),
    )
    claims = models.ManyToManyField(
        "assignments.Claim", blank=True, related_name="certificates", verbose_name=_("uppdrag i intyget")
    )
    include_milestones = models.BooleanField(_("med steg på vägen till arbete"), default=False)
    language = models.CharField(_("språk"), max_length=8, choices=settings.LANGUAGES, default="sv")
    # The certificate as issued: the name, each assignment (title, association, place, date,
    # confirmed hours, skills, reference text) and the milestones. Emptied when the account goes.
    content = models.JSONField(_("innehåll"), default=dict, blank=True)
    issued_at = models.DateTimeField(_("utfärdat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    revoked_because = models.CharField(
        _("varför det återkallades"), max_length=16, choices=RevokedBecause.choices, blank=True
    )
    # The one-time token of the form that issued it (secrets.token_urlsafe(32)), so the same
    # form sent twice finds this certificate instead of making a second one. Blank when issued
    # without the form.
    form_token = models.CharField(_("formulärets engångsnyckel"), max_length=43, blank=True, editable=False)

    class Meta:
        verbose_name = _("intyg")
        verbose_name_plural = _("intyg")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_because="")
                | Q(revoked_at__isnull=False) & ~Q(revoked_because=""),
                name="certificate_revoked_has_reason",
            ),
            models.UniqueConstraint(
                fields=["resident", "form_token"],
                condition=~Q(form_token=""),
                name="certificate_one_per_form_token",
            ),
        ]

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        """The code as people read and type it: "K7QF-3MZD-X9A2"."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
