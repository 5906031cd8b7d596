from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MATCH = "match", _("Nytt uppdrag som passar dig")
    CLAIM_CREATED = "claim_created", _("Ny anmälan")
    CLAIM_WITHDRAWN = "claim_withdrawn", _("Återtagen anmälan")
    # A coordinator signed the resident up after they called or came by (Claim.registered_by).
    CLAIM_REGISTERED = "claim_registered", _("Anmäld av föreningen")
    CLAIM_ACCEPTED = "claim_accepted", _("Anmälan godkänd")
    CLAIM_DECLINED = "claim_declined", _("Anmälan inte antagen")
    # The assignment ended while the sign-up still waited for the association's answer.
    CLAIM_LAPSED = "claim_lapsed", _("Anmälan utan svar")
    # The waiting list of a full assignment (assignments.waiting).
    WAITLIST_PLACE = "waitlist_place", _("Plats från kön")
    WAITLIST_OFFER = "waitlist_offer", _("Erbjuden plats från kön")
    WAITLIST_EXPIRED = "waitlist_expired", _("Erbjudandet från kön gick ut")
    WAITLIST_CLOSED = "waitlist_closed", _("Kön är stängd")
    ASSIGNMENT_CHANGED = "assignment_changed", _("Ändrat uppdrag")
    ASSIGNMENT_CANCELLED = "assignment_cancelled", _("Inställt uppdrag")
    HOURS_REPORTED = "hours_reported", _("Rapporterade timmar")
    CLAIM_CONFIRMED = "claim_confirmed", _("Timmar bekräftade")
    REPORT_REMINDER = "report_reminder", _("Påminnelse: rapportera timmar")
    CONFIRM_REMINDER = "confirm_reminder", _("Påminnelse: bekräfta timmar")
    ASSOCIATION_VERIFIED = "association_verified", _("Föreningen godkänd")
    ASSOCIATION_REJECTED = "association_rejected", _("Föreningen inte godkänd")
    ASSOCIATION_SUSPENDED = "association_suspended", _("Föreningen avstängd")
    ASSOCIATION_REINSTATED = "association_reinstated", _("Föreningens avstängning hävd")
    # To the municipality's admins: an association waits for them to review it.
    ASSOCIATION_WAITING = "association_waiting", _("Förening väntar på granskning")
    # Support on the way to work (pathways): the link between a resident and a supporter.
    SUPPORT_REQUESTED = "support_requested", _("Förfrågan om stöd")
    SUPPORT_INVITED = "support_invited", _("Inbjudan till stöd")
    SUPPORT_ACCEPTED = "support_accepted", _("Stödet har börjat")
    SUPPORT_ENDED = "support_ended", _("Stödet har avslutats")
    # A supporter's tip of an open assignment to the resident.
    RECOMMENDATION = "recommendation", _("Tips från din handledare")
    # A new message in the thread of a sign-up (conversations): to the resident, or to the
    # association's admins and coordinators; the row's `ref` is "msg-<message pk>".
    MESSAGE_TO_RESIDENT = "message_resident", _("Nytt meddelande från föreningen")
    MESSAGE_TO_ASSOCIATION = "message_association", _("Nytt meddelande om en anmälan")
    # To the municipality's admins: a message was reported as abusive; `ref` is "report-<pk>".
    MESSAGE_REPORTED = "message_reported", _("Anmält meddelande")
    INVITATION = "invitation", _("Inbjudan")
    ACCOUNT = "account", _("Meddelande om kontot")


