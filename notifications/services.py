"""Writing notifications, and handing them to the workers."""

import copy
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from assignments.models import Assignment, Claim
from assignments.queries import open_for_claims, words
from associations.models import AssociationMembership
from associations.permissions import MANAGERS
from members.models import NotificationPreference
from municipalities.models import DevelopmentGoal, Municipality
from notifications.models import Kind, Notification, SavedSearch
from notifications.queries import prefers
from uppdragsbanken.filtering import STRIPPED_MESSAGE, readable_query

logger = logging.getLogger(__name__)

CHUNK = 250
State = Notification.EmailState


# A broker that does not answer must not hold up a web request: queuing gets a few
# seconds, and after a failure nothing is queued for a while. The sweep does it later.
ENQUEUE_TIMEOUT = 3.0
BROKER_PAUSE = 30.0
_broker_down_until = 0.0
_publisher = ThreadPoolExecutor(max_workers=4, thread_name_prefix="enqueue")


def enqueue(task, *args) -> bool:
    """Queue a task. If the broker cannot be reached, say so and go on: the sweep picks it up."""
    global _broker_down_until
    if task.app.conf.task_always_eager:
        try:
            task.delay(*args)
        except Exception:
            logger.warning("%s%r failed; the periodic sweep will try again", task.name, args, exc_info=True)
            return False
        return True
    if time.monotonic() < _broker_down_until:
        logger.warning("broker was unreachable moments ago; leaving %s%r to the sweep", task.name, args)
        return False
    try:
        _publisher.submit(task.delay, *args).result(timeout=ENQUEUE_TIMEOUT)
    except Exception:
        _broker_down_until = time.monotonic() + BROKER_PAUSE
        logger.warning("could not queue %s%r; the periodic sweep will do it", task.name, args, exc_info=True)
        return False
    return True


def chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def deliver_soon(ids: list[int]) -> None:
    from notifications import tasks

    for chunk in chunks(ids):
        enqueue(tasks.deliver, chunk)


def _deliver_event(assignment_id: int, kind: str, ref: str) -> None:
    ids = Notification.objects.filter(
        assignment_id=assignment_id, kind=kind, ref=ref, email_state=State.PENDING
    ).values_list("pk", flat=True)
    deliver_soon(list(ids))


def notify(kind: str, recipients, assignment: Assignment, *, claim: Claim | None = None, ref="", detail="") -> None:
    """Tell these people, in the caller's transaction; e-mail goes out once it commits."""
    now = timezone.now()
    rows = [
        Notification(
            recipient=user, kind=kind, assignment=assignment, claim=claim, ref=ref, detail=detail, created_at=now
        )
        for user in {user.pk: user for user in recipients if user.is_active}.values()
    ]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(partial(_deliver_event, assignment.pk, kind, ref))


def _deliver_after_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(partial(deliver_soon, ids))


def notify_association(*, kind: str, association, recipients, ref: str = "") -> list[int]:
    """Tell these people something about their association (verified, rejected), in the caller's
    transaction; the e-mail goes out through the outbox once it commits. Returns the new rows' ids.

    `ref` tells one event from the next of the same kind (the audit event's id)."""
    now = timezone.now()
    rows = [
        Notification(recipient=user, kind=kind, association=association, ref=ref, created_at=now)
        for user in {user.pk: user for user in recipients if user.is_active}.values()
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Notification.objects.filter(
            association=association, assignment__isnull=True, kind=kind, ref=ref, email_state=State.PENDING
        ).values_list("pk", flat=True)
    )
    _deliver_after_commit(ids)
    return ids


def notify_municipal_admins(*, kind: str, association, ref: str) -> list[int]:
    """Tell the admins of the association's municipality about it (it waits for their review),
    in the caller's transaction; the e-mail goes out through the outbox once it commits.

    Inputs: the kind, the association and `ref`, which tells one wait from the next.
    Output: the ids of the new rows (none when the municipality has no admins yet)."""
    from members.models import User
    from municipalities.models import StaffMembership

    admins = User.objects.filter(
        staff_memberships__municipality_id=association.municipality_id,
        staff_memberships__role=StaffMembership.Role.ADMIN,
    )
    return notify_association(kind=kind, association=association, recipients=admins, ref=ref)


