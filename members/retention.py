"""Deleting accounts nobody has used for 24 months, after a warning by e-mail.

The rule comes from the privacy page ("Hur länge vi sparar uppgifterna"): an account not used
for 24 months is deleted, and an e-mail warns first, so the person can log in to keep it.
Storage limitation, art. 5.1 e GDPR.

- "Used" means logged in: `User.last_login`, or `date_joined` for an account that never did.
- Months are calendar months (dateutil.relativedelta), counted on dates in Europe/Stockholm
  (settings.TIME_ZONE): an account last used on 15 April 2024 is warned on 15 March 2026
  (23 months) and deleted on 15 April 2026 (24 months), by the run of that day.
- The warning is sent once (`User.inactivity_warned_at`) and says the date the account goes, at
  least 30 days later. Logging in after it makes it void: the next warning needs 23 new months.
- Deleted, through `members.services.user_delete` as if the person had done it themselves:
  accounts unused for 24 months, warned at least 30 days ago, and not used since the warning.
- Never warned or deleted: the anonymous accounts that keep deleted people's work (`erased_at`),
  platform staff and superusers (they run the site; an admin removes such accounts by hand), and
  the only admin of an association (every association keeps an admin; one log line says how
  many were kept). Municipal staff are treated like everyone else: a municipal account unused
  for two years gives access to municipal figures that nobody needs, the audit log keeps what
  they decided under a neutral name, and the platform admin adds staff again in minutes.
  Supporters too: their support links end and the residents are told, as when they delete the
  account themselves.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from members.models import User
from members.services import AccountDeletionRefused, user_delete, user_deletion_summary

logger = logging.getLogger(__name__)

MONTHS_BEFORE_WARNING = 23
MONTHS_BEFORE_DELETION = 24
# The least time between the warning and the deletion, whatever the months add up to.
DAYS_AFTER_WARNING = 30
# At most this many accounts are warned, and this many deleted, in one run; the rest the next day.
BATCH = 500
# The warning's row in the outbox (notifications.Notification.ref, Kind.ACCOUNT).
WARNING_REF = "inactive-account"
TEMPLATE = "members/email/inactive_account"


@dataclass(frozen=True)
class Cutoffs:
    """The moments one run compares with, all aware datetimes at a local midnight
    (Europe/Stockholm). An account is "unused for N months" when its last use was before the
    midnight that ends the day N months before today."""

    today: date
    warn_before: datetime
    delete_before: datetime
    warned_before: datetime


def _local_midnight(day: date) -> datetime:
    """The aware datetime at which `day` begins in Europe/Stockholm (midnight always exists there)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def cutoffs(now: datetime) -> Cutoffs:
    """The cutoffs of a run at `now` (an aware datetime). Raises ValueError for a naive `now`."""
    if timezone.is_naive(now):
        raise ValueError("now must be an aware datetime")
    today = timezone.localdate(now, timezone.get_default_timezone())
    day_after = timedelta(days=1)
    return Cutoffs(
        today=today,
        warn_before=_local_midnight(today - relativedelta(months=MONTHS_BEFORE_WARNING) + day_after),
        delete_before=_local_midnight(today - relativedelta(months=MONTHS_BEFORE_DELETION) + day_after),
        warned_before=_local_midnight(today - timedelta(days=DAYS_AFTER_WARNING) + day_after),
    )


def deletion_date(*, used: datetime, warned: datetime) -> date:
    """The first day (Europe/Stockholm) on which the daily run deletes an account last used at
    `used` and warned at `warned` (aware datetimes), if nobody logs in before: 24 calendar months
    after the day of last use, and at least 30 days after the day of the warning.

    Found the way `cutoffs` counts, so the date in the e-mail is the day it happens: 24 months
    before 28 February 2026 is 28 February 2024, so an account last used on 29 February 2024 is
    deleted on 1 March 2026."""
    zone = timezone.get_default_timezone()
    used_day = timezone.localdate(used, zone)
    day = max(
        used_day + relativedelta(months=MONTHS_BEFORE_DELETION),
        timezone.localdate(warned, zone) + timedelta(days=DAYS_AFTER_WARNING),
    )
    while day - relativedelta(months=MONTHS_BEFORE_DELETION) < used_day:
        day += timedelta(days=1)
    return day