# Kinds about an assignment; the others are about an association, an invitation or an account.
ASSIGNMENT_KINDS = frozenset(
    {
        Kind.MATCH,
        Kind.CLAIM_CREATED,
        Kind.CLAIM_REGISTERED,
        Kind.CLAIM_WITHDRAWN,
        Kind.CLAIM_ACCEPTED,
        Kind.CLAIM_DECLINED,
        Kind.CLAIM_LAPSED,
        Kind.WAITLIST_PLACE,
        Kind.WAITLIST_OFFER,
        Kind.WAITLIST_EXPIRED,
        Kind.WAITLIST_CLOSED,
        Kind.ASSIGNMENT_CHANGED,
        Kind.ASSIGNMENT_CANCELLED,
        Kind.HOURS_REPORTED,
        Kind.CLAIM_CONFIRMED,
        Kind.REPORT_REMINDER,
        Kind.CONFIRM_REMINDER,
        Kind.RECOMMENDATION,
        Kind.MESSAGE_TO_RESIDENT,
        Kind.MESSAGE_TO_ASSOCIATION,
        Kind.MESSAGE_REPORTED,
    }
)
# Kinds about a place in a waiting list; the row's `ref` is "waiting-<entry pk>" (not for a closed line).
WAITING_KINDS = frozenset({Kind.WAITLIST_PLACE, Kind.WAITLIST_OFFER, Kind.WAITLIST_EXPIRED, Kind.WAITLIST_CLOSED})
# Kinds about a message of a sign-up's thread (conversations); their rows have a `claim`.
MESSAGE_KINDS = frozenset({Kind.MESSAGE_TO_RESIDENT, Kind.MESSAGE_TO_ASSOCIATION, Kind.MESSAGE_REPORTED})
# Kinds about a support link (pathways.SupportLink); the row's `ref` is "link-<pk>-<event>".
SUPPORT_KINDS = frozenset({Kind.SUPPORT_REQUESTED, Kind.SUPPORT_INVITED, Kind.SUPPORT_ACCEPTED, Kind.SUPPORT_ENDED})
# E-mail only, never in an inbox: sent to an address (an invitation, a password reset), not to an account.
ADDRESS_KINDS = frozenset({Kind.INVITATION, Kind.ACCOUNT})


class Topic(models.TextChoices):
    """The kinds of e-mail a person can unsubscribe from, each with one link."""

    MATCHES = "matches", _("nya uppdrag som passar dig")
    MY_CLAIMS = "my_claims", _("dina anmälningar")
    CLAIMS = "claims", _("anmälningar till föreningens uppdrag")
    REMINDERS = "reminders", _("påminnelser om timmar")


# The profile's yes/no for each topic; matches follow the notification preference instead.
PROFILE_FIELD_OF_TOPIC = {
    Topic.MY_CLAIMS: "email_my_claims",
    Topic.CLAIMS: "email_claims",
    Topic.REMINDERS: "email_reminders",
}

TOPIC_OF_KIND = {
    Kind.MATCH: Topic.MATCHES,
    Kind.CLAIM_CREATED: Topic.CLAIMS,
    Kind.CLAIM_WITHDRAWN: Topic.CLAIMS,
    Kind.HOURS_REPORTED: Topic.CLAIMS,
    Kind.CLAIM_ACCEPTED: Topic.MY_CLAIMS,
    Kind.CLAIM_REGISTERED: Topic.MY_CLAIMS,
    Kind.CLAIM_DECLINED: Topic.MY_CLAIMS,
    Kind.CLAIM_LAPSED: Topic.MY_CLAIMS,
    Kind.WAITLIST_PLACE: Topic.MY_CLAIMS,
    Kind.WAITLIST_OFFER: Topic.MY_CLAIMS,
    Kind.WAITLIST_EXPIRED: Topic.MY_CLAIMS,
    Kind.WAITLIST_CLOSED: Topic.MY_CLAIMS,
    Kind.ASSIGNMENT_CHANGED: Topic.MY_CLAIMS,
    Kind.ASSIGNMENT_CANCELLED: Topic.MY_CLAIMS,
    Kind.CLAIM_CONFIRMED: Topic.MY_CLAIMS,
    Kind.REPORT_REMINDER: Topic.REMINDERS,
    Kind.CONFIRM_REMINDER: Topic.REMINDERS,
    # A message is about the sign-up, so it follows the same yes/no as the rest of it.
    Kind.MESSAGE_TO_RESIDENT: Topic.MY_CLAIMS,
    Kind.MESSAGE_TO_ASSOCIATION: Topic.CLAIMS,
}