def invitation_email(*, invitation, language: str) -> Notification:
    """Queue the e-mail of a new invitation to its address, in the caller's transaction.

    The address may have no account, so the row has no recipient and never shows in an inbox."""
    row = Notification.objects.create(
        kind=Kind.INVITATION,
        address=invitation.email,
        language=language,
        invitation=invitation,
        ref=str(invitation.pk),
        created_at=timezone.now(),
    )
    _deliver_after_commit([row.pk])
    return row


def account_email(*, address: str, language: str, subject: str, text: str, html: str = "") -> Notification:
    """Queue an account message already rendered (e-mail confirmation, password reset).

    The text holds a one-time link; it is emptied once the message is sent or given up."""
    row = Notification.objects.create(
        kind=Kind.ACCOUNT,
        address=address,
        language=language,
        message={"subject": subject, "text": text, "html": html},
        created_at=timezone.now(),
    )
    _deliver_after_commit([row.pk])
    return row


def managers_of(assignment: Assignment):
    from members.models import User

    return User.objects.filter(
        association_memberships__association_id=assignment.association_id,
        association_memberships__role__in=MANAGERS,
    )


def match_later(assignment: Assignment) -> None:
    """Find who the newly published assignment fits, once the publishing has committed."""
    from notifications import tasks

    transaction.on_commit(partial(enqueue, tasks.match_assignment, assignment.pk))


