from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A private iCal feed behind a secret address, one per person and source.

    With no association: the person's own accepted assignments. With an association: its
    published assignments, for one of its members. Making a new address replaces the
    token, so the old address stops working at once; the feed row goes with the account
    or the membership.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("användare"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        verbose_name=_("förening"),
    )
    # secrets.token_urlsafe(32): 43 characters, 256 random bits.
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderflöde")
        verbose_name_plural = _("kalenderflöden")
        ordering = ["user_id", "association_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(association__isnull=True), name="calendar_feed_one_own_per_user"
            ),
            models.UniqueConstraint(
                fields=["user", "association"],
                condition=Q(association__isnull=False),
                name="calendar_feed_one_per_association",
            ),
        ]

    def __str__(self) -> str:
        return str(self.association or _("Mina uppdrag"))