class Notification(models.Model):
    """Something a person should hear about. The rows are also the outbox for every e-mail.

    A row is written in the same transaction as what caused it, and is unique per
    recipient, assignment, kind and `ref` (the claim or change it is about), so a
    retried task never makes a second one.

    Rows about an assignment or an association have a `recipient` and show in the
    inbox. Invitations and account messages (e-mail confirmation, password reset)
    go to an `address` that may have no account yet and never show in an inbox;
    an account message is rendered when it is written (`message`), and its text
    is emptied once sent, so a reset link is not kept.
    """

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Väntar på att skickas")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickat")
        SKIPPED = "skipped", _("Skickas inte")
        FAILED = "failed", _("Kunde inte skickas")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("mottagare"),
    )
    # Defaults in the database too: matching inserts rows with SQL of its own.
    address = models.EmailField(_("e-postadress"), blank=True, default="", db_default="")
    language = models.CharField(_("språk"), max_length=8, blank=True, default="", db_default="")
    kind = models.CharField(_("sort"), max_length=24, choices=Kind.choices)
    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("uppdrag"),
    )
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("förening"),
    )
    invitation = models.ForeignKey(
        "associations.Invitation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("inbjudan"),
    )
    message = models.JSONField(_("meddelande"), null=True, blank=True)
    ref = models.CharField(_("händelse"), max_length=40, blank=True, default="")
    detail = models.CharField(_("vad som ändrats"), max_length=200, blank=True, default="")
    claim = models.ForeignKey(
        "assignments.Claim",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("anmälan"),
    )
    saved_search = models.ForeignKey(
        "notifications.SavedSearch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("bevakning"),
    )
    created_at = models.DateTimeField(_("skapad"), db_index=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    email_state = models.CharField(_("e-post"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(_("försök att skicka"), default=0)
    email_claimed_at = models.DateTimeField(_("började skickas"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "assignment", "kind", "ref"], name="notification_once"),
            models.UniqueConstraint(
                fields=["recipient", "association", "kind", "ref"],
                condition=Q(assignment__isnull=True, association__isnull=False),
                name="notification_association_once",
            ),
            models.UniqueConstraint(
                fields=["invitation"], condition=Q(kind="invitation"), name="notification_invitation_once"
            ),
            # Every row has somewhere to go: an account, or an address.
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(address=""), name="notification_has_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["created_at"], condition=Q(email_state="pending"), name="notification_unsent"),
        ]

    def __str__(self) -> str:
        about = self.assignment_id or self.association_id or self.invitation_id or ""
        return f"{self.get_kind_display()}: {about} → {self.recipient_id or self.pk}"

    @property
    def topic(self) -> str | None:
        """What the recipient can unsubscribe from; None for messages they cannot turn off."""
        return TOPIC_OF_KIND.get(self.kind)

    @property
    def to_address(self) -> str:
        """Where the e-mail goes: `address` when set (invitations, account messages), else the
        recipient's e-mail address; "" when there is neither. Loads the recipient if not loaded."""
        return self.address or (self.recipient.email if self.recipient_id else "")


class SavedSearch(models.Model):
    """A filtered list of /uppdrag/ kept as an alert ("Bevaka").

    The filter is kept both as the query string (to open the list again) and as
    columns, so that matching a new assignment against every alert is one query.
    """

    MAX_PER_USER = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("invånare")
    )
    name = models.CharField(_("namn"), max_length=80)
    query = models.CharField(_("filter"), max_length=500, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # The filter, as the matching query reads it. Empty means "any".
    text = models.CharField(_("sökord"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    locality = models.ForeignKey(
        "municipalities.Locality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    distance_km = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    category = models.ForeignKey(
        "assignments.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    skill = models.ForeignKey("assignments.Skill", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A retired goal keeps its alerts (they find nothing new until it is active again); a deleted one ends them.
    goal = models.ForeignKey(
        "municipalities.DevelopmentGoal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    compensation = models.CharField(max_length=10, blank=True)
    paid_only = models.BooleanField(default=False)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    fits_my_skills = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="savedsearch_user")]

    def __str__(self) -> str:
        return self.name
