"""Repeating assignments (series): the dates of the rule, wall-clock times across summer time,
posting, editing and cancelling one occurrence or all coming ones, and how lists show a series."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments import series, services
from assignments.models import Assignment, AssignmentSeries, Category, Claim
from associations.models import AssociationMembership
from notifications.models import Kind, Notification
from tests.factories import AssignmentFactory, MemberProfileFactory, MembershipFactory, locality

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
CREATE = "/foreningar/rusksele/uppdrag/nytt/"
WEEKLY, BIWEEKLY, DATES = "weekly", "biweekly", "dates"


def days(*values: str) -> list[date]:
    return [date.fromisoformat(v) for v in values]


# The rule ---------------------------------------------------------------------------------------


def test_every_week_on_two_weekdays_until_an_end_date_that_is_included():
    found = series.occurrence_dates(first=date(2027, 3, 1), repeat=WEEKLY, weekdays_iso=[1, 4], until=date(2027, 3, 15))
    assert found == days("2027-03-01", "2027-03-04", "2027-03-08", "2027-03-11", "2027-03-15")


def test_every_other_week_counts_weeks_from_the_first_date():
    found = series.occurrence_dates(first=date(2027, 3, 1), repeat=BIWEEKLY, weekdays_iso=[2], until=date(2027, 4, 30))
    assert found == days("2027-03-02", "2027-03-16", "2027-03-30", "2027-04-13", "2027-04-27")


def test_a_first_date_on_a_weekday_not_chosen_starts_on_the_next_chosen_one():
    found = series.occurrence_dates(first=date(2027, 3, 1), repeat=WEEKLY, weekdays_iso=[3], until=date(2027, 3, 17))
    assert found == days("2027-03-03", "2027-03-10", "2027-03-17")


def test_listed_dates_come_in_time_order_with_the_first_date():
    found = series.occurrence_dates(
        first=date(2027, 5, 2), repeat=DATES, dates=days("2027-06-13", "2027-05-20", "2027-08-01")
    )
    assert found == days("2027-05-02", "2027-05-20", "2027-06-13", "2027-08-01")


def test_a_series_may_last_exactly_a_year_but_not_a_day_more():
    first = date(2027, 1, 4)
    found = series.occurrence_dates(first=first, repeat=WEEKLY, weekdays_iso=[1], until=date(2028, 1, 4))
    assert found[-1] == date(2028, 1, 3) and len(found) == 53
    with pytest.raises(ValidationError) as refused:
        series.occurrence_dates(first=first, repeat=WEEKLY, weekdays_iso=[1], until=date(2028, 1, 5))
    assert "högst ett år, till och med 4 januari 2028" in refused.value.message_dict["repeat_until"][0]


@pytest.mark.parametrize(
    "rule, field, words",
    [
        ({"repeat": WEEKLY, "weekdays_iso": [1], "until": date(2027, 2, 28)}, "repeat_until", "efter det första"),
        ({"repeat": WEEKLY, "weekdays_iso": [1], "until": date(2027, 3, 1)}, "repeat_until", "efter det första"),
        ({"repeat": WEEKLY, "weekdays_iso": [], "until": date(2027, 4, 1)}, "repeat_weekdays", "minst en veckodag"),
        ({"repeat": WEEKLY, "weekdays_iso": [1], "until": None}, "repeat_until", "sista datumet"),
        (
            {"repeat": WEEKLY, "weekdays_iso": [1, 2, 3, 4, 5, 6, 7], "until": date(2027, 6, 1)},
            "repeat_until",
            "fler än 60 tillfällen",
        ),
        ({"repeat": DATES, "dates": days("2027-03-08", "2027-03-08")}, "repeat_dates", "står två gånger"),
        ({"repeat": DATES, "dates": days("2027-03-01")}, "repeat_dates", "står två gånger"),
        ({"repeat": DATES, "dates": days("2027-02-20")}, "repeat_dates", "före det första datumet"),
        ({"repeat": DATES, "dates": []}, "repeat_dates", "minst ett datum till"),
        ({"repeat": DATES, "dates": days("2028-03-02")}, "repeat_dates", "mer än ett år efter"),
        (
            {"repeat": DATES, "dates": [date(2027, 3, 2) + timedelta(days=n) for n in range(60)]},
            "repeat_dates",
            "fler än 60 tillfällen",
        ),
    ],
)
def test_a_rule_that_cannot_be_kept_is_refused_in_plain_words(rule, field, words):
    with pytest.raises(ValidationError) as refused:
        series.occurrence_dates(first=date(2027, 3, 1), **rule)
    assert words in " ".join(refused.value.message_dict[field])


# Summer time ------------------------------------------------------------------------------------


def test_the_wall_clock_time_stays_when_summer_time_begins():
    found = series.occurrence_moments(days("2027-03-21", "2027-03-28", "2027-04-04"), time(18), time(20))
    local = [
        (timezone.localtime(s, STOCKHOLM).time(), timezone.localtime(e, STOCKHOLM).time()) for s, e in found.moments
    ]
    assert local == [(time(18), time(20))] * 3
    assert [s.astimezone(UTC).hour for s, _e in found.moments] == [17, 16, 16]
    assert found.ambiguous == []


def test_the_wall_clock_time_stays_when_summer_time_ends():
    found = series.occurrence_moments(days("2027-10-24", "2027-10-31", "2027-11-07"), time(18), time(20))
    assert [timezone.localtime(s, STOCKHOLM).time() for s, _e in found.moments] == [time(18)] * 3
    assert [s.astimezone(UTC).hour for s, _e in found.moments] == [16, 17, 17]


def test_a_time_in_the_missing_spring_hour_refuses_the_series_and_names_the_night():
    with pytest.raises(ValidationError) as refused:
        series.occurrence_moments(days("2027-03-21", "2027-03-28", "2027-04-04"), time(2, 30), time(3, 30))
    message = refused.value.message_dict["start_time"][0]
    assert "Klockan 02:30 finns inte den 28 mars 2027" in message


def test_a_time_in_the_repeated_autumn_hour_is_taken_as_summer_time_and_said():
    found = series.occurrence_moments(days("2027-10-24", "2027-10-31", "2027-11-07"), time(2, 30), time(3, 30))
    assert found.ambiguous == [date(2027, 10, 31)]
    start, end = found.moments[1]
    # Compared in UTC: Python never calls a time in the repeated hour equal to one of another zone.
    assert start.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 summer time (UTC+2)
    assert end.astimezone(UTC) == datetime(2027, 10, 31, 2, 30, tzinfo=UTC)  # 03:30 winter time (UTC+1)
    assert [timezone.localtime(s, STOCKHOLM).time() for s, _e in found.moments] == [time(2, 30)] * 3


# Posting ----------------------------------------------------------------------------------------


def form_data(first: date, **extra) -> dict:
    return {
        "title": "Läxhjälp i bygdegården",
        "description": "Hjälp barnen med läxorna en timme.",
        "category": Category.objects.get(slug="snorojning-och-vinter").pk,
        "locality": locality("Rusksele").pk,
        "timing": "window",
        "date": first.isoformat(),
        "start_time": "18:00",
        "end_time": "19:30",
        "estimated_hours": "1,5",
        "slots": "2",
        "compensation": "voluntary",
        "claim_mode": "first_come",
        "action": "draft",
        **extra,
    }


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def test_posting_every_week_saves_one_draft_per_occurrence_at_once(client, association, coordinator):
    client.force_login(coordinator)
    first = next_monday()
    data = form_data(first, repeat=WEEKLY, repeat_weekdays=["1", "3"], repeat_until=(first + timedelta(days=21)))
    response = client.post(CREATE, data, follow=True)
    created = list(Assignment.objects.order_by("starts_at"))
    assert len(created) == 7  # Mondays and Wednesdays for three weeks, and the last Monday (the end date)
    assert {a.status for a in created} == {Assignment.Status.DRAFT}
    assert len({a.series_id for a in created}) == 1
    assert [timezone.localtime(a.starts_at).strftime("%a %H:%M") for a in created[:2]] == ["Mon 18:00", "Wed 18:00"]
    assert created[0].series.repeat == WEEKLY and created[0].series.weekdays == "1,3"
    assert "7 tillfällen är sparade som utkast" in response.content.decode()


def test_publishing_a_series_publishes_every_occurrence_and_tells_people_once(client, association, coordinator):
    client.force_login(coordinator)
    first = next_monday()
    data = form_data(first, repeat=BIWEEKLY, repeat_weekdays=["1"], repeat_until=first + timedelta(days=28))
    data["action"] = "publish"
    response = client.post(CREATE, data, follow=True)
    assert "Alla 3 tillfällen är publicerade" in response.content.decode()
    occurrences = list(Assignment.objects.order_by("starts_at"))
    assert [a.status for a in occurrences] == [Assignment.Status.PUBLISHED] * 3
    assert [a.starts_at.date() - occurrences[0].starts_at.date() for a in occurrences] == [
        timedelta(days=0),
        timedelta(days=14),
        timedelta(days=28),
    ]
    # Only the first is matched to the people it fits; the others count as matched already.
    assert occurrences[0].matched_at is not None or occurrences[0].published_at is not None
    assert all(a.matched_at is not None for a in occurrences[1:])


def test_listed_dates_are_posted_as_typed(client, association, coordinator):
    client.force_login(coordinator)
    first = next_monday()
    later = [first + timedelta(days=5), first + timedelta(days=40)]
    client.post(CREATE, form_data(first, repeat=DATES, repeat_dates="\n".join(d.isoformat() for d in later)))
    assert [timezone.localtime(a.starts_at).date() for a in Assignment.objects.order_by("starts_at")] == [
        first,
        *later,
    ]


def test_a_deadline_assignment_cannot_repeat(client, association, coordinator):
    client.force_login(coordinator)
    data = form_data(next_monday(), timing="deadline", deadline=next_monday().isoformat(), repeat=WEEKLY)
    html = client.post(CREATE, data).content.decode()
    assert "Bara uppdrag med en bestämd tid kan upprepas" in html
    assert not Assignment.objects.exists()


def test_bad_repeat_input_is_shown_on_the_form_and_nothing_is_saved(client, association, coordinator):
    client.force_login(coordinator)
    first = next_monday()
    html = client.post(
        CREATE, form_data(first, repeat=WEEKLY, repeat_until=first + timedelta(days=14))
    ).content.decode()
    assert "Välj minst en veckodag." in html
    html = client.post(CREATE, form_data(first, repeat=DATES, repeat_dates="den femte")).content.decode()
    assert "”den femte” är inget datum vi känner igen" in html
    assert not Assignment.objects.exists() and not AssignmentSeries.objects.exists()


def test_the_repeat_questions_are_ignored_when_it_happens_once(client, association, coordinator):
    client.force_login(coordinator)
    client.post(CREATE, form_data(next_monday(), repeat="none", repeat_dates="nonsens", repeat_until="x"))
    assignment = Assignment.objects.get()
    assert assignment.series_id is None


# Editing and cancelling -------------------------------------------------------------------------


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture
def weekly(association, coordinator, fields):
    """Five weekly Monday occurrences 18:00–20:00, published; the first already over, the third
    cancelled, and Anna has the place on the fourth."""
    start = next_monday() - timedelta(days=7)
    moments = [(local(start + timedelta(weeks=n), 18), local(start + timedelta(weeks=n), 20)) for n in range(5)]
    made = services.assignment_series_create(
        association=association,
        by=coordinator,
        repeat=WEEKLY,
        weekdays=[1],
        until=start + timedelta(weeks=4),
        occurrences=moments,
        **{k: v for k, v in fields.items() if k not in ("starts_at", "ends_at")},
    )
    occurrences = list(made.occurrences.order_by("starts_at"))
    Assignment.objects.filter(series=made).update(
        status=Assignment.Status.PUBLISHED, published_at=timezone.now(), matched_at=timezone.now()
    )
    Assignment.objects.filter(pk=occurrences[0].pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2, hours=-2)
    )
    Assignment.objects.filter(pk=occurrences[2].pk).update(status=Assignment.Status.CANCELLED)
    anna = MemberProfileFactory(display_name="Anna L.").user
    Claim.objects.create(assignment=occurrences[3], resident=anna, status=Claim.Status.ACCEPTED)
    Assignment.objects.filter(pk=occurrences[3].pk).update(places_taken=1)
    for a in occurrences:
        a.refresh_from_db()
    return {"series": made, "occurrences": occurrences, "anna": anna}


def edit_data(assignment: Assignment, **changes) -> dict:
    start, end = timezone.localtime(assignment.starts_at), timezone.localtime(assignment.ends_at)
    return {
        "title": assignment.title,
        "description": assignment.description,
        "category": assignment.category_id,
        "locality": assignment.locality_id,
        "timing": "window",
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "estimated_hours": "2",
        "slots": str(assignment.slots),
        "compensation": "voluntary",
        "claim_mode": assignment.claim_mode,
        **changes,
    }


def edit_url(assignment: Assignment) -> str:
    return f"/foreningar/rusksele/uppdrag/{assignment.pk}/andra/"


def test_changing_this_and_all_coming_changes_only_those_still_to_come(client, coordinator, weekly):
    past, this, cancelled, taken, last = weekly["occurrences"]
    past_start = past.starts_at
    client.force_login(coordinator)
    data = edit_data(this, title="Läxhjälp, nu med fika", start_time="17:00", end_time="19:00", scope="coming")
    response = client.post(edit_url(this), data, follow=True)
    assert "Ändringarna är sparade för 3 tillfällen" in response.content.decode()
    for a in weekly["occurrences"]:
        a.refresh_from_db()
    assert past.title == cancelled.title == "Skotta snö vid utegymmet"
    assert past.starts_at == past_start and timezone.localtime(cancelled.starts_at).hour == 18
    for a in (this, taken, last):
        assert a.title == "Läxhjälp, nu med fika"
        assert (timezone.localtime(a.starts_at).hour, timezone.localtime(a.ends_at).hour) == (17, 19)
    # Each keeps its own Monday.
    assert [a.starts_at.date() - this.starts_at.date() for a in (taken, last)] == [
        timedelta(weeks=2),
        timedelta(weeks=3),
    ]
    # Anna, who has the place on one changed occurrence, is told about that one.
    told = Notification.objects.filter(recipient=weekly["anna"], kind=Kind.ASSIGNMENT_CHANGED)
    assert list(told.values_list("assignment_id", flat=True)) == [taken.pk]


def test_changing_only_this_one_leaves_the_others(client, coordinator, weekly):
    _past, this, _cancelled, taken, last = weekly["occurrences"]
    client.force_login(coordinator)
    client.post(edit_url(this), edit_data(this, title="Bara den här gången", start_time="17:00", scope="one"))
    for a in (this, taken, last):
        a.refresh_from_db()
    assert this.title == "Bara den här gången" and timezone.localtime(this.starts_at).hour == 17
    assert taken.title == last.title == "Skotta snö vid utegymmet"
    assert timezone.localtime(last.starts_at).hour == 18
    assert not Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).exists()


def test_a_field_changed_on_one_occurrence_alone_is_kept_when_another_field_changes_for_all(coordinator, weekly):
    _past, this, _cancelled, taken, last = weekly["occurrences"]
    services.assignment_update(assignment=last, by=coordinator, slots=5)
    services.series_update_coming(assignment=this, by=coordinator, what_to_bring="Penna")
    last.refresh_from_db()
    taken.refresh_from_db()
    assert last.slots == 5 and last.what_to_bring == "Penna"
    assert taken.slots == 2 and taken.what_to_bring == "Penna"


def test_fewer_places_than_are_taken_on_a_coming_occurrence_refuses_the_whole_change(client, coordinator, weekly):
    _past, this, _cancelled, taken, _last = weekly["occurrences"]
    Claim.objects.create(assignment=taken, resident=MemberProfileFactory().user, status=Claim.Status.ACCEPTED)
    Assignment.objects.filter(pk=taken.pk).update(places_taken=2, status=Assignment.Status.FILLED)
    client.force_login(coordinator)
    html = client.post(edit_url(this), edit_data(this, slots="1", title="Ny rubrik", scope="coming")).content.decode()
    when = timezone.localtime(taken.starts_at)
    assert f"Tillfället {when.day} " in html and "2 personer har redan fått uppdraget" in html
    this.refresh_from_db()
    assert this.title == "Skotta snö vid utegymmet" and this.slots == 2  # nothing changed, not even this one


def test_cancelling_all_coming_tells_those_signed_up_and_leaves_the_past(client, coordinator, weekly):
    past, this, cancelled, taken, last = weekly["occurrences"]
    client.force_login(coordinator)
    url = f"/foreningar/rusksele/uppdrag/{this.pk}/stall-in/"
    assert "Det här och alla kommande tillfällen" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Lokalen är uthyrd resten av terminen.", "scope": "coming"}, follow=True)
    assert "3 tillfällen är inställda" in response.content.decode()
    statuses = {a.pk: Assignment.objects.get(pk=a.pk).status for a in weekly["occurrences"]}
    assert statuses[past.pk] == Assignment.Status.PUBLISHED
    assert statuses[this.pk] == statuses[taken.pk] == statuses[last.pk] == Assignment.Status.CANCELLED
    assert Claim.objects.get(assignment=taken).status == Claim.Status.CANCELLED
    told = Notification.objects.get(recipient=weekly["anna"], kind=Kind.ASSIGNMENT_CANCELLED)
    assert told.assignment_id == taken.pk


def test_cancelling_only_this_one_leaves_the_coming_ones(client, coordinator, weekly):
    _past, this, _cancelled, taken, last = weekly["occurrences"]
    client.force_login(coordinator)
    client.post(f"/foreningar/rusksele/uppdrag/{this.pk}/stall-in/", {"reason": "Sjukdom.", "scope": "one"})
    assert Assignment.objects.get(pk=this.pk).status == Assignment.Status.CANCELLED
    assert Assignment.objects.get(pk=taken.pk).status == Assignment.Status.PUBLISHED
    assert Assignment.objects.get(pk=last.pk).status == Assignment.Status.PUBLISHED


def test_another_associations_manager_cannot_touch_the_series(client, weekly):
    _past, this, *_rest = weekly["occurrences"]
    stranger = MembershipFactory(role=AssociationMembership.Role.ADMIN)
    client.force_login(stranger.user)
    other = stranger.association.slug
    assert client.get(f"/foreningar/{other}/uppdrag/{this.pk}/andra/").status_code == 404
    assert (
        client.post(f"/foreningar/{other}/uppdrag/{this.pk}/stall-in/", {"reason": "x", "scope": "coming"}).status_code
        == 404
    )
    assert client.post(f"/foreningar/{other}/uppdrag/{this.pk}/publicera-alla/").status_code == 404
    assert client.get(f"/foreningar/rusksele/uppdrag/{this.pk}/andra/").status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.series_update_coming(assignment=this, by=stranger.user, title="Kapat")
    with pytest.raises(PermissionDenied):
        services.series_cancel_coming(assignment=this, by=stranger.user, reason="Kapat")
    assert not Assignment.objects.filter(title="Kapat").exists()
    assert (
        not Assignment.objects.filter(status=Assignment.Status.CANCELLED)
        .exclude(pk=weekly["occurrences"][2].pk)
        .exists()
    )


def test_publish_all_publishes_the_coming_drafts_only(client, association, coordinator):
    client.force_login(coordinator)
    first = next_monday()
    client.post(CREATE, form_data(first, repeat=WEEKLY, repeat_weekdays=["1"], repeat_until=first + timedelta(weeks=2)))
    occurrences = list(Assignment.objects.order_by("starts_at"))
    manage = client.get(f"/foreningar/rusksele/uppdrag/{occurrences[0].pk}/").content.decode()
    assert "Publicera alla 3 kommande utkast" in manage
    client.post(f"/foreningar/rusksele/uppdrag/{occurrences[0].pk}/publicera-alla/")
    assert set(Assignment.objects.values_list("status", flat=True)) == {Assignment.Status.PUBLISHED}


def test_copying_an_occurrence_makes_one_single_draft(coordinator, weekly):
    copy = services.assignment_copy(assignment=weekly["occurrences"][1], by=coordinator)
    assert copy.series_id is None and copy.status == Assignment.Status.DRAFT


# Lists ------------------------------------------------------------------------------------------


def test_the_list_shows_a_series_once_with_how_many_more_there_are(client, weekly):
    AssignmentFactory(title="Måla staketet")
    html = client.get("/uppdrag/").content.decode()
    assert html.count(">Skotta snö vid utegymmet</a>") == 1
    assert "Måla staketet" in html
    assert "2 uppdrag hittades" in html
    # The next open one is shown (not the past or the cancelled one), with the two after it.
    this = weekly["occurrences"][1]
    assert f'href="/uppdrag/{this.pk}/"' in html
    assert "Varje vecka · 2 tillfällen till" in " ".join(html.split())


def test_a_date_filter_after_the_next_occurrence_shows_the_first_one_after_it(client, weekly):
    _past, _this, _cancelled, taken, last = weekly["occurrences"]
    day = timezone.localtime(taken.starts_at).date()
    html = client.get(f"/uppdrag/?date_from={day.isoformat()}").content.decode()
    assert f'href="/uppdrag/{taken.pk}/"' in html
    assert f'href="/uppdrag/{last.pk}/"' not in html


def test_the_list_runs_as_many_queries_with_series_as_without(client, association, coordinator, fields):
    AssignmentFactory.create_batch(3)
    client.get("/uppdrag/")
    with CaptureQueriesContext(connection) as few:
        client.get("/uppdrag/")
    for n in range(4):
        start = next_monday() + timedelta(days=n)
        made = services.assignment_series_create(
            association=association,
            by=coordinator,
            repeat=WEEKLY,
            weekdays=[start.isoweekday()],
            until=start + timedelta(weeks=9),
            occurrences=[
                (local(start + timedelta(weeks=w), 18), local(start + timedelta(weeks=w), 19)) for w in range(10)
            ],
            **{k: v for k, v in fields.items() if k not in ("starts_at", "ends_at")},
        )
        services.series_publish(series=made, by=coordinator)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/uppdrag/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["page"].paginator.count == 7


def test_an_occurrence_page_lists_the_coming_ones_and_a_resident_signs_up_for_another(client, weekly):
    _past, this, cancelled, taken, last = weekly["occurrences"]
    resident = MemberProfileFactory(display_name="Erik H.").user
    client.force_login(resident)
    html = client.get(f"/uppdrag/{this.pk}/").content.decode()
    assert "Fler tillfällen" in html
    assert f'href="/uppdrag/{taken.pk}/"' in html and f'href="/uppdrag/{last.pk}/"' in html
    assert f'href="/uppdrag/{cancelled.pk}/"' not in html
    assert "1 plats kvar" in html and "2 platser kvar" in html
    response = client.post(f"/uppdrag/{last.pk}/anmal/", {"message": "", "tillbaka": this.pk})
    assert response.status_code == 302 and response["Location"] == f"/uppdrag/{this.pk}/#tillfallen"
    assert Claim.objects.filter(assignment=last, resident=resident).exists()
    html = client.get(f"/uppdrag/{this.pk}/").content.decode()
    assert "Din anmälan: Väntar på svar" in html


def test_the_associations_overview_groups_a_series(client, coordinator, weekly):
    client.force_login(coordinator)
    html = " ".join(client.get("/foreningar/rusksele/uppdrag/").content.decode().split())
    assert "Återkommer varje vecka · 4 tillfällen från" in html  # the published ones
    assert "Visa tillfällena" in html


@pytest.mark.both_databases
def test_a_text_search_shows_a_series_once_on_either_database(client, weekly):
    html = client.get("/uppdrag/?q=skotta").content.decode()
    assert html.count(">Skotta snö vid utegymmet</a>") == 1
    assert f'href="/uppdrag/{weekly["occurrences"][1].pk}/"' in html
    assert "1 uppdrag hittades" in html


@pytest.mark.both_databases
def test_the_start_page_and_the_associations_page_show_a_series_once(client, weekly):
    assert client.get("/").content.decode().count(">Skotta snö vid utegymmet</a>") == 1
    assert client.get("/foreningar/rusksele/").content.decode().count(">Skotta snö vid utegymmet</a>") == 1


def test_each_occurrence_has_its_own_calendar_event_at_the_same_local_time_across_summer_time(
    client, association, coordinator, fields
):
    found = series.occurrence_moments(days("2027-03-21", "2027-03-28"), time(18), time(20))
    made = services.assignment_series_create(
        association=association,
        by=coordinator,
        repeat=WEEKLY,
        weekdays=[7],
        until=date(2027, 3, 28),
        occurrences=found.moments,
        **{k: v for k, v in fields.items() if k not in ("starts_at", "ends_at")},
    )
    services.series_publish(series=made, by=coordinator)
    from icalendar import Calendar

    starts = []
    for occurrence in made.occurrences.order_by("starts_at"):
        response = client.get(f"/uppdrag/{occurrence.pk}/kalender.ics")
        event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
        starts.append(event.decoded("DTSTART"))
    assert [s.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2027-03-21 18:00",
        "2027-03-28 18:00",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [17, 16]


@pytest.mark.both_databases
@pytest.mark.parametrize("sort", ["newest", "soonest", "nearest", "pay", "relevance"])
def test_a_series_shows_once_under_every_sort_and_with_many_filters(client, weekly, sort):
    resident = MemberProfileFactory(home_locality=locality("Rusksele")).user
    client.force_login(resident)
    query = f"q=skotta&distance=50&category=snorojning-och-vinter&compensation=voluntary&sort={sort}"
    response = client.get(f"/uppdrag/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">Skotta snö vid utegymmet</a>") == 1
    assert f'href="/uppdrag/{weekly["occurrences"][1].pk}/"' in html
