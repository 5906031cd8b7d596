"""Messages between a resident and the association about one sign-up (claim), and reports of abuse.

A claim's messages are its thread. Who may read and write it, and until when, is decided in
`conversations.services`; the models only keep what was said, by which side, and whether the
other side has read it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """Which side of a thread someone writes from: the resident who signed up, or the association."""

    RESIDENT = "resident", _("Invånaren")
    ASSOCIATION = "association", _("Föreningen")


class Message(models.Model):
    """One message in the thread of a sign-up. Plain text; shown escaped, with only the site's
    own addresses as links (notifications.email.html_body).

    `read_at` is when the other side first opened the thread after the message was written:
    the author's side has read it by writing it, so one time per message is a read state per
    side. For the association any of its admins or coordinators opening the thread counts.
    """

    MAX_LENGTH = 2000

    class Kind(models.TextChoices):
        TEXT = "text", _("Meddelande")
        # The resident chose to give the association their phone number (services.phone_share).
        PHONE = "phone", _("Delat telefonnummer")

    claim = models.ForeignKey(
        "assignments.Claim", on_delete=models.CASCADE, related_name="messages", verbose_name=_("anmälan")
    )
    # Kept when the author's account goes only in theory: members.services.user_delete removes
    # the messages of a deleted person first (their text may name them).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrivet av"),
    )
    side = models.CharField(_("sida"), max_length=12, choices=Side.choices)
    kind = models.CharField(_("sort"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("meddelande"))
    created_at = models.DateTimeField(_("skrivet"), default=timezone.now)
    read_at = models.DateTimeField(_("läst av mottagaren"), null=True, blank=True)

    class Meta:
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="message_thread"),
            models.Index(fields=["claim", "side"], condition=Q(read_at__isnull=True), name="message_unread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(GreaterThanOrEqual(Length("body"), 1), LessThanOrEqual(Length("body"), 2000)),
                name="message_body_length",
                violation_error_message=_("Ett meddelande har mellan 1 och 2 000 tecken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} → {self.claim_id}: {self.body[:40]}"


class MessageReport(models.Model):
    """A participant's report of a message as abusive, for the municipality's staff to handle.

    Staff of the municipality where the assignment is (its locality's) may read a thread only
    once one of its messages is reported; they read it and mark the report handled.
    """

    REASON_MAX_LENGTH = 1000

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports", verbose_name=_("meddelande"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmält av"),
    )
    reason = models.TextField(_("varför"), blank=True)
    created_at = models.DateTimeField(_("anmält"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hanterat av"),
    )
    handled_at = models.DateTimeField(_("hanterat"), null=True, blank=True)

    class Meta:
        verbose_name = _("anmält meddelande")
        verbose_name_plural = _("anmälda meddelanden")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                name="message_report_once",
                violation_error_message=_("Du har redan anmält det här meddelandet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.created_at:%Y-%m-%d})"
