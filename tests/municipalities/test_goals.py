"""Development goals: municipal admins keep them, staff read them, assignments and the list show them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assignments import services as assignment_services
from assignments.forms import AssignmentForm
from associations.models import AssociationMembership
from municipalities import services
from municipalities.models import AuditEvent, DevelopmentGoal, StaffMembership
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MembershipFactory,
    StaffMembershipFactory,
    municipality,
)
from tests.permissions import ACTORS, assert_outcome, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.ADMIN).user


def goal(title: str, code: str = "2481", **fields) -> DevelopmentGoal:
    position = DevelopmentGoal.objects.filter(municipality__code=code).count()
    return DevelopmentGoal.objects.create(municipality=municipality(code), title=title, position=position, **fields)


def order(code: str = "2481", active: bool = True) -> list[str]:
    goals = DevelopmentGoal.objects.filter(municipality__code=code, is_active=active)
    return list(goals.order_by("position", "title").values_list("title", flat=True))


def audit(action: str) -> list[str]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk").values_list("details", flat=True))


# Services -----------------------------------------------------------------------------------


def test_an_admin_adds_a_goal_last_among_the_active_ones_and_the_audit_log_says_so(admin):
    goal("Fler unga i föreningslivet")
    created = services.goal_create(
        municipality=municipality("2481"),
        by=admin,
        title="  Levande byar  ",
        source="Utvecklingsplan 2024–2030",
        valid_from=2024,
        valid_to=2030,
        target_kind="hours",
        target_per_year=1200,
    )
    created.refresh_from_db()
    assert order() == ["Fler unga i föreningslivet", "Levande byar"]
    assert (created.target_kind, created.target_per_year, created.period_label) == ("hours", 1200, "2024–2030")
    assert audit(AuditEvent.Action.GOAL_CREATED) == ["Levande byar"]
    assert AuditEvent.objects.get(action=AuditEvent.Action.GOAL_CREATED).actor == admin


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target_kind": "hours"}, "både vad det mäts i och hur mycket"),
        ({"target_per_year": 50}, "både vad det mäts i och hur mycket"),
        ({"valid_from": 2030, "valid_to": 2024}, "Perioden slutar innan den börjar"),
        ({"valid_from": 1850}, "2000"),
    ],
)
def test_a_target_or_period_that_does_not_add_up_is_refused_and_nothing_is_saved(admin, fields, message):
    with pytest.raises(ValidationError) as refused:
        services.goal_create(municipality=municipality("2481"), by=admin, title="Levande byar", **fields)
    assert message in " ".join(refused.value.messages)
    assert not DevelopmentGoal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_database_refuses_a_target_kind_without_an_amount_whoever_writes_it():
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentGoal.objects.create(municipality=municipality("2481"), title="Utan mängd", target_kind="hours")


def test_a_title_the_municipality_already_has_is_refused_whatever_the_letter_case(admin):
    goal("Levande byar")
    with pytest.raises(ValidationError) as refused:
        services.goal_create(municipality=municipality("2481"), by=admin, title="LEVANDE BYAR")
    assert refused.value.message_dict["title"] == ["Kommunen har redan ett utvecklingsmål som heter LEVANDE BYAR."]
    goal("Levande byar", code="2417")  # another municipality may have the same goal


def test_editing_logs_what_changed_from_what_to_what_and_an_unchanged_save_logs_nothing(admin):
    kept = goal("Levande byar", target_kind="hours", target_per_year=200)
    fields = {"title": "Levande byar", "description": "", "source": "", "valid_from": None, "valid_to": None}
    services.goal_update(goal=kept, by=admin, **fields, target_kind="hours", target_per_year=200)
    assert audit(AuditEvent.Action.GOAL_CHANGED) == []
    services.goal_update(
        goal=kept, by=admin, **{**fields, "title": "Byar som lever"}, target_kind="", target_per_year=None
    )
    kept.refresh_from_db()
    assert (kept.title, kept.target_kind, kept.target_per_year) == ("Byar som lever", "", None)
    assert audit(AuditEvent.Action.GOAL_CHANGED) == [
        "Levande byar: mål: Levande byar → Byar som lever; mäts i: Timmar → –; mål per år: 200 → –"
    ]


def test_a_refused_edit_leaves_the_goal_as_it_was(admin):
    goal("Fler unga i föreningslivet")
    kept = goal("Levande byar")
    with pytest.raises(ValidationError):
        services.goal_update(goal=kept, by=admin, title="Fler unga i föreningslivet")
    kept.refresh_from_db()
    assert kept.title == "Levande byar"
    assert not AuditEvent.objects.exists()


def test_moving_up_and_down_changes_the_order_and_logs_each_move(admin):
    first, second, third = goal("Ett"), goal("Två"), goal("Tre")
    services.goal_move(goal=third, by=admin, direction="up")
    assert order() == ["Ett", "Tre", "Två"]
    services.goal_move(goal=first, by=admin, direction="down")
    assert order() == ["Tre", "Ett", "Två"]
    assert audit(AuditEvent.Action.GOAL_MOVED) == ["Tre: 3 → 2", "Ett: 1 → 2"]
    assert DevelopmentGoal.objects.get(pk=second.pk).position == 2  # moved by the others


def test_the_first_goal_cannot_move_up_nor_the_last_down_and_the_order_stays(admin):
    first, last = goal("Ett"), goal("Två")
    with pytest.raises(ValidationError, match="Ett står redan först"):
        services.goal_move(goal=first, by=admin, direction="up")
    with pytest.raises(ValidationError, match="Två står redan sist"):
        services.goal_move(goal=last, by=admin, direction="down")
    with pytest.raises(ValidationError, match="åt vilket håll"):
        services.goal_move(goal=last, by=admin, direction="sideways")
    assert order() == ["Ett", "Två"]
    assert not AuditEvent.objects.exists()


def test_goals_with_the_same_position_get_an_order_of_their_own_when_one_moves(admin):
    for title in ("A", "B", "C"):
        DevelopmentGoal.objects.create(municipality=municipality("2481"), title=title, position=0)
    services.goal_move(goal=DevelopmentGoal.objects.get(title="C"), by=admin, direction="up")
    assert order() == ["A", "C", "B"]


def test_a_retired_goal_stays_on_its_assignments_but_cannot_be_chosen_for_new_ones(admin):
    association = AssociationFactory(municipality=municipality("2481"))
    coordinator = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    retired, active = goal("Levande byar"), goal("Fler unga i föreningslivet")
    served = AssignmentFactory(association=association)
    served.development_goals.set([retired, active])
    services.goal_retire(goal=retired, by=admin)

    assert list(AssignmentForm(association=association).fields["development_goals"].queryset) == [active]
    # Saving the assignment again from its form (which no longer offers the retired goal) keeps it.
    assignment_services.assignment_update(assignment=served, by=coordinator, development_goals=[active])
    assert set(served.development_goals.all()) == {retired, active}
    # A copy, or a forged form, cannot choose it.
    copy = assignment_services.assignment_copy(assignment=served, by=coordinator)
    assert list(copy.development_goals.all()) == [active]
    assert audit(AuditEvent.Action.GOAL_RETIRED) == ["Levande byar"]


def test_activating_again_puts_the_goal_last_among_the_active_ones(admin):
    first = goal("Ett")
    goal("Två")
    goal("Tre")
    services.goal_retire(goal=first, by=admin)
    assert order() == ["Två", "Tre"]
    assert order(active=False) == ["Ett"]
    services.goal_activate(goal=first, by=admin)
    assert order() == ["Två", "Tre", "Ett"]
    assert audit(AuditEvent.Action.GOAL_ACTIVATED) == ["Ett"]


def test_retiring_twice_or_activating_an_active_goal_says_so_and_logs_nothing_more(admin):
    kept = goal("Levande byar")
    with pytest.raises(ValidationError, match="redan aktivt"):
        services.goal_activate(goal=kept, by=admin)
    services.goal_retire(goal=kept, by=admin)
    with pytest.raises(ValidationError, match="redan avslutat"):
        services.goal_retire(goal=kept, by=admin)
    assert len(audit(AuditEvent.Action.GOAL_RETIRED)) == 1
    assert not audit(AuditEvent.Action.GOAL_ACTIVATED)


@pytest.mark.parametrize(
    "who",
    [
        lambda: StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user,
        lambda: StaffMembershipFactory(municipality=municipality("2417"), role=StaffMembership.Role.ADMIN).user,
        lambda: MembershipFactory(role=AssociationMembership.Role.ADMIN).user,
    ],
    ids=["viewer", "admin of another municipality", "association admin"],
)
def test_only_the_municipalitys_admins_change_its_goals(who):
    person = who()
    kept = goal("Levande byar")
    attempts = [
        lambda: services.goal_create(municipality=municipality("2481"), by=person, title="Nytt"),
        lambda: services.goal_update(goal=kept, by=person, title="Ändrat"),
        lambda: services.goal_move(goal=kept, by=person, direction="down"),
        lambda: services.goal_retire(goal=kept, by=person),
        lambda: services.goal_activate(goal=kept, by=person),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert list(DevelopmentGoal.objects.values_list("title", "is_active")) == [("Levande byar", True)]
    assert not AuditEvent.objects.exists()


# Pages: who may do what ---------------------------------------------------------------------

STAFF_PAGE = expect(403, anonymous=302, staff_viewer=200, staff_admin=200)
STAFF_ADMIN_PAGE = expect(403, anonymous=302, staff_admin=200)
STAFF_ADMIN_ACTION = expect(403, anonymous=302, staff_admin=302)


def titles(ids):
    return tuple(
        DevelopmentGoal.objects.filter(municipality__code="2481").order_by("pk").values_list("title", flat=True)
    )


def positions(ids):
    return tuple(DevelopmentGoal.objects.order_by("pk").values_list("position", flat=True))


def active(ids):
    return tuple(DevelopmentGoal.objects.order_by("pk").values_list("is_active", flat=True))


ROWS = [
    ("get", "/kommuner/2481/mal/", {}, STAFF_PAGE, None, ()),
    ("get", "/kommuner/2481/mal/nytt/", {}, STAFF_ADMIN_PAGE, None, ()),
    ("post", "/kommuner/2481/mal/nytt/", {"title": "Nytt mål"}, STAFF_ADMIN_ACTION, titles, {"staff_admin"}),
    ("get", "/kommuner/2481/mal/{first}/", {}, STAFF_ADMIN_PAGE, None, ()),
    ("post", "/kommuner/2481/mal/{first}/", {"title": "Ändrat"}, STAFF_ADMIN_ACTION, titles, {"staff_admin"}),
    (
        "post",
        "/kommuner/2481/mal/{first}/flytta/",
        {"direction": "down"},
        STAFF_ADMIN_ACTION,
        positions,
        {"staff_admin"},
    ),
    ("post", "/kommuner/2481/mal/{first}/avsluta/", {}, STAFF_ADMIN_ACTION, active, {"staff_admin"}),
    ("post", "/kommuner/2481/mal/{retired}/aktivera/", {}, STAFF_ADMIN_ACTION, active, {"staff_admin"}),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected", "probe", "changed_by"), ROWS, ids=[f"{r[0]} {r[1]}" for r in ROWS]
)
def test_every_goal_page_and_action_answers_each_kind_of_person_as_it_should(
    world, actor, method, path, data, expected, probe, changed_by
):
    ids = {"first": goal("Levande byar").pk, "second": goal("Fler unga").pk}
    ids["retired"] = goal("Gammalt mål", is_active=False).pk
    client = Client()
    if world["people"][actor] is not None:
        client.force_login(world["people"][actor])
    assert_outcome(
        client, actor, method, path.format(**ids), data, expected, probe and (lambda: probe(ids)), changed_by
    )


@pytest.mark.parametrize("suffix", ["", "flytta/", "avsluta/", "aktivera/"])
def test_a_goal_of_another_municipality_is_not_found_whatever_its_id(client, admin, suffix):
    theirs = goal("Norsjös mål", code="2417")
    client.force_login(admin)
    response = client.post(f"/kommuner/2481/mal/{theirs.pk}/{suffix}", {"title": "Kapat", "direction": "down"})
    assert response.status_code == 404
    assert DevelopmentGoal.objects.filter(title="Norsjös mål", is_active=True).exists()
    assert not AuditEvent.objects.exists()


# Pages: what people see ---------------------------------------------------------------------


def test_the_list_shows_active_goals_in_order_then_retired_ones_with_what_they_count(client, admin):
    served = goal("Levande byar", target_kind="residents", target_per_year=30, valid_from=2024, valid_to=2030)
    goal("Fler unga i föreningslivet", source="Utvecklingsplan 2024")
    goal("Gammalt mål", is_active=False)
    AssignmentFactory(association=AssociationFactory(municipality=municipality("2481"))).development_goals.set([served])
    client.force_login(admin)
    page = client.get("/kommuner/2481/mal/").content.decode()
    assert page.index("Levande byar") < page.index("Fler unga i föreningslivet") < page.index("Gammalt mål")
    assert page.index("Aktiva mål") < page.index("Avslutade mål") < page.index("Gammalt mål")
    assert "Mål: 30 engagerade invånare per år" in page
    assert "Gäller 2024–2030" in page
    assert "Källa: Utvecklingsplan 2024" in page
    assert "1 uppdrag har bidragit" in page
    assert "Flytta upp" in page and "Aktivera igen" in page


def test_a_viewer_reads_the_goals_without_any_button_to_change_them(client):
    goal("Levande byar")
    goal("Fler unga")
    viewer = StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user
    client.force_login(viewer)
    page = client.get("/kommuner/2481/mal/").content.decode()
    assert "Levande byar" in page
    assert "Kommunens administratörer kan ändra dem" in page
    for button in ("Lägg till ett mål", "Flytta", "Avsluta", "Ändra"):
        assert button not in page


def test_the_list_runs_as_many_queries_for_20_goals_as_for_2(client, admin, django_assert_num_queries):
    client.force_login(admin)
    goal("Ett")
    goal("Två", is_active=False)
    client.get("/kommuner/2481/mal/")  # the session is read and written once
    with CaptureQueriesContext(connection) as two:
        client.get("/kommuner/2481/mal/")
    for n in range(18):
        goal(f"Mål {n}", is_active=n % 3 != 0)
    # session, user, municipality, e-mail verified, staff membership, goals with their assignment counts,
    # and what every page's menu reads (the review count, unread notifications, the profile)
    with django_assert_num_queries(len(two.captured_queries)):
        page = client.get("/kommuner/2481/mal/").content.decode()
    assert "Mål 17" in page


def test_creating_from_the_page_says_so_and_lands_at_the_new_goal(client, admin):
    client.force_login(admin)
    response = client.post(
        "/kommuner/2481/mal/nytt/",
        {"title": "Levande byar", "target_kind": "hours", "target_per_year": "1 200", "valid_from": "２０２４"},
        follow=True,
    )
    created = DevelopmentGoal.objects.get(title="Levande byar")
    assert (created.target_per_year, created.valid_from) == (1200, 2024)
    assert response.redirect_chain[-1][0] == f"/kommuner/2481/mal/#mal-{created.pk}"
    assert "Levande byar är tillagt." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Detta fält måste fyllas i."),
        ({"title": "Mål", "target_kind": "hours"}, "Skriv hur mycket per år, till exempel 200."),
        ({"title": "Mål", "target_per_year": "200"}, "Välj vad målet per år mäts i"),
        ({"title": "Mål", "target_kind": "hours", "target_per_year": "0"}, "Skriv ett heltal från 1 och uppåt"),
        ({"title": "Mål", "target_kind": "hours", "target_per_year": "²"}, "Skriv ett heltal, till exempel 200."),
        ({"title": "Mål", "target_kind": "kilo", "target_per_year": "2"}, "Välj ett giltigt alternativ"),
        ({"title": "Mål", "valid_from": "tjugo"}, "Skriv året med fyra siffror, till exempel 2024."),
        ({"title": "Mål", "valid_from": "1850"}, "Skriv ett år från 2000 och framåt."),
        ({"title": "Mål", "valid_to": "99999999999999999999"}, "Skriv ett år till och med 2100."),
        ({"title": "Mål", "valid_from": "2030", "valid_to": "2024"}, "Slutåret 2024 är före startåret 2030."),
        ({"title": "x" * 161}, "Texten har 161 tecken men får ha högst 160 tecken."),
        ({"title": "Befintligt"}, "Kommunen har redan ett utvecklingsmål som heter Befintligt."),
    ],
)
def test_bad_input_gets_a_clear_message_and_what_was_typed_stays(client, admin, data, message):
    goal("Befintligt")
    client.force_login(admin)
    data = {"description": "En lång beskrivning som inte får försvinna.", **data}
    response = client.post("/kommuner/2481/mal/nytt/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "En lång beskrivning som inte får försvinna." in page
    assert list(DevelopmentGoal.objects.values_list("title", flat=True)) == ["Befintligt"]


def test_a_refused_edit_shows_the_typed_values_and_leaves_the_goal_unchanged(client, admin):
    goal("Befintligt")
    kept = goal("Levande byar", target_kind="hours", target_per_year=100)
    client.force_login(admin)
    response = client.post(
        f"/kommuner/2481/mal/{kept.pk}/", {"title": "Befintligt", "target_kind": "hours", "target_per_year": "300"}
    )
    assert response.status_code == 400
    assert 'value="300"' in response.content.decode()
    kept.refresh_from_db()
    assert (kept.title, kept.target_per_year) == ("Levande byar", 100)


def test_the_move_buttons_work_without_javascript_and_the_edges_say_why_nothing_moved(client, admin):
    first, second = goal("Ett"), goal("Två")
    client.force_login(admin)
    response = client.post(f"/kommuner/2481/mal/{second.pk}/flytta/", {"direction": "up"}, follow=True)
    assert order() == ["Två", "Ett"]
    assert "Två är flyttat uppåt." in response.content.decode()
    response = client.post(f"/kommuner/2481/mal/{first.pk}/flytta/", {"direction": "down"}, follow=True)
    assert "Ett står redan sist." in response.content.decode()
    response = client.post(f"/kommuner/2481/mal/{first.pk}/flytta/", {"direction": "<script>"}, follow=True)
    assert "Vi förstod inte åt vilket håll målet skulle flyttas." in response.content.decode()
    assert order() == ["Två", "Ett"]


def test_opening_a_button_address_shows_the_list_and_changes_nothing(client, admin):
    kept = goal("Levande byar")
    client.force_login(admin)
    response = client.get(f"/kommuner/2481/mal/{kept.pk}/avsluta/")
    assert response.status_code == 302
    assert response["Location"] == f"/kommuner/2481/mal/#mal-{kept.pk}"
    assert DevelopmentGoal.objects.get(pk=kept.pk).is_active


def test_retiring_and_activating_from_the_page_say_what_it_means(client, admin):
    kept = goal("Levande byar")
    client.force_login(admin)
    page = client.post(f"/kommuner/2481/mal/{kept.pk}/avsluta/", follow=True).content.decode()
    assert "Det finns kvar på uppdragen som bidragit till det, men kan inte väljas för nya." in page
    assert not DevelopmentGoal.objects.get(pk=kept.pk).is_active
    page = client.post(f"/kommuner/2481/mal/{kept.pk}/aktivera/", follow=True).content.decode()
    assert "Levande byar är aktivt igen och kan väljas för nya uppdrag." in page
    assert DevelopmentGoal.objects.get(pk=kept.pk).is_active


# Where goals show -----------------------------------------------------------------------------


def test_the_assignment_page_says_which_of_the_municipalitys_goals_it_serves(client):
    served, retired = goal("Levande byar"), goal("Gammalt mål", is_active=False)
    assignment = AssignmentFactory(association=AssociationFactory(municipality=municipality("2481")))
    assignment.development_goals.set([served, retired])
    page = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert "Bidrar till kommunens mål" in page
    assert f'href="/uppdrag/?goal={served.pk}"' in page
    assert "Gammalt mål" in page  # history stays, without a link to a filter that no longer offers it
    assert f"?goal={retired.pk}" not in page


def test_an_assignment_without_goals_says_nothing_about_them(client):
    assignment = AssignmentFactory()
    assert "Bidrar till kommunens mål" not in client.get(f"/uppdrag/{assignment.pk}/").content.decode()


def test_the_associations_page_lists_the_active_goals_its_published_assignments_serve(client):
    association = AssociationFactory(municipality=municipality("2481"), slug="rusksele")
    served, only_draft, retired, unused = goal("Levande byar"), goal("Utkastmål"), goal("Gammalt"), goal("Oanvänt")
    retired.is_active = False
    retired.save()
    for status in ("published", "completed"):
        AssignmentFactory(association=association, status=status).development_goals.set([served, retired])
    AssignmentFactory(association=association, status="draft", published_at=None).development_goals.set([only_draft])
    AssignmentFactory(association=AssociationFactory(municipality=municipality("2481"))).development_goals.set([unused])
    page = client.get("/foreningar/rusksele/").content.decode()
    assert "Bidrar till kommunens mål" in page
    assert 'Levande byar <span class="muted">(2 uppdrag från föreningen hittills)' in page
    for absent in ("Utkastmål", "Gammalt", "Oanvänt"):
        assert absent not in page


def test_the_associations_page_links_a_goal_only_to_as_many_open_assignments_as_the_list_shows(client):
    association = AssociationFactory(municipality=municipality("2481"), slug="rusksele")
    living, past = goal("Levande byar"), goal("Fler i arbete")
    for status in ("completed", "completed", "expired"):
        AssignmentFactory(association=association, status=status).development_goals.set([past, living])
    AssignmentFactory(association=association, status="published").development_goals.set([living])
    # An open assignment of another association serves the goal too: the list shows it as well.
    other = AssociationFactory(municipality=municipality("2481"))
    AssignmentFactory(association=other, status="published").development_goals.set([living])
    page = client.get("/foreningar/rusksele/").content.decode()
    # All of the association's assignments for "Fler i arbete" are past: no link to an empty list.
    assert 'Fler i arbete <span class="muted">(3 uppdrag från föreningen hittills)</span></li>' in page
    assert f"?goal={past.pk}" not in page
    link = f'<a href="/uppdrag/?goal={living.pk}">2 lediga uppdrag för målet nu</a>'
    assert 'Levande byar <span class="muted">(4 uppdrag från föreningen hittills)</span> · ' + link in page
    listed = client.get(f"/uppdrag/?goal={living.pk}")
    assert listed.context["page"].paginator.count == 2


# The filter on /uppdrag/ --------------------------------------------------------------------


def test_the_list_filters_by_goal_and_offers_only_the_chosen_municipalitys_active_goals(client):
    living, retired, theirs = goal("Levande byar"), goal("Gammalt mål", is_active=False), goal("Norsjös mål", "2417")
    association = AssociationFactory(municipality=municipality("2481"))
    served = AssignmentFactory(association=association, title="Måla bygdegården")
    served.development_goals.set([living])
    AssignmentFactory(association=association, title="Skotta infarten")
    page = client.get(f"/uppdrag/?municipality=2481&goal={living.pk}").content.decode()
    assert "Måla bygdegården" in page
    assert "Skotta infarten" not in page
    assert f'<option value="{living.pk}" selected>Levande byar</option>' in page
    assert retired.title not in page and theirs.title not in page


def test_without_a_municipality_the_goals_of_all_are_offered_grouped_by_municipality(client):
    goal("Levande byar")
    goal("Norsjös mål", "2417")
    goal("Gammalt mål", is_active=False)
    page = client.get("/uppdrag/").content.decode()
    assert page.index('<optgroup label="Lycksele">') < page.index("Levande byar")
    assert page.index('<optgroup label="Norsjö">') < page.index("Norsjös mål")
    assert "Gammalt mål" not in page


def test_without_a_municipality_a_chosen_goal_names_its_municipality_in_the_closed_menu(client):
    ours, theirs = goal("Fler i arbete"), goal("Fler i arbete", "2417")
    page = client.get(f"/uppdrag/?goal={theirs.pk}").content.decode()
    # Two municipalities have a goal of that title: the chosen option says whose it is.
    assert f'<option value="{theirs.pk}" selected>Norsjö: Fler i arbete</option>' in page
    assert f'<option value="{ours.pk}">Lycksele: Fler i arbete</option>' in page


@pytest.mark.parametrize("value", ["{retired}", "999999", "abc", "{theirs}"])
def test_a_retired_unknown_or_other_municipalitys_goal_is_ignored_with_the_usual_message(client, value):
    ids = {"retired": goal("Gammalt mål", is_active=False).pk, "theirs": goal("Norsjös mål", "2417").pk}
    goal("Levande byar")
    AssignmentFactory(association=AssociationFactory(municipality=municipality("2481")), title="Skotta infarten")
    response = client.get(f"/uppdrag/?municipality=2481&goal={value.format(**ids)}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi förstod inte värdet i ”Kommunens mål” och har bortsett från det." in page
    assert "Skotta infarten" in page


def test_a_new_goal_shows_in_the_filter_at_once(client, admin):
    goal("Levande byar")
    assert "Fler unga" not in client.get("/uppdrag/?municipality=2481").content.decode()
    services.goal_create(municipality=municipality("2481"), by=admin, title="Fler unga")
    assert "Fler unga" in client.get("/uppdrag/?municipality=2481").content.decode()


def test_with_no_goals_anywhere_the_list_has_no_goal_menu(client):
    assert 'name="goal"' not in client.get("/uppdrag/").content.decode()
