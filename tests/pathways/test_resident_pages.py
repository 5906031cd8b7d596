"""What the resident sees and does on their own pathway pages: the timeline and next step, asking
for support, answering an invitation, changing and withdrawing consent, the intake, steps,
notes and the access log."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from assignments.models import Claim
from assignments.services import claim_confirm
from associations.models import AssociationMembership
from pathways import services
from pathways.access import ensure_access
from pathways.models import AccessLogEntry, ConsentEvent, Intake, Milestone, Share, SupportKind, SupportLink
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    municipality,
)
from tests.pathway_world import make_supporter

PATH = "/mina-sidor/min-vag/"


@pytest.fixture
def w(pathway_world):
    return pathway_world


@pytest.fixture
def resident_client(client, w):
    client.force_login(w["resident"])
    return client


def invite(w, supporter=None):
    """An invitation from `supporter`, or from a supporter who has not supported the resident before
    (one whose support ended lately may not invite again: the resident can ask instead)."""
    return services.link_invite(
        supporter=supporter or make_supporter(w["association"], name="Nora Handledare"),
        association=w["association"],
        email=w["resident"].email,
    )


def confirmed_claim(w, *, title="Måla staketet vid bygdegården"):
    """A claim of the resident's on work that has begun, confirmed by the association."""
    began = timezone.now() - timedelta(hours=2)
    assignment = AssignmentFactory(
        association=w["association"], title=title, starts_at=began, ends_at=began + timedelta(hours=3), places_taken=1
    )
    claim = ClaimFactory(assignment=assignment, resident=w["resident"], status=Claim.Status.ACCEPTED, decided_at=began)
    return claim_confirm(claim=claim, by=w["association_admin"], hours=Decimal("3"))


# The path -----------------------------------------------------------------------------------


def test_the_path_shows_supporters_what_they_share_and_the_next_step(resident_client, w):
    page = resident_client.get(PATH).content.decode()
    assert "Min väg till arbete" in page
    assert "Stina Handledare" in page and "Lycksele utvecklingsgrupp" in page
    assert "Du delar: min profil, mina uppdrag och timmar, min kartläggning, mina steg på vägen." in page
    # With a supporter and no intake yet, the next step is the intake.
    assert "Gör klart kartläggningen" in page and reverse("pathways:my_intake") in page
    assert reverse("pathways:compensation") in page and reverse("pathways:access_log") in page


def test_without_a_supporter_the_next_step_is_to_find_one(client, w):
    client.force_login(w["other_resident"])
    page = client.get(PATH).content.decode()
    assert "Ta hjälp av en handledare" in page and reverse("pathways:find") in page
    assert "Du har ingen handledare just nu." in page
    assert "Inga steg än." in page


def test_with_a_request_on_its_way_the_next_step_is_the_intake_not_another_supporter(client, w):
    services.link_request(
        resident=w["other_resident"], supporter=w["supporter"], association=w["association"], shares=["profile"]
    )
    client.force_login(w["other_resident"])
    page = client.get(PATH).content.decode()
    assert "Gör klart kartläggningen" in page and "Ta hjälp av en handledare" not in page


def test_the_timeline_shows_an_automatic_step_after_a_confirmed_claim(resident_client, w):
    assert "Första uppdraget klart" not in resident_client.get(PATH).content.decode()
    claim = confirmed_claim(w)
    page = resident_client.get(PATH).content.decode()
    assert "Första uppdraget klart" in page
    assert "Antecknat av: Uppdragsbanken" in page
    assert "Måla staketet vid bygdegården" in page and reverse("assignments:detail", args=[claim.assignment_id]) in page
    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">' in page


def test_the_timeline_says_who_recorded_each_step(resident_client, w):
    day = timezone.localdate() - timedelta(days=3)
    services.milestone_record(resident=w["resident"], by=w["resident"], kind="training", happened_on=day)
    services.milestone_record(
        resident=w["resident"], by=w["supporter"], kind="studies", happened_on=day, link=w["link"]
    )
    page = resident_client.get(PATH).content.decode()
    assert "Antecknat av: Du" in page
    assert "Antecknat av: Stina Handledare" in page


