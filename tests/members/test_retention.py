"""Accounts nobody has used for 24 months are deleted, after a warning (members.retention).

Every run is given a fixed `now` in Swedish time; the accounts' last logins are set from it."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from assignments.models import Claim
from associations.models import AssociationMembership
from members import retention
from members.models import User
from members.services import user_delete
from municipalities.models import StaffMembership
from notifications.models import Kind, Notification
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The daily run on 15 March 2026 at half past three, Swedish time.
NOW = datetime(2026, 3, 15, 3, 30, tzinfo=STOCKHOLM)
# What a run that finds nothing to do returns.
NOTHING = {"deleted": 0, "refused": 0, "delete_failed": 0, "warned": 0, "warn_failed": 0, "kept_admins": 0}


def months_ago(months: int, now: datetime = NOW) -> datetime:
    """Noon on the day `months` calendar months before `now`, Swedish time."""
    return (now - relativedelta(months=months)).replace(hour=12, minute=0)


def resident(last_login: datetime | None, *, joined: datetime | None = None, language: str = "sv", **fields) -> User:
    user = MemberProfileFactory(user=UserFactory(language=language, **fields)).user
    user.last_login = last_login
    user.date_joined = joined or (last_login or NOW) - timedelta(days=400)
    user.save(update_fields=["last_login", "date_joined"])
    return user


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """The daily job at a given moment, with the e-mails it queues sent as they would be."""

    def run_at(now: datetime) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return retention.inactive_accounts(now=now)

    return run_at


def exists(user: User) -> bool:
    return User.objects.filter(pk=user.pk).exists()


# Warning ------------------------------------------------------------------------------------


def test_account_unused_for_23_months_is_warned_once_by_email_with_the_deletion_date(run, mailoutbox):
    person = resident(months_ago(23))
    assert run(NOW)["warned"] == 1
    person.refresh_from_db()
    assert person.inactivity_warned_at == NOW
    [message] = mailoutbox
    assert message.to == [person.email]
    # 24 months after the last login, 15 April 2026, and more than 30 days after the warning.
    assert message.subject == "Ditt konto på Uppdragsbanken tas bort den 15 april 2026"
    assert "Ditt konto tas bort den 15 april 2026. Vill du behålla det räcker det att du loggar in" in message.body
    assert f"{settings.SITE_URL}/konto/login/" in message.body
    assert "Du loggade senast in på Uppdragsbanken den 15 april 2024." in message.body
    # What goes and what stays, in the words of the page where people delete their account.
    assert "Ditt konto, din e-postadress och ditt lösenord. Du kan inte logga in igen." in message.body
    assert "Det här finns kvar, utan ditt namn" in message.body
    html = message.alternatives[0][0]
    assert "15 april 2026" in html and f'href="{settings.SITE_URL}/konto/login/"' in html
    # The outbox row is an account message, not in any inbox, its text emptied once sent.
    row = Notification.objects.get(kind=Kind.ACCOUNT, ref=retention.WARNING_REF)
    assert row.recipient is None and row.address == person.email
    assert row.email_state == Notification.EmailState.SENT and row.message is None
    assert exists(person)


def test_account_unused_for_22_months_is_not_warned(run, mailoutbox):
    person = resident(months_ago(22))
    assert run(NOW)["warned"] == 0
    person.refresh_from_db()
    assert person.inactivity_warned_at is None
    assert mailoutbox == []


def test_account_never_logged_in_counts_from_the_day_it_was_made(run, mailoutbox):
    never = resident(None, joined=months_ago(23))
    recent = resident(None, joined=months_ago(22))
    run(NOW)
    assert [m.to for m in mailoutbox] == [[never.email]]
    assert "men har inte loggat in sedan dess" in mailoutbox[0].body
    recent.refresh_from_db()
    assert recent.inactivity_warned_at is None


def test_warning_is_written_in_the_persons_language(run, mailoutbox):
    resident(months_ago(23), language="en")
    run(NOW)
    [message] = mailoutbox
    assert "15 April 2026" in message.subject
    assert "april" not in message.subject


def test_no_second_warning_on_the_next_days(run, mailoutbox):
    person = resident(months_ago(23))
    run(NOW)
    assert run(NOW + timedelta(days=1))["warned"] == 0
    assert run(NOW + timedelta(days=10))["warned"] == 0
    assert len(mailoutbox) == 1
    person.refresh_from_db()
    assert person.inactivity_warned_at == NOW


def test_a_warning_is_always_at_least_30_days_before_the_deletion(run, mailoutbox):
    # Found only at 25 months (the job had not run): 24 months are over, 30 days still to go.
    person = resident(months_ago(25))
    run(NOW)
    assert "tas bort den 14 april 2026" in mailoutbox[0].subject
    assert run(datetime(2026, 4, 13, 3, 30, tzinfo=STOCKHOLM))["deleted"] == 0
    assert exists(person)
    assert run(datetime(2026, 4, 14, 3, 30, tzinfo=STOCKHOLM))["deleted"] == 1
    assert not exists(person)


def test_the_date_in_the_warning_is_the_day_the_run_deletes_the_account():
    # A short month: 23 months after 15 March is 15 February, and 24 months only 28 days later.
    used = datetime(2024, 3, 15, 12, tzinfo=STOCKHOLM)
    assert retention.deletion_date(used=used, warned=datetime(2026, 2, 15, 3, 30, tzinfo=STOCKHOLM)) == date(
        2026, 3, 17
    )
    # A leap day: the run on 28 February 2026 counts back to 28 February 2024, not yet 24 months.
    leap = datetime(2024, 2, 29, 12, tzinfo=STOCKHOLM)
    deletes_on = retention.deletion_date(used=leap, warned=datetime(2026, 1, 29, 3, 30, tzinfo=STOCKHOLM))
    assert deletes_on == date(2026, 3, 1)
    at = datetime.combine(deletes_on, datetime.min.time(), tzinfo=STOCKHOLM) + timedelta(hours=3, minutes=30)
    assert leap < retention.cutoffs(at).delete_before
    assert leap >= retention.cutoffs(at - timedelta(days=1)).delete_before


def test_the_day_counts_in_swedish_time():
    # 21:30 UTC on 15 April is 23:30 in Stockholm: still 15 April here, 23 months before NOW.
    late = datetime(2024, 4, 15, 21, 30, tzinfo=ZoneInfo("UTC"))
    assert late < retention.cutoffs(NOW).warn_before
    # 22:30 UTC on 15 April is 00:30 on 16 April in Stockholm: a day later here, so not yet.
    early = datetime(2024, 4, 15, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert early >= retention.cutoffs(NOW).warn_before


# Deletion -----------------------------------------------------------------------------------


def test_account_is_deleted_24_months_unused_and_30_days_after_the_warning_keeping_done_work_anonymously(run):
    person = resident(months_ago(23))
    confirmed = ClaimFactory(
        resident=person,
        assignment=AssignmentFactory(starts_at=timezone.now() - timedelta(days=30)),
        status=Claim.Status.CONFIRMED,
        hours_reported=Decimal("3"),
        hours_confirmed=Decimal("3"),
        reference_text="Noggrann och glad",
    )
    run(NOW)
    assert run(datetime(2026, 4, 14, 3, 30, tzinfo=STOCKHOLM))["deleted"] == 0
    assert exists(person)
    result = run(datetime(2026, 4, 15, 3, 30, tzinfo=STOCKHOLM))
    assert result["deleted"] == 1
    assert not exists(person)
    confirmed.refresh_from_db()
    placeholder = confirmed.resident
    assert placeholder.erased_at is not None and placeholder.display_name == "Tidigare deltagare"
    assert confirmed.hours_confirmed == Decimal("3") and confirmed.reference_text == ""
    # The warning's row in the outbox named the address: it goes with the account.
    assert not Notification.objects.filter(ref=retention.WARNING_REF).exists()


def test_an_account_deleted_for_not_being_used_is_told_so_by_email_once(run, mailoutbox):
    person = resident(months_ago(23))
    run(NOW)
    run(datetime(2026, 4, 15, 3, 30, tzinfo=STOCKHOLM))
    assert not exists(person)
    [warning, deleted] = mailoutbox
    assert deleted.to == [person.email]
    assert deleted.subject == "Ditt konto på Uppdragsbanken är borttaget"
    assert "E-post som redan har skickats, till dig eller till andra, kan vi inte ta tillbaka." in " ".join(
        deleted.body.split()
    )
    # Sent directly, not through the outbox, whose row would keep the address.
    assert not Notification.objects.filter(address__iexact=person.email).exists()


def test_logging_in_after_the_warning_keeps_the_account(run, mailoutbox):
    person = resident(months_ago(23))
    run(NOW)
    person.last_login = NOW + timedelta(days=3)
    person.save(update_fields=["last_login"])
    later = datetime(2026, 5, 1, 3, 30, tzinfo=STOCKHOLM)
    assert run(later) == NOTHING
    assert exists(person)
    # Unused for 23 months again: a new warning, with a new date.
    again = NOW + timedelta(days=3) + relativedelta(months=23)
    run(again)
    assert len(mailoutbox) == 2
    assert "19 mars 2028" in mailoutbox[1].subject
    person.refresh_from_db()
    assert person.inactivity_warned_at == again


def test_account_never_warned_is_not_deleted(run):
    person = resident(months_ago(30))
    # Nothing warned it (say the e-mail job never ran): deleted only 30 days after the warning.
    assert retention.inactive_accounts_delete(now=NOW)["deleted"] == 0
    assert exists(person)


def test_only_admin_of_an_association_is_neither_warned_nor_deleted(run, mailoutbox, caplog):
    admin = resident(months_ago(30))
    association = AssociationFactory()
    MembershipFactory(user=admin, association=association, role=AssociationMembership.Role.ADMIN)
    with caplog.at_level("INFO", logger="members.retention"):
        result = run(NOW)
    assert result["warned"] == 0 and result["kept_admins"] == 1
    assert f"only admin of an association: [{admin.pk}]" in caplog.text
    assert run(NOW + relativedelta(months=6))["deleted"] == 0
    assert exists(admin) and mailoutbox == []
    # With a second admin, the rule applies to them as to anyone.
    MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN)
    assert run(NOW + relativedelta(months=6))["warned"] == 1


def test_admin_who_became_the_only_admin_after_the_warning_is_kept(run):
    association = AssociationFactory()
    admin = resident(months_ago(23))
    MembershipFactory(user=admin, association=association, role=AssociationMembership.Role.ADMIN)
    other = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN)
    run(NOW)
    other.delete()
    assert run(NOW + timedelta(days=40))["deleted"] == 0
    assert exists(admin)


def test_platform_staff_and_superusers_are_left_alone(run, mailoutbox):
    staff = resident(months_ago(30), is_staff=True)
    superuser = resident(months_ago(30), is_superuser=True)
    run(NOW)
    run(NOW + relativedelta(months=3))
    assert exists(staff) and exists(superuser)
    assert mailoutbox == []


def test_municipal_staff_are_warned_and_deleted_like_everyone(run):
    officer = resident(months_ago(23))
    StaffMembershipFactory(user=officer, role=StaffMembership.Role.ADMIN)
    assert run(NOW)["warned"] == 1
    assert run(NOW + timedelta(days=31))["deleted"] == 1
    assert not StaffMembership.objects.filter(user_id=officer.pk).exists()


def test_anonymous_accounts_that_keep_deleted_peoples_work_are_never_touched(run, mailoutbox):
    gone = resident(months_ago(1))
    ClaimFactory(
        resident=gone,
        assignment=AssignmentFactory(starts_at=timezone.now() - timedelta(days=30)),
        status=Claim.Status.CONFIRMED,
        hours_reported=Decimal("2"),
        hours_confirmed=Decimal("2"),
    )
    placeholder = user_delete(user=gone, by=gone)
    # It joined when the person did, and never logs in.
    User.objects.filter(pk=placeholder.pk).update(date_joined=months_ago(40), inactivity_warned_at=months_ago(2))
    run(NOW)
    run(NOW + relativedelta(months=2))
    assert exists(placeholder)
    assert mailoutbox == []
    placeholder.refresh_from_db()
    assert placeholder.inactivity_warned_at == months_ago(2)


def test_running_twice_changes_nothing_more(run, mailoutbox):
    due = resident(months_ago(23))
    run(NOW)
    resident(months_ago(23))  # warned in the first run below, deleted in none
    later = NOW + timedelta(days=31)
    first = run(later)
    assert first["deleted"] == 1 and first["warned"] == 1
    state = list(User.objects.order_by("pk").values_list("pk", "inactivity_warned_at"))
    mails = len(mailoutbox)
    assert run(later) == NOTHING
    assert list(User.objects.order_by("pk").values_list("pk", "inactivity_warned_at")) == state
    assert len(mailoutbox) == mails
    assert not exists(due)


def test_one_failing_account_does_not_stop_the_others(run, monkeypatch):
    first = resident(months_ago(23))
    second = resident(months_ago(23))
    run(NOW)
    real_delete = retention.user_delete

    def failing(*, user, by):
        if user.pk == first.pk:
            raise RuntimeError("disk full")
        return real_delete(user=user, by=by)

    monkeypatch.setattr(retention, "user_delete", failing)
    result = run(NOW + timedelta(days=31))
    assert result["deleted"] == 1 and result["delete_failed"] == 1
    assert exists(first) and not exists(second)
    monkeypatch.setattr(retention, "user_delete", real_delete)
    assert run(NOW + timedelta(days=32))["deleted"] == 1
    assert not exists(first)


def test_finding_the_accounts_costs_the_same_queries_for_one_or_many_users(django_assert_num_queries):
    resident(months_ago(3))

    # the accounts to delete, the accounts to warn, the only admins kept
    with django_assert_num_queries(3):
        retention.inactive_accounts(now=NOW)
    for months in range(1, 20):
        resident(months_ago(months))
    with django_assert_num_queries(3):
        retention.inactive_accounts(now=NOW)


# Running it ---------------------------------------------------------------------------------


def test_notify_inactive_runs_the_job_now(django_capture_on_commit_callbacks, mailoutbox):
    person = resident(timezone.now() - relativedelta(months=23, days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify", "inactive", stdout=io.StringIO())
    person.refresh_from_db()
    assert person.inactivity_warned_at is not None
    assert [m.to for m in mailoutbox] == [[person.email]]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2026, 3, 15, 3, 0, tzinfo=STOCKHOLM), datetime(2026, 3, 15, 3, 30, tzinfo=STOCKHOLM)),
        (datetime(2026, 3, 15, 4, 0, tzinfo=STOCKHOLM), datetime(2026, 3, 16, 3, 30, tzinfo=STOCKHOLM)),
        # On the nights the clocks change, 03:30 comes once, on the Swedish clock.
        (datetime(2027, 3, 27, 4, 0, tzinfo=STOCKHOLM), datetime(2027, 3, 28, 3, 30, tzinfo=STOCKHOLM)),
        (datetime(2026, 10, 24, 4, 0, tzinfo=STOCKHOLM), datetime(2026, 10, 25, 3, 30, tzinfo=STOCKHOLM)),
    ],
)
def test_celery_beat_runs_the_job_daily_at_half_past_three_swedish_time(after, expected):
    from uppdragsbanken.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["inactive-accounts"]
    assert entry["task"] == "members.tasks.inactive_accounts"
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    schedule.app = app
    start, delta, _now = schedule.remaining_delta(after, tz=STOCKHOLM)
    assert (start + delta).astimezone(STOCKHOLM) == expected
