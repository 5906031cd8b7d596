"""The supporter's pages as a supporter uses them: what each shows, what each changes, what it
refuses, and the access log line each read and write leaves for the resident."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from assignments.models import Assignment, Category, Claim
from assignments.services import refresh_search_vectors
from associations.models import AssociationMembership
from notifications.models import Kind, Notification
from pathways.models import (
    AccessLogEntry,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportLink,
    SupportOffer,
)
from pathways.services import (
    intake_save,
    link_accept,
    link_decline,
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
HOME_QUERIES = 6
# Every page about one resident starts with the same seven: session, user, the link (with resident
# and association), its access now (status, shares, the supporter's role), the supporter's name
# for the log line (user, profile) and the log line. Every page ends with the header's two:
# unread notifications and one's own name.
ACCESS = 7
CHROME = 2
TIPS_QUERIES = ACCESS + 3 + CHROME
OVERVIEW_QUERIES = ACCESS + 12 + CHROME
NOTES_QUERIES = ACCESS + 1 + CHROME
STEPS_QUERIES = ACCESS + 1 + CHROME


@pytest.fixture
def supporter_client(client, pathway_world):
    client.force_login(pathway_world["supporter"])
    return client


def page_of(response) -> str:
    return response.content.decode()


def opened(client, url) -> dict:
    """What a form opened now carries: the hidden version of the saved intake, read off the page."""
    match = re.search(r'name="seen_version" value="([^"]*)"', page_of(client.get(url)))
    return {"seen_version": match.group(1) if match else ""}


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
    page = page_of(supporter_client.get("/handledning/"))
    assert "Ali Frågar" in page
    assert "Jag vill börja jobba igen." in page
    assert "profilen, kartläggningen" in page
    assert "Tacka ja" in page and "Tacka nej" in page
    # The resident supported now, with association and since when, linked to the overview.
    assert "Sara Resident" in page
    assert "Lycksele utvecklingsgrupp, sedan" in page
    assert f'href="/handledning/{world["link"].pk}/"' in page


def test_the_home_shows_no_step_of_a_resident_and_leaves_no_line_in_the_access_log(supporter_client, pathway_world):
    # The steps are read on the overview and the steps page, which the resident's log records;
    # the home would be a read the log does not show.
    world = pathway_world
    milestone_record(
        resident=world["resident"],
        by=world["supporter"],
        link=world["link"],
        kind=Milestone.Kind.TRAINING,
        happened_on=date(2025, 5, 2),
    )
    before = log_rows(world["resident"])
    page = page_of(supporter_client.get("/handledning/"))
    assert "Sara Resident" in page
    assert "Senaste steget" not in page
    assert "Kurs eller utbildning klar" not in page and "2 maj 2025" not in page
    assert log_rows(world["resident"]) == before


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


def test_waiting_invitations_are_not_listed_so_the_page_tells_nothing_about_accounts(supporter_client, pathway_world):
    world = pathway_world
    email = world["other_resident"].email
    before = page_of(supporter_client.get("/handledning/"))
    link = link_invite(supporter=world["supporter"], association=world["association"], email=email)
    assert link is not None
    page = page_of(supporter_client.get("/handledning/"))
    assert email not in page and "Olle Annan" not in page
    assert page.count("<li") == before.count("<li")
    assert "Inbjudningar som väntar på svar visas inte här." in page


def test_an_invitation_shows_the_typed_address_until_the_resident_says_yes(client, pathway_world):
    world = pathway_world
    client.force_login(world["supporter"])
    invited = MemberProfileFactory(display_name="Inbjuden Person", user__email="Inbjuden@Exempel.se").user
    waiting = link_invite(supporter=world["supporter"], association=world["association"], email="inbjuden@exempel.se")
    declining = MemberProfileFactory(display_name="Tackar Nej").user
    declined = link_invite(supporter=world["supporter"], association=world["association"], email=declining.email)
    link_decline(link=declined, by=declining)

    page = page_of(client.get("/handledning/"))
    assert "inbjuden@exempel.se" not in page
    ended = page.split('id="ended-title"')[1]
    assert declining.email in ended and "tackade nej" in ended
    assert "Inbjuden Person" not in page and "Tackar Nej" not in page

    link_accept(link=waiting, by=invited, shares=[Share.PROFILE])
    page = page_of(client.get("/handledning/"))
    supported = page.split('id="active-title"')[1].split("</ul>")[0]
    assert "Inbjuden Person" in supported
    assert f'href="/handledning/{waiting.pk}/"' in supported
    assert "Tackar Nej" not in page


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


def add_links(world, count: int) -> None:
    """`count` more residents around the supporter, in every state a link can be in."""
    supporter = world["supporter"]
    for n in range(count):
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


@pytest.mark.parametrize("more", [0, 4], ids=["one link", "nine links"])
def test_the_home_runs_a_fixed_number_of_queries(client, pathway_world, django_assert_num_queries, more):
    world = pathway_world
    client.force_login(world["supporter"])
    add_links(world, more)
    client.get("/handledning/")  # the session learns who is staff and supporter
    # session, user, the supporter's memberships (with association), every link (with resident
    # and association), and what every page's header reads: unread notifications, one's own name
    with django_assert_num_queries(HOME_QUERIES):
        page = page_of(client.get("/handledning/"))
    assert "Sara Resident" in page
    if more:
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


def fill_pathway(world, count: int) -> None:
    """`count` of everything the overview, the notes and the steps pages list about the resident:
    notes, sign-ups, tips and steps (one intake, with skills and kinds of work)."""
    resident, supporter, link = world["resident"], world["supporter"], world["link"]
    intake_save(
        resident=resident,
        by=resident,
        experience="Kök",
        wanted_categories=list(Category.objects.all()[:2]),
        own_skills=["Bakning", "Snickeri"],
    )
    for n in range(count):
        note_create(link=link, by=supporter, text=f"Anteckning {n}")
        ClaimFactory(resident=resident, status=Claim.Status.CONFIRMED, hours_confirmed=2)
        recommend(link=link, by=supporter, assignment=AssignmentFactory())
        milestone_record(
            resident=resident, by=supporter, link=link, kind=Milestone.Kind.TRAINING, happened_on=date(2025, 1, n + 1)
        )


@pytest.mark.parametrize("count", [1, 8], ids=["one of each", "eight of each"])
def test_the_overview_runs_a_fixed_number_of_queries_and_reads_three_notes(
    client, pathway_world, django_assert_num_queries, count
):
    world = pathway_world
    client.force_login(world["supporter"])
    fill_pathway(world, count)
    url = f"/handledning/{world['link'].pk}/"
    client.get(url)
    # ACCESS; the newest three notes (LIMIT 3); the tips (with assignments) and the resident's
    # sign-ups among them; the profile, its skills and own words; the sign-ups; the intake, its
    # skills, own words and kinds of work; the steps; CHROME
    with django_assert_num_queries(OVERVIEW_QUERIES) as captured:
        page = page_of(client.get(url))
    notes_query = next(q["sql"] for q in captured.captured_queries if "pathways_supporternote" in q["sql"])
    assert "LIMIT 3" in notes_query
    shown = [n for n in range(count) if f"<p>Anteckning {n}</p>" in page]
    assert shown == list(range(max(count - 3, 0), count))  # the newest three


@pytest.mark.parametrize("count", [1, 8], ids=["one note", "eight notes"])
def test_the_notes_page_runs_a_fixed_number_of_queries(client, pathway_world, django_assert_num_queries, count):
    world = pathway_world
    client.force_login(world["supporter"])
    fill_pathway(world, count)
    url = f"/handledning/{world['link'].pk}/anteckningar/"
    client.get(url)
    # ACCESS; every note (with author and association); CHROME
    with django_assert_num_queries(NOTES_QUERIES):
        page = page_of(client.get(url))
    assert all(f"Anteckning {n}" in page for n in range(count))


@pytest.mark.parametrize("count", [1, 8], ids=["one step", "eight steps"])
def test_the_steps_page_runs_a_fixed_number_of_queries(client, pathway_world, django_assert_num_queries, count):
    world = pathway_world
    client.force_login(world["supporter"])
    fill_pathway(world, count)
    url = f"/handledning/{world['link'].pk}/steg/"
    client.get(url)
    # ACCESS; the steps (with who recorded them); CHROME
    with django_assert_num_queries(STEPS_QUERIES):
        page = page_of(client.get(url))
    assert page.count("Kurs eller utbildning klar") >= count


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


@pytest.mark.parametrize("path", ["", "kartlaggning/", "steg/", "anteckningar/", "tips/"])
def test_no_page_about_a_resident_is_kept_by_the_browser(supporter_client, pathway_world, path):
    # The Back button after the consent ended must not show the intake from the browser's cache.
    response = supporter_client.get(f"/handledning/{pathway_world['link'].pk}/{path}")
    assert "Sara Resident" in page_of(response)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control


def test_a_note_being_edited_is_not_kept_by_the_browser_either(supporter_client, pathway_world):
    world = pathway_world
    note = note_create(link=world["link"], by=world["supporter"], text="Ringde i går.")
    response = supporter_client.get(f"/handledning/{world['link'].pk}/anteckningar/{note.pk}/")
    assert "Ringde i går." in page_of(response)
    assert "no-store" in response["Cache-Control"]


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
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    response = supporter_client.post(url, {"experience": text, "goals": "Nytt mål", **opened(supporter_client, url)})
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


def saved_by_resident(world, **fields):
    return intake_save(
        resident=world["resident"],
        by=world["resident"],
        **{"experience": "Jag har jobbat i kök.", "goals": "Ett arbete i bygden.", **fields},
    )


def assert_saved_by_resident(world):
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.goals) == ("Jag har jobbat i kök.", "Ett arbete i bygden.")


EMPTY_INTAKE = {"skills": [], "experience": "", "goals": "", "hours_per_week": "", "travel": "", "times": ""}


def test_an_empty_intake_form_from_the_supporter_wipes_nothing_until_the_clear_box_is_ticked(
    supporter_client, pathway_world
):
    world = pathway_world
    saved_by_resident(world, wanted_categories=list(Category.objects.all()[:1]))
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    version = opened(supporter_client, url)
    response = supporter_client.post(url, {**EMPTY_INTAKE, "obstacles": "", **version})
    assert response.status_code == 400
    page = page_of(response)
    assert "Alla svar i formuläret är tomma, så inget är ändrat." in page
    assert "Ja, töm hela kartläggningen" in page
    assert_saved_by_resident(world)
    assert Intake.objects.get(resident=world["resident"]).wanted_categories.count() == 1

    response = supporter_client.post(url, {**EMPTY_INTAKE, "obstacles": "", "clear_all": "on", **version})
    assert response.status_code == 302
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.goals, intake.wanted_categories.count()) == ("", "", 0)


def test_a_cut_short_intake_form_keeps_the_answers_it_lacks(supporter_client, pathway_world):
    world = pathway_world
    saved_by_resident(world, hours_per_week=20, own_skills=["Bakning"])
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    response = supporter_client.post(url, {"goals": "Ett arbete med händerna.", **opened(supporter_client, url)})
    assert response.status_code == 302
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.goals, intake.hours_per_week) == (
        "Jag har jobbat i kök.",
        "Ett arbete med händerna.",
        20,
    )
    assert list(intake.own_skills.values_list("name", flat=True)) == ["Bakning"]


def test_an_intake_changed_while_the_supporter_typed_is_not_overwritten(supporter_client, pathway_world):
    world = pathway_world
    saved_by_resident(world)
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    version = opened(supporter_client, url)
    # The resident corrects the intake at home while the supporter's form is open.
    saved_by_resident(world, obstacles="Ont i ryggen sedan i våras.")
    before = log_rows(world["resident"])
    typed = {"experience": "Kök och servering.", "goals": "Jobb på förskola.", "obstacles": ""}
    response = supporter_client.post(url, {**typed, **version})
    assert response.status_code == 400
    page = page_of(response)
    assert "Kartläggningen har ändrats av någon annan medan du skrev. Här är det du skrev;" in page
    assert "Kök och servering." in page and "Jobb på förskola." in page  # what was typed
    saved_box = page.split('id="saved-version-title"')[1].split("</section>")[0]
    assert "Ont i ryggen sedan i våras." in saved_box and "Senast ändrad av Sara Resident" in saved_box
    intake = Intake.objects.get(resident=world["resident"])
    assert (intake.experience, intake.obstacles) == ("Jag har jobbat i kök.", "Ont i ryggen sedan i våras.")
    # The page showed the saved intake: a read in the resident's log, and nothing written.
    assert log_rows(world["resident"]) == [*before, (Action.READ, Subject.INTAKE)]

    # Saving again from the page that came back keeps what the supporter typed.
    again = re.search(r'name="seen_version" value="([^"]*)"', page).group(1)
    assert again == intake.updated_at.isoformat()
    response = supporter_client.post(url, {**typed, "seen_version": again})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.experience, intake.goals, intake.obstacles) == ("Kök och servering.", "Jobb på förskola.", "")


@pytest.mark.parametrize("version", [None, "", "inte ett datum", "2025-01-01T10:00:00", "2025\x00"])
def test_a_missing_or_garbled_version_counts_as_changed_when_the_intake_has_answers(
    supporter_client, pathway_world, version
):
    world = pathway_world
    saved_by_resident(world)
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    data = {"experience": "Skrivet i ett gammalt formulär."}
    if version is not None:
        data["seen_version"] = version
    response = supporter_client.post(url, data)
    assert response.status_code == 400
    assert "Kartläggningen har ändrats av någon annan medan du skrev." in page_of(response)
    assert_saved_by_resident(world)


def test_a_missing_version_over_an_intake_without_answers_saves(supporter_client, pathway_world):
    world = pathway_world
    Intake.objects.create(resident=world["resident"])
    response = supporter_client.post(
        f"/handledning/{world['link'].pk}/kartlaggning/", {"experience": "Skrivet i ett gammalt formulär."}
    )
    assert response.status_code == 302
    assert Intake.objects.get(resident=world["resident"]).experience == "Skrivet i ett gammalt formulär."


def scripts_of(page: str) -> set[str]:
    return set(re.findall(r'<script src="([^"]+)"', page))


def test_the_supporter_intake_page_loads_the_same_scripts_as_the_residents(client, pathway_world):
    world = pathway_world
    client.force_login(world["resident"])
    residents = scripts_of(page_of(client.get("/mina-sidor/min-vag/kartlaggning/")))
    client.force_login(world["supporter"])
    supporters = scripts_of(page_of(client.get(f"/handledning/{world['link'].pk}/kartlaggning/")))
    assert any("suggest" in src for src in supporters) and any("skills" in src for src in supporters)
    assert supporters == residents


TOO_BIG = "9" * 30


@pytest.mark.parametrize("bad", [TOO_BIG, "٣"], ids=["30 digits", "arabic-indic digit"])
def test_a_kind_of_work_no_row_can_have_is_an_invalid_choice_and_nothing_is_saved(supporter_client, pathway_world, bad):
    world = pathway_world
    saved_by_resident(world)
    url = f"/handledning/{world['link'].pk}/kartlaggning/"
    response = supporter_client.post(
        url, {"experience": "Nytt", "wanted_categories": [bad], **opened(supporter_client, url)}
    )
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in page_of(response)
    assert_saved_by_resident(world)
    assert not Intake.objects.get(resident=world["resident"]).wanted_categories.exists()


@pytest.mark.parametrize("bad", [TOO_BIG, "٣"], ids=["30 digits", "arabic-indic digit"])
def test_a_village_no_row_can_have_in_the_support_offer_is_an_invalid_choice(client, pathway_world, bad):
    world = pathway_world
    client.force_login(world["association_admin"])
    offer = SupportOffer.objects.get(association=world["association"])
    villages = sorted(offer.localities.values_list("pk", flat=True))
    response = client.post(
        "/foreningar/lycksele-utvecklingsgrupp/hantera/stod/",
        {"form": "offer", "kinds": ["mapping"], "localities": [bad], "description": "Ny text om stödet."},
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "Välj ett giltigt alternativ" in page
    assert "Ny text om stödet." in page  # what was typed comes back
    offer.refresh_from_db()
    assert offer.description == "Vi träffas i bygdegården på tisdagar."
    assert sorted(offer.localities.values_list("pk", flat=True)) == villages


@pytest.mark.parametrize("bad", [TOO_BIG, "٣"], ids=["30 digits", "arabic-indic digit"])
def test_a_supporter_no_row_can_have_is_an_invalid_choice(client, pathway_world, bad):
    world = pathway_world
    client.force_login(world["association_admin"])
    before = sorted(
        AssociationMembership.objects.filter(association=world["association"]).values_list("pk", "is_supporter")
    )
    response = client.post(
        "/foreningar/lycksele-utvecklingsgrupp/hantera/stod/", {"form": "supporters", "supporters": [bad]}
    )
    assert response.status_code == 400
    assert "Bara administratörer och samordnare kan vara handledare." in page_of(response)
    after = sorted(
        AssociationMembership.objects.filter(association=world["association"]).values_list("pk", "is_supporter")
    )
    assert after == before


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


@pytest.mark.parametrize("count", [1, 15], ids=["one assignment", "fifteen assignments"])
def test_the_tips_list_runs_a_fixed_number_of_queries(client, pathway_world, django_assert_num_queries, count):
    world = pathway_world
    client.force_login(world["supporter"])
    url = f"/handledning/{world['link'].pk}/tips/"
    for assignment in AssignmentFactory.create_batch(count):
        if assignment.pk % 2:
            recommend(link=world["link"], by=world["supporter"], assignment=assignment)
    client.get(url)
    # ACCESS; the municipality shown first, the count, the page (with tips and sign-ups); CHROME
    with django_assert_num_queries(TIPS_QUERIES):
        response = client.get(url)
    assert len(response.context["page"].object_list) == min(count, 10)


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


def test_the_overview_says_what_is_shared_in_the_supporters_words(client, pathway_world):
    client.force_login(pathway_world["supporter"])
    page = client.get(f"/handledning/{pathway_world['link'].pk}/").content.decode()
    assert "profilen, uppdrag och timmar, kartläggningen, steg på vägen." in page
    assert "min profil" not in page