def test_waiting_requests_and_invitations_are_on_the_path_with_what_to_do(resident_client, w):
    other_supporter = make_supporter(w["association"], name="Nils Ny")
    invitation = invite(w, other_supporter)
    request = services.link_request(
        resident=w["resident"], supporter=w["former_supporter"], association=w["association"], shares=["profile"]
    )
    page = resident_client.get(PATH).content.decode()
    assert "Nils Ny i Lycksele utvecklingsgrupp vill vara din handledare" in page
    assert reverse("pathways:my_link_accept", args=[invitation.pk]) in page
    assert reverse("pathways:my_link_decline", args=[invitation.pk]) in page
    assert "Förra Handledaren</span>" in page and "Lycksele utvecklingsgrupp. Du frågade" in page
    assert reverse("pathways:my_link_end", args=[request.pk]) in page


def test_recommendations_show_a_sign_up_link_and_whether_the_resident_took_it(resident_client, w):
    open_one = AssignmentFactory(association=w["association"], title="Baka till höstmarknaden")
    taken = AssignmentFactory(association=w["association"], title="Skotta vid skolan")
    services.recommend(link=w["link"], by=w["supporter"], assignment=open_one, message="Du gillar ju att baka!")
    services.recommend(link=w["link"], by=w["supporter"], assignment=taken)
    ClaimFactory(assignment=taken, resident=w["resident"])
    page = resident_client.get(PATH).content.decode()
    assert "Baka till höstmarknaden" in page and "Du gillar ju att baka!" in page
    assert "Anmäl dig" in page and reverse("assignments:detail", args=[open_one.pk]) in page
    assert "Du har anmält dig. Läge: väntar på svar." in page


def test_the_path_has_a_fixed_number_of_queries(resident_client, w, django_assert_num_queries):
    def fill(n, tag):
        for i in range(n):
            services.milestone_record(
                resident=w["resident"], by=w["resident"], kind="training", happened_on=timezone.localdate(), note=str(i)
            )
            supporter = make_supporter(w["association"], name=f"Handledare {tag}{i}")
            link = services.link_request(
                resident=w["resident"], supporter=supporter, association=w["association"], shares=Share.values
            )
            services.link_accept(link=link, by=supporter)
            services.recommend(link=link, by=supporter, assignment=AssignmentFactory(association=w["association"]))

    fill(1, "a")
    confirmed_claim(w)
    resident_client.get(PATH)  # what the page chrome caches per session
    # session, user, timeline (+ recorder, claim, assignment), current links, other live links,
    # past links, recommendations, their claims, the intake; the chrome: unread count, profile
    with django_assert_num_queries(11):
        resident_client.get(PATH)
    fill(4, "b")
    with django_assert_num_queries(11):
        page = resident_client.get(PATH).content.decode()
    assert page.count("Antecknat av: Du") == 5


# Finding a supporter and asking -------------------------------------------------------------


def offering(name, slug, code, supporter_name):
    association = AssociationFactory(name=name, slug=slug, municipality=municipality(code))
    admin = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    services.support_offer_update(
        association=association, by=admin, kinds=[SupportKind.JOB_SEARCH], localities=[], description=""
    )
    make_supporter(association, name=supporter_name)
    return association


def test_find_lists_the_residents_own_municipality_first(resident_client, w):
    offering("Bastuträsk byagrupp", "bastutrask-byagrupp", "2417", "Berit i Bastuträsk")
    page = resident_client.get(PATH + "handledare/").content.decode()
    assert "I Lycksele, där du bor" in page and "I andra kommuner" in page
    assert page.index("Lycksele utvecklingsgrupp") < page.index("I andra kommuner") < page.index("Bastuträsk byagrupp")
    assert "Kartläggning och handledning, Stöd att starta eget" in page
    assert "Vi träffas i bygdegården på tisdagar." in page
    # Already supported by Stina: no second request button for her.
    assert "Ni har redan kontakt" in page
    assert reverse("pathways:request", args=["bastutrask-byagrupp", page_supporter_pk("Berit i Bastuträsk")]) in page


def page_supporter_pk(name):
    from members.models import User

    return User.objects.get(profile__display_name=name).pk


