"""Clock times that do not exist, or happen twice, when Sweden changes to and from summer time;
and no database rule ever reaches a person by its internal name."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.utils import timezone

from assignments.models import Assignment, Category
from tests.factories import AssignmentFactory, locality
from uppdragsbanken.fields import local_datetime

CREATE = "/foreningar/rusksele/uppdrag/nytt/"


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _next_change(month: int) -> date:
    """The next night Sweden changes clocks (last Sunday of March or October), after today."""
    today = timezone.localdate()
    day = _last_sunday(today.year, month)
    return day if day > today + timedelta(days=1) else _last_sunday(today.year + 1, month)


def _window(day: date, start: str, end: str) -> dict:
    return {
        "title": "Nattpass vid bygdegården",
        "description": "Vakta brasan.",
        "category": Category.objects.get(slug="snorojning-och-vinter").pk,
        "locality": locality("Rusksele").pk,
        "timing": "window",
        "date": day.isoformat(),
        "start_time": start,
        "end_time": end,
        "estimated_hours": "1",
        "slots": "1",
        "compensation": "voluntary",
        "claim_mode": "choose",
        "action": "draft",
    }


def test_an_hour_that_does_not_exist_in_spring_is_refused_in_plain_words(client, association, coordinator):
    client.force_login(coordinator)
    spring = _next_change(3)
    response = client.post(CREATE, _window(spring, "02:30", "03:30"))
    html = response.content.decode()
    assert "Klockan 02:30 finns inte den" in html
    assert "ställs klockan fram från 02:00 till 03:00" in html
    assert "assignment_window_or_deadline" not in html
    assert not Assignment.objects.exists()


def test_a_start_in_the_missing_hour_is_not_moved_an_hour_later(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _window(_next_change(3), "02:15", "04:00"))
    assert "Klockan 02:15 finns inte den" in response.content.decode()
    assert not Assignment.objects.exists()


def test_an_end_in_the_missing_hour_is_refused_too(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _window(_next_change(3), "01:00", "02:30"))
    assert "Klockan 02:30 finns inte den" in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_hour_after_the_spring_change_is_saved_as_typed(client, association, coordinator):
    client.force_login(coordinator)
    client.post(CREATE, _window(_next_change(3), "03:00", "04:00"))
    assignment = Assignment.objects.get()
    assert timezone.localtime(assignment.starts_at).strftime("%H:%M") == "03:00"


def test_an_hour_that_happens_twice_in_autumn_takes_the_first_and_says_so(client, association, coordinator):
    client.force_login(coordinator)
    autumn = _next_change(10)
    response = client.post(CREATE, _window(autumn, "02:00", "03:00"), follow=True)
    assignment = Assignment.objects.get()
    starts, ends = timezone.localtime(assignment.starts_at), timezone.localtime(assignment.ends_at)
    assert (starts.strftime("%H:%M"), starts.utcoffset()) == ("02:00", timedelta(hours=2))  # summer time
    assert ends.strftime("%H:%M") == "03:00"
    assert assignment.ends_at - assignment.starts_at == timedelta(hours=2)
    html = response.content.decode()
    assert "Klockan 02:00 finns två gånger den" in html
    assert "Vi räknar med den första gången, på sommartid." in html


def test_an_ordinary_night_says_nothing_about_summer_time(client, association, coordinator):
    client.force_login(coordinator)
    ordinary = _next_change(10) + timedelta(days=7)
    response = client.post(CREATE, _window(ordinary, "02:00", "03:00"), follow=True)
    assert Assignment.objects.exists()
    assert "finns två gånger" not in response.content.decode()


def test_local_datetime_refuses_the_spring_gap_and_flags_the_autumn_repeat():
    with pytest.raises(ValidationError) as excinfo:
        local_datetime(_next_change(3), timezone.datetime(2000, 1, 1, 2, 45).time())
    assert excinfo.value.code == "nonexistent_time"
    moment, twice = local_datetime(_next_change(10), timezone.datetime(2000, 1, 1, 2, 45).time())
    assert twice and moment.utcoffset() == timedelta(hours=2)


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in {"assignments", "associations", "members", "municipalities"}:
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint | UniqueConstraint):
                    yield model, constraint


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()), ids=lambda value: getattr(value, "name", ""))
def test_every_database_rule_that_could_reach_a_form_has_a_message_in_words(model, constraint):
    message = str(constraint.get_violation_error_message())
    assert constraint.name not in message
    assert constraint.violation_error_message != constraint.default_violation_error_message


@pytest.mark.django_db
def test_a_window_ending_before_it_starts_reaches_the_person_as_a_sentence_not_a_constraint_name():
    assignment = AssignmentFactory(status="draft", published_at=None)
    assignment.ends_at = assignment.starts_at
    with pytest.raises(ValidationError) as excinfo:
        assignment.validate_constraints()
    assert excinfo.value.messages == [
        "Ange antingen en bestämd tid, där sluttiden är efter starttiden, eller ett datum då uppdraget ska vara klart."
    ]