def _sole_admin() -> Exists:
    """True for a user who is the only admin of some association (see
    members.services.sole_admin_associations), as a subquery on the user's row."""
    from associations.models import AssociationMembership

    admin = AssociationMembership.Role.ADMIN
    other_admins = AssociationMembership.objects.filter(association_id=OuterRef("association_id"), role=admin).exclude(
        user_id=OuterRef("user_id")
    )
    return Exists(
        AssociationMembership.objects.filter(user_id=OuterRef("pk"), role=admin).exclude(Exists(other_admins))
    )


def _in_scope() -> QuerySet[User]:
    """Accounts the rule may touch, each with `used` (last login, or joining): not the
    anonymous accounts that keep deleted people's work, not platform staff or superusers, and
    not people an association signed up without an account (offline.OfflineResident): they
    never log in and have no address to warn; their association deletes them."""
    from offline.models import OfflineResident

    # A subquery, not a join: the callers lock the rows (FOR UPDATE), which an outer join forbids.
    return (
        User.objects.annotate(used=Coalesce("last_login", "date_joined"))
        .filter(erased_at__isnull=True, is_staff=False, is_superuser=False)
        .exclude(Exists(OfflineResident.objects.filter(user_id=OuterRef("pk"))))
    )


# A warning counts while nobody has logged in since it was sent.
_WARNING_STANDS = Q(inactivity_warned_at__isnull=False, inactivity_warned_at__gte=F("used"))


def to_warn(now: datetime) -> QuerySet[User]:
    """Accounts to warn at `now`: unused for 23 months, with no warning since they were last
    used, and not the only admin of an association. A User QuerySet, in id order."""
    limits = cutoffs(now)
    return (
        _in_scope().filter(used__lt=limits.warn_before).exclude(_WARNING_STANDS).exclude(_sole_admin()).order_by("pk")
    )


def to_delete(now: datetime) -> QuerySet[User]:
    """Accounts to delete at `now`: unused for 24 months, warned at least 30 days ago (by local
    date), not used since the warning, and not the only admin of an association. A User
    QuerySet, in id order."""
    limits = cutoffs(now)
    return (
        _in_scope()
        .filter(_WARNING_STANDS, used__lt=limits.delete_before, inactivity_warned_at__lt=limits.warned_before)
        .exclude(_sole_admin())
        .order_by("pk")
    )


def kept_as_sole_admins(now: datetime) -> list[int]:
    """Ids of accounts unused for 23 months that the rule leaves alone because each is the
    only admin of an association, at most BATCH of them."""
    limits = cutoffs(now)
    kept = _in_scope().filter(_sole_admin(), used__lt=limits.warn_before).order_by("pk")
    return list(kept.values_list("pk", flat=True)[:BATCH])


def _warning_message(user: User, *, deletes_on: date) -> tuple[str, str, str, str]:
    """The warning e-mail as (language, subject, text, html), in the person's language."""
    from notifications.email import Renderer

    language = user.language or settings.LANGUAGE_CODE
    context = {
        "deletion_date": deletes_on,
        "last_login": timezone.localtime(user.last_login) if user.last_login else None,
        "date_joined": timezone.localtime(user.date_joined),
        "login_url": settings.SITE_URL + reverse("account_login"),
        "summary": user_deletion_summary(user),
        "days": DAYS_AFTER_WARNING,
    }
    subject, text, html = Renderer().render(TEMPLATE, language, None, context)
    return language, subject, text, html


