from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from offline.phone import national_format


class OfflineResident(models.Model):
    """A resident without an account whom an association signed up after they called or came by.

    How such a person is kept: as an account of their own that can never log in (`User`
    with `is_active` False, an unusable password and an address under the reserved
    .invalid domain, never shown), with a profile holding only the name they gave. The
    rest of the product then works unchanged: a Claim needs a resident, the association's
    pages show the name, the dashboard counts them as one resident each, and since the
    account is inactive it is never matched, notified, reminded or e-mailed
    (notifications.services.notify skips inactive accounts). This row adds what only
    the association may see: the phone number (its managers alone), who registered the
    person and when they said yes. It belongs to one association: another association
    that signs up the same person makes a record of its own, so nothing one association
    holds is shown to another. The association's managers can delete the person
    (offline.services.offline_resident_delete), which does what deleting an account does.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="offline_record",
        verbose_name=_("konto utan inloggning"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        related_name="offline_residents",
        verbose_name=_("förening"),
    )
    # E.164, "+46701234567" (offline.phone.normalise_swedish_phone).
    phone = models.CharField(_("telefonnummer"), max_length=16)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    # When the person first said yes to being signed up by the association (the form's tick).
    consent_at = models.DateTimeField(_("sa ja"))
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("invånare utan konto")
        verbose_name_plural = _("invånare utan konto")
        ordering = ["association", "created_at"]
        indexes = [models.Index(fields=["association", "phone"], name="offline_resident_phone")]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def phone_display(self) -> str:
        return national_format(self.phone)

    @property
    def phone_link(self) -> str:
        """The number as a link that calls it from a phone: safe HTML, for the managers' pages."""
        return format_html('<a href="tel:{}">{}</a>', self.phone, self.phone_display)