def instant_match_ids(assignment_id: int) -> list[int]:
    """Pending matches of people who want to hear at once."""
    return list(
        Notification.objects.filter(
            prefers(NotificationPreference.INSTANT),
            assignment_id=assignment_id,
            kind=Kind.MATCH,
            email_state=State.PENDING,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def skip_unwanted_matches(assignment_id: int) -> int:
    """Matches from saved searches of people who want no e-mail about matches stay in the inbox only."""
    return Notification.objects.filter(
        prefers(NotificationPreference.OFF), assignment_id=assignment_id, kind=Kind.MATCH, email_state=State.PENDING
    ).update(email_state=State.SKIPPED)


def digest_recipients(frequency: str) -> list[int]:
    query = Notification.objects.filter(prefers(frequency), kind=Kind.MATCH, email_state=State.PENDING)
    return sorted(set(query.values_list("recipient_id", flat=True)))


def unsent_ids(older_than: timedelta) -> list[int]:
    """What should already have gone out: not digests, not given up on."""
    cutoff = timezone.now() - older_than
    digests = Q(kind=Kind.MATCH) & prefers(NotificationPreference.DAILY, NotificationPreference.WEEKLY)
    return list(
        Notification.objects.filter(email_state=State.PENDING, created_at__lt=cutoff)
        .exclude(digests)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unmatched_assignments(older_than: timedelta) -> list[int]:
    """Open assignments whose matching never ran (the broker was down), from the last week.

    One that can no longer be signed up for is left alone: nobody should hear of it now.
    """
    now = timezone.now()
    return list(
        open_for_claims(now=now)
        .filter(
            matched_at__isnull=True,
            published_at__lt=now - older_than,
            published_at__gte=now - timedelta(days=7),
        )
        .values_list("pk", flat=True)
    )


def create_reminders(now: datetime | None = None) -> list[int]:
    """Reminders to report hours the day after an assignment ends, and to confirm reported hours.

    Each claim gets at most one of each, whenever this runs.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    since = today - timedelta(days=14)
    ended = Q(
        assignment__ends_at__lt=start_of_today,
        assignment__ends_at__gte=start_of_today - timedelta(days=14),
    ) | Q(assignment__deadline__lt=today, assignment__deadline__gte=since)

    def reminder(recipient_id: int, kind: str, claim: Claim) -> Notification:
        return Notification(
            recipient_id=recipient_id,
            kind=kind,
            assignment_id=claim.assignment_id,
            claim=claim,
            ref=str(claim.pk),
            created_at=now,
        )

    rows = [
        reminder(claim.resident_id, Kind.REPORT_REMINDER, claim)
        for claim in Claim.objects.filter(ended, status=Claim.Status.ACCEPTED, resident__is_active=True)
    ]
    waiting = Claim.objects.filter(
        status=Claim.Status.DONE, updated_at__lt=now - timedelta(days=1), updated_at__gte=now - timedelta(days=30)
    )
    managers = AssociationMembership.objects.filter(role__in=MANAGERS, user__is_active=True)
    by_association: dict[int, list[int]] = {}
    for membership in managers.filter(association__assignments__claims__in=waiting).distinct():
        by_association.setdefault(membership.association_id, []).append(membership.user_id)
    for claim in waiting.select_related("assignment"):
        for user_id in by_association.get(claim.assignment.association_id, []):
            rows.append(reminder(user_id, Kind.CONFIRM_REMINDER, claim))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        Notification.objects.filter(
            kind__in=[Kind.REPORT_REMINDER, Kind.CONFIRM_REMINDER], email_state=State.PENDING, created_at=now
        ).values_list("pk", flat=True)
    )


def mark_read(user, ids=None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


# Saved searches ----------------------------------------------------------------------------


def describe(data: dict, municipality: Municipality | None) -> str:
    """A short default name from what was chosen, e.g. "snöskottning · Lycksele · betalda"."""
    parts = []
    if data.get("q"):
        parts.append(f"”{data['q'].strip()[:40]}”")
    for key in ("locality", "category", "skill", "goal"):
        if data.get(key):
            parts.append(str(data[key]))
    if municipality and not data.get("locality"):
        parts.append(municipality.name)
    if data.get("distance"):
        parts.append(_("inom %(km)s km") % {"km": data["distance"]})
    if data.get("paid"):
        parts.append(_("betalda"))
    if data.get("fits"):
        parts.append(_("passar mina kompetenser"))
    return (" · ".join(parts) or _("Alla nya uppdrag"))[:80]


def search_text(q: str, limit: int = 200) -> str:
    """The words of a free-text filter, space-separated and cut between words, never mid-word."""
    text = ""
    for term in words(q):
        candidate = f"{text} {term[:limit]}".strip()
        if len(candidate) > limit:
            break
        text = candidate
    return text


def filterset_for(request, params):
    """The list's filters applied to these parameters, as if the list had been asked for them.

    Input: the request (for the person's profile) and a QueryDict. Output: a bound
    AssignmentFilter. Characters the list would not take (NUL and other control
    characters, lone surrogates) are removed first, as the list's middleware does;
    `filter_notices()` says what was removed or set aside.
    """
    from assignments.filters import AssignmentFilter

    params, stripped = readable_query(params)
    scoped = copy.copy(request)
    scoped.GET = params
    filterset = AssignmentFilter(params, queryset=Assignment.objects.none(), request=scoped)
    filterset.stripped = stripped
    return filterset


def filter_notices(filterset) -> list[str]:
    """What the person should hear about a search they save: characters removed, a place set aside."""
    notices = [str(STRIPPED_MESSAGE)] if getattr(filterset, "stripped", False) else []
    return notices + [str(notice) for notice in getattr(filterset, "notices", {}).values()]


def saved_search_create(*, user, filterset) -> SavedSearch:
    """Keep the valid filters of a bound AssignmentFilter as an alert. Invalid values are left out."""
    if SavedSearch.objects.filter(user=user).count() >= SavedSearch.MAX_PER_USER:
        raise ValidationError(
            _("Du kan ha högst %(count)d bevakningar. Ta bort någon du inte behöver först.")
            % {"count": SavedSearch.MAX_PER_USER}
        )
    form = filterset.form
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    # The filters this person gets (distance and "fits" need a profile), with the values that parsed.
    query = {name: form.data[name] for name in form.fields if name not in form.errors and form.data.get(name)}
    if query.get("sort") == getattr(filterset, "default_sort", None):
        del query["sort"]  # the order the list uses anyway: the saved link keeps to what was chosen
    code = data.get("municipality")
    municipality = Municipality.objects.filter(code=code).first() if code else None
    if data.get("goal"):
        data["goal"] = DevelopmentGoal.objects.filter(pk=data["goal"]).first()
    distance = data.get("distance")
    return SavedSearch.objects.create(
        user=user,
        name=describe(data, municipality),
        query=urlencode(sorted(query.items()))[:500],
        text=search_text(data.get("q") or ""),
        municipality=municipality,
        locality=data.get("locality"),
        distance_km=int(distance) if distance else None,
        category=data.get("category"),
        skill=data.get("skill"),
        goal=data.get("goal") or None,
        compensation=data.get("compensation") or "",
        paid_only=bool(data.get("paid")),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        fits_my_skills=bool(data.get("fits")),
    )
