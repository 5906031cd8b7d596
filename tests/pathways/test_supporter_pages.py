"""The supporter's pages as a supporter uses them: what each shows, what each changes, what it
refuses, and the access log line each read and write leaves for the resident."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Assignment, Claim
from assignments.services import refresh_search_vectors
from notifications.models import Kind, Notification
from pathways.models import (
    AccessLogEntry,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportLink,
)
from pathways.services import (
    link_accept,
    link_end,
    link_invite,
    link_request,
    link_shares_update,
    milestone_record,
    note_create,
    recommend,
)
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory, UserFactory, locality
from tests.pathway_world import make_supporter

pytestmark = pytest.mark.django_db
Subject = AccessLogEntry.Subject
Action = AccessLogEntry.Action
ENDED = "Stödet är avslutat. Du kan inte längre se invånarens uppgifter"


@pytest.fixture
def supporter_client(client, pathway_world):
    client.force_login(pathway_world["supporter"])
    return client


def page_of(response) -> str:
    return response.content.decode()


def log_rows(resident):
    return list(AccessLogEntry.objects.filter(resident=resident).order_by("pk").values_list("action", "subject"))


# The home page ---------------------------------------------------------------------------------


def test_the_home_shows_requests_with_message_and_shares_and_the_residents_supported_now(
    supporter_client, pathway_world
):
    world = pathway_world
    asking = MemberProfileFactory(display_name="Ali Frågar").user
    link_request(
        resident=asking,
        supporter=world["supporter"],
        association=world["association"],
        shares=[Share.PROFILE, Share.INTAKE],
        message="Jag vill börja jobba igen.",
    )
    milestone_record(
        resident=world["resident"],
        by=world["supporter"],
        link=world["link"],
        kind=Milestone.Kind.TRAINING,
        happened_on=date(2025, 5, 2),
    )
    page = page_of(supporter_client.get("/handledning/"))
    assert "Ali Frågar" in page
    assert "Jag vill börja jobba igen." in page
    assert "min profil, min kartläggning" in page
    assert "Tacka ja" in page and "Tacka nej" in page
    # The resident supported now, with association, since when and the latest step.
    assert "Sara Resident" in page
    assert "Lycksele utvecklingsgrupp, sedan" in page
    assert "Senaste steget: Kurs eller utbildning klar (2 maj 2025)." in page
    assert f'href="/handledning/{world["link"].pk}/"' in page


def test_the_latest_milestone_is_left_out_when_the_resident_does_not_share_milestones(supporter_client, pathway_world):
    world = pathway_world
    milestone_record(
        resident=world["resident"], by=world["resident"], kind=Milestone.Kind.EMPLOYMENT, happened_on=date(2025, 5, 2)
    )
    link_shares_update(link=world["link"], by=world["resident"], shares=[Share.PROFILE])
    page = page_of(supporter_client.get("/handledning/"))
    assert "Sara Resident" in page
    assert "Fick en anställning" not in page


def test_a_former_supporter_sees_only_the_name_and_dates_of_an_ended_link(client, pathway_world):
    world = pathway_world
    client.force_login(world["former_supporter"])
    page = page_of(client.get("/handledning/"))
    assert "Avslutade" in page
    assert "Sara Resident" in page
    assert f'href="/handledning/{world["former_link"].pk}/"' not in page
    assert "Hej!" not in page


def test_accepting_a_request_starts_the_support_and_opens_the_overview(supporter_client, pathway_world):
    world = pathway_world
    link = link_request(
        resident=world["other_resident"], supporter=world["supporter"], association=world["association"], shares=[]
    )
    response = supporter_client.post(f"/handledning/{link.pk}/ja/", follow=True)
    assert "Du är nu handledare för Olle Annan." in page_of(response)
    assert SupportLink.objects.get(pk=link.pk).status == SupportLink.Status.ACTIVE
    assert Notification.objects.filter(recipient=world["other_resident"], kind=Kind.SUPPORT_ACCEPTED).exists()


def test_declining_a_request_says_so_and_nothing_is_shared(supporter_client, pathway_world):
    world = pathway_world
    link = link_request(
        resident=world["other_resident"], supporter=world["supporter"], association=world["association"], shares=[]
    )
    response = supporter_client.post(f"/handledning/{link.pk}/nej/", follow=True)
    assert "Du har tackat nej till förfrågan från Olle Annan." in page_of(response)
    assert SupportLink.objects.get(pk=link.pk).status == SupportLink.Status.DECLINED


def test_an_invitation_says_the_same_whether_or_not_the_address_has_an_account(supporter_client, pathway_world):
    UserFactory(email="finns@exempel.se")
    answers = []
    for email in ("finns@exempel.se", "finns-inte@exempel.se"):
        response = supporter_client.post("/handledning/bjud-in/", {"email": email}, follow=True)
        answers.append(page_of(response).split('class="messages"')[1].split("</ul>")[0].replace(email, "ADDRESS"))
    assert answers[0] == answers[1]
    assert "Om det finns ett konto med adressen ADDRESS" in answers[0]
    assert SupportLink.objects.filter(resident__email="finns@exempel.se", status=SupportLink.Status.INVITED).exists()


def test_an_invitation_can_be_taken_back(supporter_client, pathway_world):
    world = pathway_world
    link = link_invite(
        supporter=world["supporter"], association=world["association"], email=world["other_resident"].email
    )
    page = page_of(supporter_client.get("/handledning/"))
    assert "Inbjudningar du har skickat" in page and "Olle Annan" in page
    response = supporter_client.post(f"/handledning/{link.pk}/avsluta/", follow=True)
    assert "Din inbjudan till Olle Annan är tillbakatagen." in page_of(response)
    assert SupportLink.objects.get(pk=link.pk).status == SupportLink.Status.ENDED


def test_a_bad_address_comes_back_with_what_was_typed(supporter_client):
    response = supporter_client.post("/handledning/bjud-in/", {"email": "inte-en-adress", "message": "Hej där"})
    assert response.status_code == 400
    page = page_of(response)
    assert 'value="inte-en-adress"' in page
    assert "Hej där" in page
    assert not SupportLink.objects.filter(status=SupportLink.Status.INVITED).exists()


def test_a_supporter_in_two_associations_chooses_which_one_invites(supporter_client, pathway_world):
    from tests.factories import AssociationFactory, MembershipFactory, municipality

    world = pathway_world
    other = AssociationFactory(name="Norsjö kooperativ", slug="norsjo-kooperativ", municipality=municipality("2417"))
    MembershipFactory(association=other, user=world["supporter"], role="coordinator", is_supporter=True)
    UserFactory(email="ny@exempel.se")
    page = page_of(supporter_client.get("/handledning/"))
    assert "Som handledare i" in page and "Norsjö kooperativ" in page
    supporter_client.post("/handledning/bjud-in/", {"email": "ny@exempel.se", "association": str(other.pk)})
    assert SupportLink.objects.get(resident__email="ny@exempel.se").association == other


def test_ending_the_support_says_so_and_closes_the_pages(supporter_client, pathway_world):
    link = pathway_world["link"]
    response = supporter_client.post(f"/handledning/{link.pk}/avsluta/", follow=True)
    assert "Stödet för Sara Resident är avslutat." in page_of(response)
    response = supporter_client.get(f"/handledning/{link.pk}/")
    assert response.status_code == 403
    assert ENDED in page_of(response)


def test_the_header_shows_handledning_to_supporters_only(client, pathway_world):
    client.force_login(pathway_world["supporter"])
    assert 'href="/handledning/"' in page_of(client.get("/"))
    client.force_login(pathway_world["resident"])
    assert 'href="/handledning/"' not in page_of(client.get("/"))


def test_the_home_runs_as_many_queries_for_many_links_as_for_one(client, pathway_world, django_assert_num_queries):
    world = pathway_world
    supporter = world["supporter"]
    client.force_login(supporter)
    client.get("/handledning/")  # the session learns who is staff and supporter
    with CaptureQueriesContext(connection) as one:
        client.get("/handledning/")
    for n in range(4):
        resident = MemberProfileFactory(display_name=f"Person {n}").user
        link = link_request(
            resident=resident, supporter=supporter, association=world["association"], shares=Share.values
        )
        if n % 2:
            link_accept(link=link, by=supporter)
            milestone_record(
                resident=resident, by=resident, kind=Milestone.Kind.STUDIES, happened_on=date(2025, 1, n + 1)
            )
        if n == 3:
            link_end(link=link, by=resident)
        link_invite(supporter=supporter, association=world["association"], email=UserFactory().email)
    # session, user, the supporter's memberships, every link (with resident, association and latest
    # step), and what every page's header reads (unread notifications)
    with django_assert_num_queries(len(one.captured_queries)):
        page = page_of(client.get("/handledning/"))
    assert "Person 0" in page and "Person 1" in page and "Person 3" in page


# The overview ----------------------------------------------------------------------------------------


def test_the_overview_shows_what_the_resident_shares_and_never_the_email_address(supporter_client, pathway_world):
    world = pathway_world
    resident = world["resident"]
    resident.profile.languages = "svenska, tigrinja"
    resident.profile.save()
    Intake.objects.create(resident=resident, goals="Körkort och jobb i vår", obstacles="Ingen buss på kvällen")
    claim = ClaimFactory(resident=resident, status=Claim.Status.CONFIRMED, hours_confirmed=3)
    note_create(link=world["link"], by=world["supporter"], text="Ringde om kursen.")
    page = page_of(supporter_client.get(f"/handledning/{world['link'].pk}/"))
    assert "svenska, tigrinja" in page
    assert "Körkort och jobb i vår" in page and "Ingen buss på kvällen" in page
    assert claim.assignment.title in page
    assert "1 uppdrag klart och bekräftat, 3 bekräftade timmar." in page
    assert "Ringde om kursen." in page
    assert "Förslag på nästa steg:" in page
    assert resident.email not in page


def test_the_overview_leaves_out_what_the_resident_no_longer_shares(supporter_client, pathway_world):
    world = pathway_world
    resident = world["resident"]
    resident.profile.languages = "svenska, tigrinja"
    resident.profile.save()
    Intake.objects.create(resident=resident, goals="Körkort och jobb i vår")
    link_shares_update(link=world["link"], by=resident, shares=[Share.CLAIMS])
    page = page_of(supporter_client.get(f"/handledning/{world['link'].pk}/"))
    assert "Sara Resident delar det här med dig:" in page
    assert "svenska, tigrinja" not in page
    assert "Körkort och jobb i vår" not in page
    assert "Förslag på nästa steg:" not in page
    assert "Uppdrag och timmar" in page
    # The parts not shared are not linked either, and refused when typed in.
    assert f"/handledning/{world['link'].pk}/kartlaggning/" not in page
    response = supporter_client.get(f"/handledning/{world['link'].pk}/kartlaggning/")
    assert response.status_code == 403
    assert "Invånaren delar inte den här delen med dig." in page_of(response)


def test_the_overview_says_whether_a_tip_was_taken(supporter_client, pathway_world):
    world = pathway_world
    taken = AssignmentFactory(title="Måla staketet")
    left = AssignmentFactory(title="Baka till loppisen")
    for assignment in (taken, left):
        recommend(link=world["link"], by=world["supporter"], assignment=assignment)
    ClaimFactory(assignment=taken, resident=world["resident"])
    page = page_of(supporter_client.get(f"/handledning/{world['link'].pk}/"))
    rows = page.split('id="tips-title"')[1].split("</ul>")[0].split("<li>")[1:]
    row_of = {title: next(row for row in rows if title in row) for title in ("Måla staketet", "Baka till loppisen")}
    assert "Anmälde sig" in row_of["Måla staketet"] and "Inte anmäld" not in row_of["Måla staketet"]
    assert "Inte anmäld" in row_of["Baka till loppisen"] and "Anmälde sig" not in row_of["Baka till loppisen"]


# Consent withdrawn mid-session ------------------------------------------------------------------------


def test_a_consent_withdrawn_mid_session_ends_access_on_the_next_request(supporter_client, pathway_world):
    world = pathway_world
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    assert supporter_client.get(url).status_code == 200
    link_end(link=world["link"], by=world["resident"])
    response = supporter_client.get(url)
    assert response.status_code == 403
    assert ENDED in page_of(response)
    # A form still open in another tab saves nothing.
    response = supporter_client.post(url, {"experience": "Sent"})
    assert response.status_code == 403
    assert not Intake.objects.filter(resident=world["resident"], experience="Sent").exists()


def test_a_supporter_whose_role_is_taken_away_loses_access_on_the_next_request(supporter_client, pathway_world):
    from associations.models import AssociationMembership
    from pathways.services import supporter_set

    world = pathway_world
    url = f"/handledning/{world['link'].pk}/anteckningar/"
    assert supporter_client.get(url).status_code == 200
    membership = AssociationMembership.objects.get(user=world["supporter"], association=world["association"])
    supporter_set(membership=membership, by=world["association_admin"], is_supporter=False)
    response = supporter_client.get(url)
    assert response.status_code == 403
    assert ENDED in page_of(response)


# Intake ------------------------------------------------------------------------------------------


def test_the_supporter_fills_in_the_intake_and_marks_it_done(supporter_client, pathway_world):
    world = pathway_world
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    response = supporter_client.post(
        url,
        {"experience": "Tio år i skogen", "goals": "Ett jobb", "hours_per_week": "20", "mark_done": "on"},
        follow=True,
    )
    assert "Kartläggningen för Sara Resident är sparad." in page_of(response)
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.hours_per_week, intake.updated_by) == ("Tio år i skogen", 20, world["supporter"])
    assert Milestone.objects.filter(resident=world["resident"], kind=Milestone.Kind.INTAKE).exists()


BAD_TEXT = [
    ("Jag kan\x1b snickra", "Texten innehåller osynliga styrtecken."),
    ("Jag kan\x00 snickra", "Null-tecken är inte tillåtna."),
    ("x" * 10_000, "som mest 2000 tecken"),
]


@pytest.mark.parametrize(("text", "what"), BAD_TEXT, ids=["control character", "NUL", "10 000 characters"])
def test_bad_text_in_the_intake_comes_back_with_a_message_and_nothing_saved_is_lost(
    supporter_client, pathway_world, text, what
):
    world = pathway_world
    Intake.objects.create(resident=world["resident"], experience="Sparat förut", goals="Ett jobb")
    response = supporter_client.post(
        f"/handledning/{world['link'].pk}/kartlaggning/", {"experience": text, "goals": "Nytt mål"}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Något i formuläret behöver rättas" in page
    assert what in page
    assert "Nytt mål" in page  # what was typed comes back
    if text.isprintable():
        assert text in page
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.goals) == ("Sparat förut", "Ett jobb")


def test_html_in_the_intake_is_kept_as_text_and_shown_harmless(supporter_client, pathway_world):
    world = pathway_world
    hostile = '<script>alert("x")</script><b>fet</b>'
    supporter_client.post(f"/handledning/{world['link'].pk}/kartlaggning/", {"obstacles": hostile})
    assert Intake.objects.get(resident=world["resident"]).obstacles == hostile
    page = page_of(supporter_client.get(f"/handledning/{world['link'].pk}/"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;fet&lt;/b&gt;" in page


def test_too_many_hours_is_refused_in_words(supporter_client, pathway_world):
    response = supporter_client.post(f"/handledning/{pathway_world['link'].pk}/kartlaggning/", {"hours_per_week": "99"})
    assert response.status_code == 400
    assert "60" in page_of(response)
    assert not Intake.objects.filter(resident=pathway_world["resident"], hours_per_week=99).exists()


# Milestones ----------------------------------------------------------------------------------------


def test_the_supporter_records_a_step_and_can_take_away_only_their_own(supporter_client, pathway_world):
    world = pathway_world
    url = f"/handledning/{world['link'].pk}/steg/"
    response = supporter_client.post(url, {"kind": "training", "happened_on": "2025-09-01", "note": "Truckkort"})
    assert response.status_code == 302
    mine = Milestone.objects.get(resident=world["resident"], kind=Milestone.Kind.TRAINING)
    theirs = milestone_record(
        resident=world["resident"], by=world["resident"], kind=Milestone.Kind.STUDIES, happened_on=date(2025, 9, 2)
    )
    page = page_of(supporter_client.get(url))
    assert "Truckkort" in page and "antecknat av Stina Handledare" in page
    assert f"/steg/{mine.pk}/ta-bort/" in page
    assert f"/steg/{theirs.pk}/ta-bort/" not in page
    assert supporter_client.post(f"{url}{theirs.pk}/ta-bort/").status_code == 403
    assert Milestone.objects.filter(pk=theirs.pk).exists()
    supporter_client.post(f"{url}{mine.pk}/ta-bort/")
    assert not Milestone.objects.filter(pk=mine.pk).exists()


def test_a_step_in_the_future_comes_back_with_a_message(supporter_client, pathway_world):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = supporter_client.post(
        f"/handledning/{pathway_world['link'].pk}/steg/", {"kind": "employment", "happened_on": tomorrow}
    )
    assert response.status_code == 400
    assert "Datumet har inte varit än." in page_of(response)
    assert not Milestone.objects.filter(kind=Milestone.Kind.EMPLOYMENT).exists()


def test_a_step_of_another_resident_is_not_found(supporter_client, pathway_world):
    other = milestone_record(
        resident=pathway_world["other_resident"],
        by=pathway_world["other_resident"],
        kind=Milestone.Kind.STUDIES,
        happened_on=date(2025, 1, 1),
    )
    response = supporter_client.post(f"/handledning/{pathway_world['link'].pk}/steg/{other.pk}/ta-bort/")
    assert response.status_code == 404
    assert Milestone.objects.filter(pk=other.pk).exists()


def test_an_automatic_step_cannot_be_taken_away(supporter_client, pathway_world):
    world = pathway_world
    claim = ClaimFactory(
        resident=world["resident"], status=Claim.Status.CONFIRMED, decided_at=timezone.now(), hours_confirmed=2
    )
    automatic = Milestone.objects.create(
        resident=world["resident"],
        kind=Milestone.Kind.FIRST_ASSIGNMENT,
        happened_on=timezone.localdate(),
        automatic=True,
        claim=claim,
    )
    response = supporter_client.post(f"/handledning/{world['link'].pk}/steg/{automatic.pk}/ta-bort/", follow=True)
    assert "kommer från bekräftade uppdrag och kan inte tas bort" in page_of(response)
    assert Milestone.objects.filter(pk=automatic.pk).exists()


# Notes ---------------------------------------------------------------------------------------------


def test_the_supporter_writes_edits_and_deletes_a_note(supporter_client, pathway_world):
    world = pathway_world
    url = f"/handledning/{world['link'].pk}/anteckningar/"
    response = supporter_client.post(url, {"text": "Första mötet gick bra."}, follow=True)
    assert "Anteckningen är sparad." in page_of(response)
    assert "Första mötet gick bra." in page_of(response)
    note = SupporterNote.objects.get(resident=world["resident"])
    supporter_client.post(f"{url}{note.pk}/", {"text": "Första mötet gick mycket bra."})
    assert SupporterNote.objects.get(pk=note.pk).text == "Första mötet gick mycket bra."
    supporter_client.post(f"{url}{note.pk}/ta-bort/")
    assert not SupporterNote.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv något i anteckningen."),
        ("   \n  ", "Skriv något i anteckningen."),
        ("Ring\x07 henne", "Texten innehåller osynliga styrtecken."),
        ("y" * 10_000, "som mest 4000 tecken"),
    ],
    ids=["empty", "only spaces", "control character", "10 000 characters"],
)
def test_a_bad_note_comes_back_with_a_message_and_the_earlier_notes_stay(
    supporter_client, pathway_world, text, message
):
    world = pathway_world
    earlier = note_create(link=world["link"], by=world["supporter"], text="Det som stod förut.")
    response = supporter_client.post(f"/handledning/{world['link'].pk}/anteckningar/", {"text": text})
    assert response.status_code == 400
    page = page_of(response)
    assert message in page
    if text.strip() and text.isprintable():
        assert text in page
    assert list(SupporterNote.objects.values_list("pk", "text")) == [(earlier.pk, "Det som stod förut.")]


def test_a_bad_edit_keeps_the_note_as_it_was(supporter_client, pathway_world):
    world = pathway_world
    note = note_create(link=world["link"], by=world["supporter"], text="Som det var.")
    response = supporter_client.post(f"/handledning/{world['link'].pk}/anteckningar/{note.pk}/", {"text": "z" * 10_000})
    assert response.status_code == 400
    assert "z" * 10_000 in page_of(response)
    assert SupporterNote.objects.get(pk=note.pk).text == "Som det var."


def test_html_in_a_note_is_shown_as_text(supporter_client, pathway_world):
    world = pathway_world
    note_create(link=world["link"], by=world["supporter"], text="<img src=x onerror=alert(1)>")
    page = page_of(supporter_client.get(f"/handledning/{world['link'].pk}/anteckningar/"))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_note_by_someone_else_can_be_read_but_not_changed(client, pathway_world):
    world = pathway_world
    colleague = make_supporter(world["association"], name="Kollega Handledare")
    link = link_request(resident=world["resident"], supporter=colleague, association=world["association"], shares=[])
    link_accept(link=link, by=colleague)
    theirs = note_create(link=link, by=colleague, text="Kollegans anteckning.")
    client.force_login(world["supporter"])
    url = f"/handledning/{world['link'].pk}/anteckningar/"
    page = page_of(client.get(url))
    assert "Kollegans anteckning." in page
    assert f"/anteckningar/{theirs.pk}/" not in page
    assert client.get(f"{url}{theirs.pk}/").status_code == 404
    assert client.post(f"{url}{theirs.pk}/", {"text": "Ändrad"}).status_code == 404
    assert client.post(f"{url}{theirs.pk}/ta-bort/").status_code == 404
    assert SupporterNote.objects.get(pk=theirs.pk).text == "Kollegans anteckning."


# Recommendations --------------------------------------------------------------------------------------


def test_the_tips_list_shows_the_residents_municipality_first_and_can_be_searched(supporter_client, pathway_world):
    world = pathway_world
    near = AssignmentFactory(title="Räfsa löv i Lycksele", locality=locality("Lycksele"))
    far = AssignmentFactory(
        title="Räfsa löv i Norsjö", locality=locality("Norsjö", "2417"), starts_at=near.starts_at - timedelta(days=1)
    )
    AssignmentFactory(title="Baka bullar", locality=locality("Lycksele"))
    refresh_search_vectors(Assignment.objects.all())  # what publishing does; PostgreSQL searches these
    url = f"/handledning/{world['link'].pk}/tips/"
    page = page_of(supporter_client.get(url))
    assert "där hen bor, visas först" in page
    assert page.index(near.title) < page.index(far.title)
    page = page_of(supporter_client.get(url, {"q": "löv"}))
    assert near.title in page and far.title in page and "Baka bullar" not in page


def test_a_tip_reaches_the_resident_and_the_list_says_it_was_given(supporter_client, pathway_world):
    world = pathway_world
    assignment = AssignmentFactory(title="Måla bygdegården")
    url = f"/handledning/{world['link'].pk}/tips/"
    response = supporter_client.post(
        f"{url}?q=m%C3%A5la", {"assignment": str(assignment.pk), "message": "Du gillar ju att måla!"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?q=m%C3%A5la"
    tip = Recommendation.objects.get(resident=world["resident"])
    assert (tip.assignment, tip.message, tip.supporter) == (assignment, "Du gillar ju att måla!", world["supporter"])
    assert Notification.objects.filter(recipient=world["resident"], kind=Kind.RECOMMENDATION).exists()
    page = page_of(supporter_client.get(url, follow=True))
    assert "Sara Resident har fått ditt tips om ”Måla bygdegården”." in page
    assert "Tipsat" in page


def test_a_tip_the_resident_cannot_take_is_refused_with_a_message(supporter_client, pathway_world):
    world = pathway_world
    assignment = AssignmentFactory()
    ClaimFactory(assignment=assignment, resident=world["resident"])
    response = supporter_client.post(
        f"/handledning/{world['link'].pk}/tips/", {"assignment": str(assignment.pk)}, follow=True
    )
    assert "Invånaren har redan anmält sig till det uppdraget." in page_of(response)
    assert not Recommendation.objects.exists()


def test_a_too_long_tip_comes_back_with_what_was_typed(supporter_client, pathway_world):
    world = pathway_world
    assignment = AssignmentFactory()
    response = supporter_client.post(
        f"/handledning/{world['link'].pk}/tips/", {"assignment": str(assignment.pk), "message": "m" * 600}
    )
    assert response.status_code == 400
    assert "m" * 600 in page_of(response)
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "", "-1", "٣"])
def test_a_forged_assignment_id_in_a_tip_is_not_found(supporter_client, pathway_world, value):
    response = supporter_client.post(f"/handledning/{pathway_world['link'].pk}/tips/", {"assignment": value})
    assert response.status_code == 404
    assert not Recommendation.objects.exists()


def test_a_foreign_link_id_is_not_found_on_every_page(supporter_client, pathway_world):
    foreign = link_request(
        resident=pathway_world["other_resident"],
        supporter=make_supporter(pathway_world["association"], name="Annan"),
        association=pathway_world["association"],
        shares=Share.values,
    )
    for path in ("", "kartlaggning/", "steg/", "anteckningar/", "tips/"):
        assert supporter_client.get(f"/handledning/{foreign.pk}/{path}").status_code == 404
        assert supporter_client.get(f"/handledning/99999/{path}").status_code == 404


def test_the_tips_list_runs_as_many_queries_for_many_assignments_as_for_one(
    client, pathway_world, django_assert_num_queries
):
    world = pathway_world
    client.force_login(world["supporter"])
    url = f"/handledning/{world['link'].pk}/tips/"
    AssignmentFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for assignment in AssignmentFactory.create_batch(14):
        if assignment.pk % 2:
            recommend(link=world["link"], by=world["supporter"], assignment=assignment)
    # session, user, the link, its access now, the log line, the municipality first, the count,
    # the page (with tips and sign-ups), and the header's unread count
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 10


# The access log -------------------------------------------------------------------------------------


READS = [
    ("", Subject.OVERVIEW),
    ("kartlaggning/", Subject.INTAKE),
    ("steg/", Subject.MILESTONES),
    ("anteckningar/", Subject.NOTES),
    ("tips/", Subject.RECOMMENDATIONS),
]


@pytest.mark.parametrize(("path", "subject"), READS, ids=[subject for _, subject in READS])
def test_every_page_adds_a_read_to_the_residents_access_log(supporter_client, pathway_world, path, subject):
    resident = pathway_world["resident"]
    before = log_rows(resident)
    supporter_client.get(f"/handledning/{pathway_world['link'].pk}/{path}")
    assert log_rows(resident) == [*before, (Action.READ, subject)]
    entry = AccessLogEntry.objects.filter(resident=resident).order_by("-pk").first()
    assert (entry.actor, entry.actor_name, entry.association_name) == (
        pathway_world["supporter"],
        "Stina Handledare",
        "Lycksele utvecklingsgrupp",
    )


WRITES = [
    ("kartlaggning/", {"experience": "Något"}, Subject.INTAKE),
    ("steg/", {"kind": "studies", "happened_on": "2025-01-01"}, Subject.MILESTONES),
    ("anteckningar/", {"text": "Hej"}, Subject.NOTES),
]


@pytest.mark.parametrize(("path", "data", "subject"), WRITES, ids=[subject for *_, subject in WRITES])
def test_every_change_adds_a_write_to_the_residents_access_log(supporter_client, pathway_world, path, data, subject):
    resident = pathway_world["resident"]
    before = log_rows(resident)
    supporter_client.post(f"/handledning/{pathway_world['link'].pk}/{path}", data)
    assert log_rows(resident) == [*before, (Action.WRITE, subject)]


def test_a_tip_and_a_note_edit_are_logged_as_writes(supporter_client, pathway_world):
    world = pathway_world
    resident = world["resident"]
    note = note_create(link=world["link"], by=world["supporter"], text="Först")
    before = log_rows(resident)
    supporter_client.get(f"/handledning/{world['link'].pk}/anteckningar/{note.pk}/")
    supporter_client.post(f"/handledning/{world['link'].pk}/anteckningar/{note.pk}/", {"text": "Sen"})
    supporter_client.post(f"/handledning/{world['link'].pk}/tips/", {"assignment": str(AssignmentFactory().pk)})
    assert log_rows(resident) == [
        *before,
        (Action.READ, Subject.NOTES),
        (Action.WRITE, Subject.NOTES),
        (Action.WRITE, Subject.RECOMMENDATIONS),
    ]


def test_a_refused_page_leaves_no_line_in_the_log(supporter_client, pathway_world):
    world = pathway_world
    link_end(link=world["link"], by=world["resident"])
    before = log_rows(world["resident"])
    supporter_client.get(f"/handledning/{world['link'].pk}/")
    supporter_client.post(f"/handledning/{world['link'].pk}/anteckningar/", {"text": "Sent"})
    assert log_rows(world["resident"]) == before