def test_find_has_a_fixed_number_of_queries(resident_client, w, django_assert_num_queries):
    resident_client.get(PATH + "handledare/")
    # session, user, associations (+ municipality, offer), the offers' villages, supporters
    # (+ profiles), the resident's live links, the home municipality; unread count, profile
    with django_assert_num_queries(9):
        resident_client.get(PATH + "handledare/")
    for i in range(4):
        association = offering(f"Förening {i}", f"forening-{i}", "0188", f"Person {i}")
        make_supporter(association, name=f"Extra {i}")
    with django_assert_num_queries(9):
        page = resident_client.get(PATH + "handledare/").content.decode()
    assert "Förening 3" in page and "Extra 3" in page


def test_asking_a_supporter_sends_a_request_with_the_chosen_shares_and_message(client, w):
    resident = w["other_resident"]
    client.force_login(resident)
    path = f"{PATH}handledare/lycksele-utvecklingsgrupp/{w['supporter'].pk}/"
    response = client.post(path, {"shares": ["profile", "intake"], "message": "Jag vill börja jobba."})
    link = SupportLink.objects.get(resident=resident)
    assert response["Location"] == reverse("pathways:my_link", args=[link.pk])
    assert link.status == SupportLink.Status.REQUESTED and link.message == "Jag vill börja jobba."
    assert (link.shares_profile, link.shares_claims, link.shares_intake, link.shares_milestones) == (
        True,
        False,
        True,
        False,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Din förfrågan är skickad till Stina Handledare." in page
    assert "Samtycke givet" in page and "min profil, min kartläggning" in page


def test_a_too_long_request_message_comes_back_as_typed(client, w):
    client.force_login(w["other_resident"])
    text = "Hej " * 130
    response = client.post(
        f"{PATH}handledare/lycksele-utvecklingsgrupp/{w['supporter'].pk}/", {"shares": ["profile"], "message": text}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "som mest 500 tecken" in page
    assert text.strip() in page
    assert not SupportLink.objects.filter(resident=w["other_resident"]).exists()


@pytest.mark.parametrize(
    "who",
    ["coordinator who is not a supporter", "supporter of another association", "ordinary member", "nobody"],
)
def test_asking_someone_who_is_not_a_supporter_of_that_association_is_not_found(resident_client, w, who):
    if who == "coordinator who is not a supporter":
        pk = w["same_association_coordinator"].pk
    elif who == "supporter of another association":
        pk = make_supporter(AssociationFactory(slug="annan"), name="Annan").pk
    elif who == "ordinary member":
        pk = MembershipFactory(association=w["association"], role=AssociationMembership.Role.MEMBER).user.pk
    else:
        pk = 999999
    response = resident_client.get(f"{PATH}handledare/lycksele-utvecklingsgrupp/{pk}/")
    assert response.status_code == 404
    response = resident_client.post(f"{PATH}handledare/lycksele-utvecklingsgrupp/{pk}/", {"shares": ["profile"]})
    assert response.status_code == 404
    assert SupportLink.objects.filter(resident=w["resident"]).count() == 2


def test_a_supporter_of_one_association_asked_under_another_slug_is_not_found(resident_client, w):
    AssociationFactory(slug="annan-forening")
    assert resident_client.get(f"{PATH}handledare/annan-forening/{w['supporter'].pk}/").status_code == 404
    assert resident_client.get(f"{PATH}handledare/finns-inte/{w['supporter'].pk}/").status_code == 404


# One link: accept, change, end -------------------------------------------------------------


def test_accepting_an_invitation_records_consent_and_what_is_shared(resident_client, w):
    link = invite(w)
    response = resident_client.post(
        f"{PATH}stod/{link.pk}/svara/", {f"link-{link.pk}-shares": ["intake", "milestones"]}
    )
    link.refresh_from_db()
    assert link.status == SupportLink.Status.ACTIVE and link.consent_given_at is not None
    assert (link.shares_profile, link.shares_claims, link.shares_intake, link.shares_milestones) == (
        False,
        False,
        True,
        True,
    )
    event = ConsentEvent.objects.get(link=link)
    assert event.event == ConsentEvent.Event.GIVEN and event.shared == ["intake", "milestones"]
    page = resident_client.get(response["Location"]).content.decode()
    assert "Nu är Nora Handledare din handledare." in page
    assert "Samtycke givet" in page and "min kartläggning, mina steg på vägen" in page
    # The supporter has access to what was shared, and not to the rest.
    ensure_access(link, Share.INTAKE)
    with pytest.raises(PermissionDenied):
        ensure_access(link, Share.PROFILE)


def test_declining_an_invitation_shares_nothing(resident_client, w):
    link = invite(w)
    resident_client.post(f"{PATH}stod/{link.pk}/nej/")
    link.refresh_from_db()
    assert link.status == SupportLink.Status.DECLINED and link.consent_given_at is None
    with pytest.raises(PermissionDenied):
        ensure_access(link)


def test_changing_what_is_shared_adds_a_consent_event_and_takes_effect_at_once(resident_client, w):
    link = w["link"]
    response = resident_client.post(f"{PATH}stod/{link.pk}/", {f"link-{link.pk}-shares": ["profile"]})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.shares_profile, link.shares_intake) == (True, False)
    events = list(ConsentEvent.objects.filter(link=link).values_list("event", "shared"))
    assert events[-1] == ("changed", ["profile"])
    page = resident_client.get(f"{PATH}stod/{link.pk}/").content.decode()
    assert "Ändrat vad som delas" in page and "Klart! Ändringen gäller från och med nu." in page
    with pytest.raises(PermissionDenied, match="delar inte"):
        ensure_access(link, Share.INTAKE)


def test_a_forged_share_value_changes_nothing(resident_client, w):
    link = w["link"]
    response = resident_client.post(f"{PATH}stod/{link.pk}/", {f"link-{link.pk}-shares": ["notes", "profile"]})
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.shares_intake is True
    assert ConsentEvent.objects.filter(link=link, event="changed").count() == 0


def test_ending_asks_first_and_says_access_ends_at_once(resident_client, w):
    page = resident_client.get(f"{PATH}stod/{w['link'].pk}/avsluta/").content.decode()
    assert "Vill du avsluta stödet från Stina Handledare?" in page
    assert "Från och med nu kan Stina Handledare inte längre se något av dina uppgifter" in page
    w["link"].refresh_from_db()
    assert w["link"].status == SupportLink.Status.ACTIVE


def test_ending_the_link_shows_the_end_and_the_supporter_loses_access_on_the_next_request(client, w):
    link = w["link"]
    client.force_login(w["supporter"])
    assert client.get(f"/handledning/{link.pk}/kartlaggning/").status_code == 200
    resident = type(client)()
    resident.force_login(w["resident"])
    response = resident.post(f"{PATH}stod/{link.pk}/avsluta/")
    page = resident.get(response["Location"]).content.decode()
    assert "Stödet från Stina Handledare är avslutat." in page and "Avslutad" in page
    assert "Samtycke återkallat" in page
    link.refresh_from_db()
    assert link.status == SupportLink.Status.ENDED and link.ended_by == w["resident"]
    with pytest.raises(PermissionDenied, match="avslutat"):
        ensure_access(link)
    response = client.get(f"/handledning/{link.pk}/kartlaggning/")
    assert response.status_code == 403
    assert "Stödet är avslutat" in response.content.decode()


def test_withdrawing_ones_own_request(resident_client, w):
    request = services.link_request(
        resident=w["resident"], supporter=w["former_supporter"], association=w["association"], shares=["profile"]
    )
    response = resident_client.post(f"{PATH}stod/{request.pk}/avsluta/")
    request.refresh_from_db()
    assert request.status == SupportLink.Status.ENDED
    assert (
        "Din förfrågan till Förra Handledaren är tillbakatagen."
        in resident_client.get(response["Location"]).content.decode()
    )


def test_answering_ones_own_request_is_refused_in_words(resident_client, w):
    request = services.link_request(
        resident=w["resident"], supporter=w["former_supporter"], association=w["association"], shares=["profile"]
    )
    response = resident_client.post(f"{PATH}stod/{request.pk}/svara/", {f"link-{request.pk}-shares": ["profile"]})
    request.refresh_from_db()
    assert request.status == SupportLink.Status.REQUESTED
    assert "Bara handledaren kan svara på förfrågan." in resident_client.get(response["Location"]).content.decode()


def test_another_residents_link_is_not_found(client, w):
    client.force_login(w["other_resident"])
    for suffix in ("", "avsluta/"):
        assert client.get(f"{PATH}stod/{w['link'].pk}/{suffix}").status_code == 404
    assert client.post(f"{PATH}stod/{w['link'].pk}/avsluta/").status_code == 404
    assert client.get(f"{PATH}stod/999999/").status_code == 404
    w["link"].refresh_from_db()
    assert w["link"].status == SupportLink.Status.ACTIVE


# Intake ------------------------------------------------------------------------------------


def intake_data(client=None, **fields):
    """A full intake form; with `client`, carrying the version of the saved intake that the form,
    opened now, has hidden in it (as a browser would send it)."""
    data = {"skills": [], "experience": "", "goals": "", "travel": "", "times": "", "obstacles": ""}
    if client is not None:
        page = client.get(PATH + "kartlaggning/").content.decode()
        data["seen_version"] = re.search(r'name="seen_version" value="([^"]*)"', page).group(1)
    data.update(fields)
    return data


@pytest.fixture
def saved_intake(w):
    return services.intake_save(
        resident=w["resident"], by=w["resident"], experience="Jag har jobbat i kök.", goals="Ett arbete i bygden."
    )


def assert_intake_unchanged(resident):
    intake = Intake.objects.get(resident=resident)
    assert (intake.experience, intake.goals) == ("Jag har jobbat i kök.", "Ett arbete i bygden.")


def test_the_resident_corrects_the_intake_and_sees_who_changed_it_last(resident_client, w, saved_intake):
    services.intake_save(
        resident=w["resident"], by=w["supporter"], link=w["link"], experience="Kök och servering.", goals="Jobb"
    )
    page = resident_client.get(PATH + "kartlaggning/").content.decode()
    assert "Kök och servering." in page and "Senast ändrad av Stina Handledare" in page
    response = resident_client.post(
        PATH + "kartlaggning/", intake_data(resident_client, experience="Kök, servering och bakning.", goals="Jobb")
    )
    assert response.status_code == 302
    assert Intake.objects.get(resident=w["resident"]).experience == "Kök, servering och bakning."
    page = resident_client.get(PATH + "kartlaggning/").content.decode()
    assert "Kartläggningen är sparad." in page and "Senast ändrad av dig" in page
    # The resident's own reads and writes are not logged; the supporter's write was.
    assert list(AccessLogEntry.objects.filter(resident=w["resident"]).values_list("action", "subject")) == [
        ("write", "intake")
    ]


def test_marking_the_intake_done_puts_it_on_the_timeline(resident_client, w):
    resident_client.post(PATH + "kartlaggning/", intake_data(goals="Ett arbete", mark_done="on"))
    page = resident_client.get(PATH).content.decode()
    assert "Kartläggning klar" in page and "Antecknat av: Du" in page
    assert "Ta ditt första uppdrag" in page


def test_a_too_long_intake_text_is_refused_kept_and_the_saved_intake_unchanged(resident_client, w, saved_intake):
    long_text = "Jag har gjort mycket. " * 100  # 2,200 characters
    response = resident_client.post(
        PATH + "kartlaggning/", intake_data(resident_client, experience=long_text, goals="Nytt mål")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Något i formuläret behöver rättas" in page and "som mest 2000 tecken" in page
    assert long_text.strip() in page and "Nytt mål" in page
    assert_intake_unchanged(w["resident"])


@pytest.mark.parametrize(
    ("text", "message"),
    [("Ont i\x01 ryggen", "osynliga styrtecken"), ("Ont i\x00 ryggen", "Null-tecken är inte tillåtna")],
    ids=["control character", "nul"],
)
def test_invisible_characters_in_the_intake_are_refused_in_words(resident_client, w, saved_intake, text, message):
    response = resident_client.post(
        PATH + "kartlaggning/", intake_data(resident_client, obstacles=text, goals="Nytt mål")
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "Nytt mål" in page
    assert_intake_unchanged(w["resident"])


def test_markup_in_the_intake_is_saved_as_text_and_shown_as_text(resident_client, w):
    hostile = '<script>alert("x")</script><b>fet</b>'
    resident_client.post(PATH + "kartlaggning/", intake_data(obstacles=hostile))
    assert Intake.objects.get(resident=w["resident"]).obstacles == hostile
    page = resident_client.get(PATH + "kartlaggning/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "<script>alert" not in page


def test_an_empty_intake_form_does_not_wipe_the_saved_intake_until_confirmed(resident_client, w, saved_intake):
    data = intake_data(resident_client)
    response = resident_client.post(PATH + "kartlaggning/", data)
    page = response.content.decode()
    assert "Alla svar i formuläret är tomma, så inget är ändrat." in page
    assert "Ja, töm hela kartläggningen" in page
    assert_intake_unchanged(w["resident"])
    resident_client.post(PATH + "kartlaggning/", {**data, "clear_all": "on"})
    intake = Intake.objects.get(resident=w["resident"])
    assert (intake.experience, intake.goals) == ("", "")


def test_an_intake_the_supporter_changed_while_the_resident_typed_is_not_overwritten(resident_client, w, saved_intake):
    data = intake_data(resident_client, experience="Kök och servering.", goals="Jobb i Lycksele.")
    services.intake_save(
        resident=w["resident"], by=w["supporter"], link=w["link"], experience="Kock i tio år.", goals="Eget kafé."
    )
    response = resident_client.post(PATH + "kartlaggning/", data)
    page = response.content.decode()
    assert "Kartläggningen har ändrats av någon annan medan du skrev. Här är det du skrev;" in page
    assert "Kök och servering." in page and "Jobb i Lycksele." in page
    saved_box = page.split('id="saved-version-title"')[1].split("</section>")[0]
    assert "Kock i tio år." in saved_box and "Senast ändrad av Stina Handledare" in saved_box
    intake = Intake.objects.get(resident=w["resident"])
    assert (intake.experience, intake.goals) == ("Kock i tio år.", "Eget kafé.")
    # Saving again from the page that came back keeps what the resident typed.
    again = re.search(r'name="seen_version" value="([^"]*)"', page).group(1)
    resident_client.post(PATH + "kartlaggning/", {**data, "seen_version": again})
    intake.refresh_from_db()
    assert (intake.experience, intake.goals) == ("Kök och servering.", "Jobb i Lycksele.")


def test_an_intake_form_without_its_version_saves_nothing_over_saved_answers(resident_client, w, saved_intake):
    response = resident_client.post(PATH + "kartlaggning/", intake_data(experience="Från ett gammalt formulär."))
    assert "Kartläggningen har ändrats av någon annan medan du skrev." in response.content.decode()
    assert_intake_unchanged(w["resident"])


def test_an_empty_first_intake_is_simply_saved(client, w):
    client.force_login(w["other_resident"])
    response = client.post(PATH + "kartlaggning/", intake_data())
    assert response.status_code == 302
    assert Intake.objects.filter(resident=w["other_resident"]).exists()


def test_too_many_hours_a_week_are_refused_in_words(resident_client, w, saved_intake):
    response = resident_client.post(
        PATH + "kartlaggning/", intake_data(resident_client, hours_per_week="80", goals="Nytt")
    )
    assert "60" in response.content.decode() and response.status_code == 200
    assert_intake_unchanged(w["resident"])


# Milestones --------------------------------------------------------------------------------


def test_adding_a_step_puts_it_on_the_timeline(resident_client, w):
    day = timezone.localdate() - timedelta(days=5)
    response = resident_client.post(
        PATH + "steg/", {"kind": "employment", "happened_on": day.isoformat(), "note": "Vid sågverket"}
    )
    assert response["Location"] == PATH
    page = resident_client.get(PATH).content.decode()
    assert "Steget ”Fick en anställning” är med på din tidslinje." in page
    assert "Fick en anställning" in page and "Vid sågverket" in page


def test_a_step_in_the_future_is_refused_in_words_and_the_note_kept(resident_client, w):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = resident_client.post(
        PATH + "steg/", {"kind": "training", "happened_on": tomorrow.isoformat(), "note": "Truckkort"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datumet har inte varit än. Skriv när det hände." in page and "Truckkort" in page
    assert not Milestone.objects.filter(resident=w["resident"]).exists()


def test_an_automatic_step_cannot_be_chosen_by_hand(resident_client, w):
    response = resident_client.post(
        PATH + "steg/", {"kind": "first_assignment", "happened_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    assert not Milestone.objects.filter(resident=w["resident"]).exists()


def test_removing_a_step_recorded_by_hand(resident_client, w):
    step = services.milestone_record(
        resident=w["resident"], by=w["resident"], kind="training", happened_on=timezone.localdate()
    )
    response = resident_client.post(f"{PATH}steg/{step.pk}/ta-bort/")
    assert not Milestone.objects.filter(pk=step.pk).exists()
    assert (
        "Steget ”Kurs eller utbildning klar” är borttaget."
        in resident_client.get(response["Location"]).content.decode()
    )


def test_an_automatic_step_cannot_be_removed_and_the_page_says_why(resident_client, w):
    confirmed_claim(w)
    step = Milestone.objects.get(resident=w["resident"], kind=Milestone.Kind.FIRST_ASSIGNMENT)
    page = resident_client.get(PATH + "steg/").content.decode()
    assert "kommer från bekräftade uppdrag och kan inte tas bort" in page
    assert reverse("pathways:my_milestone_delete", args=[step.pk]) not in page
    response = resident_client.post(f"{PATH}steg/{step.pk}/ta-bort/")
    assert Milestone.objects.filter(pk=step.pk).exists()
    assert "kan inte tas bort" in resident_client.get(response["Location"]).content.decode()


def test_another_residents_step_is_not_found(client, w):
    step = services.milestone_record(
        resident=w["resident"], by=w["resident"], kind="training", happened_on=timezone.localdate()
    )
    client.force_login(w["other_resident"])
    assert client.post(f"{PATH}steg/{step.pk}/ta-bort/").status_code == 404
    assert Milestone.objects.filter(pk=step.pk).exists()


# Notes and the access log ------------------------------------------------------------------


def test_the_resident_reads_the_notes_with_author_and_association_and_is_not_logged(resident_client, w):
    services.note_create(link=w["link"], by=w["supporter"], text="Sara vill helst arbeta med djur.")
    logged = AccessLogEntry.objects.count()
    page = resident_client.get(PATH + "anteckningar/").content.decode()
    assert "Sara vill helst arbeta med djur." in page
    assert "Stina Handledare" in page and "Lycksele utvecklingsgrupp" in page
    assert AccessLogEntry.objects.count() == logged
    assert 'method="post"' not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_access_log_says_who_read_or_changed_what_and_when_in_local_time(resident_client, w):
    entry = AccessLogEntry.objects.create(
        resident=w["resident"],
        actor=w["supporter"],
        actor_name="Stina Handledare",
        association_name="Lycksele utvecklingsgrupp",
        action=AccessLogEntry.Action.READ,
        subject=AccessLogEntry.Subject.INTAKE,
        at=datetime(2026, 7, 1, 10, 5, tzinfo=ZoneInfo("UTC")),
    )
    page = resident_client.get(PATH + "logg/").content.decode()
    assert "1 juli 2026, 12:05" in page  # summer time in Sweden: UTC+2
    assert "Stina Handledare" in page and "Lycksele utvecklingsgrupp" in page
    assert "Läste" in page and "kartläggningen" in page
    assert entry.at.isoformat() in page or "2026-07-01T12:05:00+02:00" in page


def test_the_access_log_is_paged_with_a_fixed_number_of_queries(resident_client, w, django_assert_num_queries):
    def log(n):
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                resident=w["resident"],
                actor=w["supporter"],
                actor_name="Stina Handledare",
                association_name="Lycksele utvecklingsgrupp",
                action="read",
                subject="overview",
            )
            for _ in range(n)
        )

    log(1)
    resident_client.get(PATH + "logg/")
    # session, user, count (capped), the page of entries; unread count, profile
    with django_assert_num_queries(6):
        resident_client.get(PATH + "logg/")
    log(70)
    with django_assert_num_queries(6):
        page = resident_client.get(PATH + "logg/").content.decode()
    assert "71 gånger" in page and "Sida 1 av 2" in page
    assert page.count("<tr>") == 51  # the header row and 50 entries
    assert resident_client.get(PATH + "logg/?sida=2").content.decode().count("<tr>") == 22
    assert resident_client.get(PATH + "logg/?sida=x%00").status_code == 200


def test_my_pages_link_to_the_path_and_count_invitations(resident_client, w):
    invite(w)
    page = resident_client.get("/mina-sidor/").content.decode()
    assert reverse("pathways:my_path") in page
    assert "En handledare vill stötta dig. Svara på inbjudan." in page


def test_a_resident_without_a_home_is_asked_for_one_on_find(client, w):
    user = MemberProfileFactory(display_name="Utan Hem", home_locality=None).user
    client.force_login(user)
    page = client.get(PATH + "handledare/").content.decode()
    assert "Skriv din hemort i profilen" in page and "Lycksele utvecklingsgrupp" in page