def account_warn(*, user_id: int, now: datetime) -> bool:
    """Warn one account that it will be deleted, if it still should be at `now`.

    In one transaction, with the account's row locked: the e-mail goes to the outbox (a
    Kind.ACCOUNT row with `ref` WARNING_REF; sent once this commits, and its text emptied once
    sent) and `inactivity_warned_at` is set to `now`. Output: True if warned, False if the
    account no longer qualifies (used, warned or gone meanwhile). Raises what rendering raises."""
    from notifications.models import Notification
    from notifications.services import account_email

    with transaction.atomic():
        user = to_warn(now).select_for_update().filter(pk=user_id).first()
        if user is None:
            return False
        deletes_on = deletion_date(used=user.used, warned=now)
        language, subject, text, html = _warning_message(user, deletes_on=deletes_on)
        row = account_email(address=user.email, language=language, subject=subject, text=text, html=html)
        Notification.objects.filter(pk=row.pk).update(ref=WARNING_REF)
        User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
    return True


def account_delete_unused(*, user_id: int, now: datetime) -> bool:
    """Delete one account for not being used, if it still should be at `now`.

    With the account's row locked, the rule is checked again, then `user_delete` does what it
    does when people delete their own account (done work kept anonymously, places freed,
    support links ended, certificates revoked). Output: True if deleted, False if the account
    no longer qualifies. Raises AccountDeletionRefused if it became the only admin of an
    association meanwhile (nothing changed)."""
    with transaction.atomic():
        user = to_delete(now).select_for_update().filter(pk=user_id).first()
        if user is None:
            return False
        user_delete(user=user, by=user)
    return True


def inactive_accounts_warn(*, now: datetime, limit: int = BATCH) -> dict[str, int]:
    """Warn every account due a warning at `now`, at most `limit` of them, each on its own.

    One account that fails is logged and left for the next run; the others go on.
    Output: {"warned": n, "warn_failed": n}. Safe to run again: nobody is warned twice."""
    counts = {"warned": 0, "warn_failed": 0}
    for user_id in list(to_warn(now).values_list("pk", flat=True)[:limit]):
        try:
            if account_warn(user_id=user_id, now=now):
                counts["warned"] += 1
        except Exception:
            logger.exception("could not warn unused account %s; trying again next run", user_id)
            counts["warn_failed"] += 1
    return counts


def inactive_accounts_delete(*, now: datetime, limit: int = BATCH) -> dict[str, int]:
    """Delete every account due for deletion at `now`, at most `limit` of them, each in its own
    transaction. One account that fails or is refused is logged and left; the others go on.
    Output: {"deleted": n, "refused": n, "delete_failed": n}. Safe to run again."""
    counts = {"deleted": 0, "refused": 0, "delete_failed": 0}
    for user_id in list(to_delete(now).values_list("pk", flat=True)[:limit]):
        try:
            if account_delete_unused(user_id=user_id, now=now):
                counts["deleted"] += 1
        except AccountDeletionRefused:
            logger.info("unused account %s kept: it is now the only admin of an association", user_id)
            counts["refused"] += 1
        except Exception:
            logger.exception("could not delete unused account %s; trying again next run", user_id)
            counts["delete_failed"] += 1
    return counts


def inactive_accounts(*, now: datetime | None = None) -> dict[str, int]:
    """The daily run: delete the accounts whose warning has run out, then warn the next ones.

    Input: the moment to judge by (an aware datetime; default: now). Output: the counts of
    both steps, and "kept_admins": accounts unused for 23 months kept because each is the only
    admin of an association (their ids are logged on one line)."""
    now = now or timezone.now()
    result = {**inactive_accounts_delete(now=now), **inactive_accounts_warn(now=now)}
    kept = kept_as_sole_admins(now)
    if kept:
        logger.info("unused accounts kept as the only admin of an association: %s", kept)
    result["kept_admins"] = len(kept)
    return result
