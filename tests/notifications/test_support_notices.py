"""What the support pathway's notifications say and where they lead: the inbox, a click, the e-mail.

Link events (asked, invited, started, ended) and a supporter's tip of an assignment, each as the
recipient meets it: the words in the inbox, the page a click opens, and the e-mail in Swedish and
English through a real SMTP server (aiosmtpd on a local port)."""

# The tests take the pathway's fixture, imported below, by its name.

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import MemberProfile
from members.services import user_delete
from notifications import email
from notifications.models import Kind, Notification
from pathways import notify, services
from pathways.models import Recommendation, Share, SupportLink
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality
from tests.notifications.conftest import html_of, text_of
from tests.pathway_world import make_supporter

pytestmark = pytest.mark.django_db
State = Notification.EmailState
GROUP = "Lycksele utvecklingsgrupp"


def row(recipient, kind) -> Notification:
    return Notification.objects.get(recipient=recipient, kind=kind)


def inbox_text(client, user) -> str:
    client.force_login(user)
    return client.get("/mina-sidor/notiser/").content.decode()


def opened(client, notification) -> str:
    """Where opening the notification leads its recipient."""
    client.force_login(notification.recipient)
    response = client.get(f"/mina-sidor/notiser/{notification.pk}/")
    assert response.status_code == 302
    return response["Location"]


def open_assignment(**fields):
    """An assignment of another association, open for sign-up, that a supporter can tip about."""
    return AssignmentFactory(association=AssociationFactory(name="Rusksele byaförening"), **fields)


def subject(message) -> str:
    return " ".join(message["Subject"].split())


def set_language(user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    return user


# The inbox ------------------------------------------------------------------------------------


def test_a_supporter_reads_of_a_request_with_the_association_and_no_name(client, pathway_world):
    page = inbox_text(client, pathway_world["supporter"])
    assert f"En invånare ber dig om stöd som handledare i {GROUP}." in page
    assert "Sara Resident" not in page


def test_the_side_that_asked_reads_that_the_support_has_begun(client, pathway_world):
    page = inbox_text(client, pathway_world["resident"])
    assert f"Stödet genom {GROUP} har börjat: ni har båda sagt ja." in page
    assert "Stina Handledare" not in page


def test_the_other_side_reads_that_the_support_has_ended(client, pathway_world):
    page = inbox_text(client, pathway_world["former_supporter"])
    assert f"Stödet genom {GROUP} har avslutats." in page
    assert "Sara Resident" not in page


def test_an_invited_resident_reads_who_invites_them_by_association_only(client, pathway_world):
    services.link_invite(
        supporter=pathway_world["supporter"],
        association=pathway_world["association"],
        email=pathway_world["other_resident"].email,
    )
    page = inbox_text(client, pathway_world["other_resident"])
    assert f"En handledare i {GROUP} bjuder in dig att få stöd på vägen till arbete." in page
    assert "Stina Handledare" not in page


def test_a_tip_reads_with_the_title_and_the_supporters_message_escaped(client, pathway_world):
    assignment = open_assignment(title="Baka till marknaden")
    services.recommend(
        link=pathway_world["link"],
        by=pathway_world["supporter"],
        assignment=assignment,
        message="Passar dig <b>bra</b>!",
    )
    page = inbox_text(client, pathway_world["resident"])
    assert "Din handledare tipsar dig om ”Baka till marknaden”: Passar dig &lt;b&gt;bra&lt;/b&gt;!" in page
    assert "<b>bra</b>" not in page


def test_a_tip_whose_recommendation_is_gone_still_reads_without_the_message(client, pathway_world):
    services.recommend(
        link=pathway_world["link"],
        by=pathway_world["supporter"],
        assignment=open_assignment(title="Baka till marknaden"),
        message="Passar dig!",
    )
    Recommendation.objects.all().delete()
    page = inbox_text(client, pathway_world["resident"])
    assert "Din handledare tipsar dig om ”Baka till marknaden”." in page
    assert "Passar dig!" not in page


def test_a_tip_never_shows_another_residents_message_whatever_its_ref(client, pathway_world):
    other = services.recommend(
        link=pathway_world["link"],
        by=pathway_world["supporter"],
        assignment=open_assignment(title="Någon annans tips"),
        message="Bara för Sara",
    )
    mine = Notification.objects.create(
        recipient=pathway_world["other_resident"],
        kind=Kind.RECOMMENDATION,
        assignment=other.assignment,
        ref=f"rec-{other.pk}",
        created_at=timezone.now(),
    )
    page = inbox_text(client, mine.recipient)
    assert "Din handledare tipsar dig om ”Någon annans tips”." in page
    assert "Bara för Sara" not in page


def test_the_inbox_runs_as_many_queries_for_30_tips_as_for_3(client, pathway_world, django_assert_num_queries):
    link, supporter = pathway_world["link"], pathway_world["supporter"]
    for _ in range(3):
        services.recommend(link=link, by=supporter, assignment=open_assignment(), message="Titta här")
    client.force_login(pathway_world["resident"])
    client.get("/mina-sidor/notiser/")
    with CaptureQueriesContext(connection) as three:
        client.get("/mina-sidor/notiser/")
    for _ in range(27):
        services.recommend(link=link, by=supporter, assignment=open_assignment(), message="Titta här")
    # The page's rows (+ assignment, association, locality), and the tips of the page in one query.
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get("/mina-sidor/notiser/")
    assert response.content.decode().count("Titta här") == 30


# Where a click leads --------------------------------------------------------------------------


def test_a_request_still_waiting_leads_the_supporter_to_their_requests(client, pathway_world):
    supporter = make_supporter(pathway_world["association"], name="Ny Handledare")
    services.link_request(
        resident=pathway_world["other_resident"],
        supporter=supporter,
        association=pathway_world["association"],
        shares=Share.values,
    )
    assert opened(client, row(supporter, Kind.SUPPORT_REQUESTED)) == "/handledning/"


def test_a_request_already_accepted_leads_the_supporter_to_the_residents_page(client, pathway_world):
    link = pathway_world["link"]
    assert opened(client, row(pathway_world["supporter"], Kind.SUPPORT_REQUESTED)) == f"/handledning/{link.pk}/"


def test_link_events_lead_the_resident_to_their_path(client, pathway_world):
    resident = pathway_world["resident"]
    [accepted, _former_accepted] = Notification.objects.filter(recipient=resident, kind=Kind.SUPPORT_ACCEPTED)
    assert opened(client, accepted) == "/mina-sidor/min-vag/"
    services.link_end(link=pathway_world["link"], by=pathway_world["supporter"])
    assert opened(client, row(resident, Kind.SUPPORT_ENDED)) == "/mina-sidor/min-vag/"


def test_an_invitation_leads_the_resident_to_their_path(client, pathway_world):
    services.link_invite(
        supporter=pathway_world["supporter"],
        association=pathway_world["association"],
        email=pathway_world["other_resident"].email,
    )
    assert opened(client, row(pathway_world["other_resident"], Kind.SUPPORT_INVITED)) == "/mina-sidor/min-vag/"


def test_an_ended_support_leads_the_supporter_home_not_to_a_page_they_can_no_longer_open(client, pathway_world):
    assert opened(client, row(pathway_world["former_supporter"], Kind.SUPPORT_ENDED)) == "/handledning/"


def test_an_invitation_accepted_leads_the_supporter_to_the_residents_page(client, pathway_world):
    link = services.link_invite(
        supporter=pathway_world["supporter"],
        association=pathway_world["association"],
        email=pathway_world["other_resident"].email,
    )
    services.link_accept(link=link, by=pathway_world["other_resident"], shares=[Share.INTAKE])
    assert opened(client, row(pathway_world["supporter"], Kind.SUPPORT_ACCEPTED)) == f"/handledning/{link.pk}/"


def test_a_link_gone_with_the_residents_account_leads_the_supporter_home(client, pathway_world):
    user_delete(user=pathway_world["resident"], by=pathway_world["resident"])
    assert opened(client, row(pathway_world["supporter"], Kind.SUPPORT_REQUESTED)) == "/handledning/"
    assert opened(client, row(pathway_world["supporter"], Kind.SUPPORT_ENDED)) == "/handledning/"


def test_a_link_gone_with_the_supporters_account_leads_the_resident_to_their_path(client, pathway_world):
    user_delete(user=pathway_world["supporter"], by=pathway_world["supporter"])
    assert opened(client, row(pathway_world["resident"], Kind.SUPPORT_ENDED)) == "/mina-sidor/min-vag/"


def test_a_tip_leads_to_the_assignment(client, pathway_world):
    assignment = open_assignment()
    services.recommend(link=pathway_world["link"], by=pathway_world["supporter"], assignment=assignment)
    assert opened(client, row(pathway_world["resident"], Kind.RECOMMENDATION)) == f"/uppdrag/{assignment.pk}/"


# One event, one notification ------------------------------------------------------------------


def test_a_link_event_told_twice_is_one_notification_and_one_e_mail(
    smtp, pathway_world, django_capture_on_commit_callbacks
):
    link, supporter = pathway_world["link"], pathway_world["supporter"]
    Notification.objects.filter(recipient=supporter).delete()
    with django_capture_on_commit_callbacks(execute=True):
        link.status = SupportLink.Status.REQUESTED  # as when it was asked
        link.save(update_fields=["status"])
        notify.support_requested(link)
        notify.support_requested(link)
    with django_capture_on_commit_callbacks(execute=True):
        notify.support_requested(link)
    assert Notification.objects.filter(recipient=supporter, kind=Kind.SUPPORT_REQUESTED).count() == 1
    assert len(smtp.to(supporter.email)) == 1


def test_a_tip_told_twice_is_one_notification_and_one_e_mail(smtp, pathway_world, django_capture_on_commit_callbacks):
    resident = pathway_world["resident"]
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = services.recommend(
            link=pathway_world["link"], by=pathway_world["supporter"], assignment=open_assignment()
        )
        notify.recommended(recommendation)
    with django_capture_on_commit_callbacks(execute=True):
        notify.recommended(recommendation)
    assert Notification.objects.filter(recipient=resident, kind=Kind.RECOMMENDATION).count() == 1
    assert len(smtp.to(resident.email)) == 1


# E-mail -----------------------------------------------------------------------------------------

REQUEST = {
    "sv": ("Sara Resident ber dig om stöd", "Sara Resident ber dig om stöd på vägen till arbete"),
    "en": ("Sara Resident asks you for support", "Sara Resident asks you for support on the way to work"),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_request_e_mails_the_supporter_the_residents_name_and_nothing_more(
    smtp, pathway_world, django_capture_on_commit_callbacks, language
):
    resident = pathway_world["resident"]
    supporter = set_language(make_supporter(pathway_world["association"], name="Ny Handledare"), language)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_request(
            resident=resident,
            supporter=supporter,
            association=pathway_world["association"],
            shares=Share.values,
            message="Jag heter Sara och bor i Rusksele, ring 070-123 45 67",
        )
    [message] = smtp.to(supporter.email)
    expected_subject, expected_text = REQUEST[language]
    assert subject(message) == expected_subject
    text = text_of(message)
    assert expected_text in text and GROUP in text
    assert "/handledning/" in text and "/handledning/" in html_of(message)
    # Neither the message the resident wrote nor their address: the supporter reads those on the site.
    assert "070-123 45 67" not in text and resident.email not in text


INVITATION = {
    "sv": (f"Inbjudan till stöd från {GROUP}", f"Stina Handledare, handledare i {GROUP}, bjuder in dig"),
    "en": (f"An invitation to support from {GROUP}", f"Stina Handledare, a supporter at {GROUP}, invites you"),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_invitation_e_mails_the_resident_and_says_nothing_is_shared_before_yes(
    smtp, pathway_world, django_capture_on_commit_callbacks, language
):
    invited = set_language(pathway_world["other_resident"], language)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_invite(
            supporter=pathway_world["supporter"], association=pathway_world["association"], email=invited.email
        )
    [message] = smtp.to(invited.email)
    expected_subject, expected_text = INVITATION[language]
    assert subject(message) == expected_subject
    text = text_of(message)
    assert expected_text in text
    assert {
        "sv": "Ingenting om dig delas med handledaren förrän du har tackat ja.",
        "en": "Nothing about you is shared with the supporter until you have said yes.",
    }[language] in text
    assert "/mina-sidor/min-vag/" in text


def test_an_invitation_withdrawn_before_its_e_mail_went_out_is_not_sent(
    smtp, pathway_world, django_capture_on_commit_callbacks
):
    invited = pathway_world["other_resident"]
    with django_capture_on_commit_callbacks(execute=True):
        link = services.link_invite(
            supporter=pathway_world["supporter"], association=pathway_world["association"], email=invited.email
        )
        services.link_end(link=link, by=pathway_world["supporter"])
    assert smtp.to(invited.email) == []
    assert row(invited, Kind.SUPPORT_INVITED).email_state == State.SKIPPED


ACCEPTED = {
    "sv": (
        f"Stödet genom {GROUP} har börjat",
        f"Ny Handledare i {GROUP} har sagt ja till att vara din handledare.",
    ),
    "en": (
        f"Support through {GROUP} has begun",
        f"Ny Handledare at {GROUP} has said yes to being your supporter.",
    ),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_yes_e_mails_the_resident_who_asked(smtp, pathway_world, django_capture_on_commit_callbacks, language):
    resident = set_language(pathway_world["other_resident"], language)
    supporter = make_supporter(pathway_world["association"], name="Ny Handledare")
    link = services.link_request(
        resident=resident, supporter=supporter, association=pathway_world["association"], shares=[Share.INTAKE]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.link_accept(link=link, by=supporter)
    [message] = smtp.to(resident.email)
    expected_subject, expected_text = ACCEPTED[language]
    assert subject(message) == expected_subject
    assert expected_text in text_of(message)
    assert "/mina-sidor/min-vag/" in text_of(message)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_yes_to_an_invitation_e_mails_the_supporter_with_the_link_page(
    smtp, pathway_world, django_capture_on_commit_callbacks, language
):
    supporter = set_language(pathway_world["supporter"], language)
    invited = pathway_world["other_resident"]
    link = services.link_invite(supporter=supporter, association=pathway_world["association"], email=invited.email)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_accept(link=link, by=invited, shares=[Share.MILESTONES])
    [message] = smtp.to(supporter.email)
    assert (
        subject(message)
        == {"sv": f"Stödet genom {GROUP} har börjat", "en": f"Support through {GROUP} has begun"}[language]
    )
    assert {
        "sv": f"Olle Annan har tackat ja till ditt stöd genom {GROUP}.",
        "en": f"Olle Annan has said yes to your support through {GROUP}.",
    }[language] in text_of(message)
    assert f"/handledning/{link.pk}/" in text_of(message)
    assert invited.email not in text_of(message)


ENDED = {
    "sv": (f"Stödet genom {GROUP} har avslutats", f"Stödet till Sara Resident genom {GROUP} har avslutats."),
    "en": (f"Support through {GROUP} has ended", f"Your support of Sara Resident through {GROUP} has ended."),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_ending_e_mails_the_other_side(smtp, pathway_world, django_capture_on_commit_callbacks, language):
    supporter = set_language(pathway_world["supporter"], language)
    with django_capture_on_commit_callbacks(execute=True):
        services.link_end(link=pathway_world["link"], by=pathway_world["resident"])
    [message] = smtp.to(supporter.email)
    expected_subject, expected_text = ENDED[language]
    assert subject(message) == expected_subject
    assert expected_text in text_of(message)
    assert smtp.to(pathway_world["resident"].email) == []


def test_ending_tells_the_resident_what_stays_with_them(smtp, pathway_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.link_end(link=pathway_world["link"], by=pathway_world["supporter"])
    [message] = smtp.to(pathway_world["resident"].email)
    text = text_of(message)
    assert f"Stödet från Stina Handledare i {GROUP} har avslutats." in text
    assert "Din kartläggning, dina steg på vägen och anteckningarna finns kvar hos dig." in text


def test_a_supporter_who_deletes_their_account_is_not_named_in_the_e_mail_that_tells_of_it(
    smtp, pathway_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=pathway_world["supporter"], by=pathway_world["supporter"])
    [message] = smtp.to(pathway_world["resident"].email)
    assert subject(message) == f"Stödet genom {GROUP} har avslutats"
    assert f"Stödet genom {GROUP} har avslutats." in text_of(message)
    assert "Stina Handledare" not in text_of(message)


TIP = {
    "sv": (
        "Tips från din handledare: Baka till marknaden",
        f"Stina Handledare i {GROUP}, din handledare, tipsar dig om ett uppdrag:",
        "Meddelande från din handledare:",
    ),
    "en": (
        "A tip from your supporter: Baka till marknaden",
        f"Stina Handledare at {GROUP}, your supporter, suggests an assignment to you:",
        "A message from your supporter:",
    ),
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_tip_e_mails_the_resident_the_assignment_and_the_message(
    smtp, pathway_world, django_capture_on_commit_callbacks, language
):
    resident = set_language(pathway_world["resident"], language)
    assignment = open_assignment(title="Baka till marknaden", locality=locality("Rusksele"))
    with django_capture_on_commit_callbacks(execute=True):
        services.recommend(
            link=pathway_world["link"], by=pathway_world["supporter"], assignment=assignment, message="Du bakar ju!"
        )
    [message] = smtp.to(resident.email)
    expected_subject, expected_intro, expected_label = TIP[language]
    assert subject(message) == expected_subject
    text = text_of(message)
    assert expected_intro in text and expected_label in text
    assert "Du bakar ju!" in text and "Rusksele byaförening" in text
    assert f"/uppdrag/{assignment.pk}/" in text and f"/uppdrag/{assignment.pk}/" in html_of(message)
    assert "/mina-sidor/min-vag/" in text


def test_tips_are_sent_whatever_the_profile_says_and_have_no_unsubscribe_link(
    smtp, pathway_world, django_capture_on_commit_callbacks
):
    resident = pathway_world["resident"]
    MemberProfile.objects.filter(user=resident).update(email_my_claims=False, email_reminders=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.recommend(link=pathway_world["link"], by=pathway_world["supporter"], assignment=open_assignment())
    [message] = smtp.to(resident.email)
    assert message["List-Unsubscribe"] is None
    assert "Det här e-postmeddelandet kommer från Uppdragsbanken." in text_of(message)
    assert "Där kan du också avsluta stödet, om du inte vill ha fler tips" in text_of(message)


def test_two_tips_of_one_assignment_in_one_batch_each_carry_their_own_message(smtp, pathway_world):
    assignment = open_assignment()
    first = services.recommend(
        link=pathway_world["link"], by=pathway_world["supporter"], assignment=assignment, message="Till Sara"
    )
    other = pathway_world["other_resident"]
    supporter = make_supporter(pathway_world["association"], name="Ny Handledare")
    link = services.link_request(
        resident=other, supporter=supporter, association=pathway_world["association"], shares=Share.values
    )
    link = services.link_accept(link=link, by=supporter)
    second = services.recommend(link=link, by=supporter, assignment=assignment, message="Till Olle")
    rows = Notification.objects.filter(kind=Kind.RECOMMENDATION, ref__in=[f"rec-{first.pk}", f"rec-{second.pk}"])
    assert email.deliver(list(rows.values_list("pk", flat=True)))["sent"] == 2
    assert "Till Sara" in text_of(smtp.to(pathway_world["resident"].email)[0])
    [to_olle] = smtp.to(other.email)
    assert "Till Olle" in text_of(to_olle) and "Ny Handledare" in text_of(to_olle)
    assert "Till Sara" not in text_of(to_olle)


def test_a_tip_of_an_assignment_no_longer_open_is_not_e_mailed(smtp, pathway_world):
    assignment = open_assignment()
    services.recommend(link=pathway_world["link"], by=pathway_world["supporter"], assignment=assignment)
    assignment.starts_at = timezone.now() - timedelta(hours=1)
    assignment.save(update_fields=["starts_at"])
    tip = row(pathway_world["resident"], Kind.RECOMMENDATION)
    assert email.deliver([tip.pk])["skipped"] == 1
    assert smtp.messages == []


def test_a_deleted_resident_gets_nothing_and_the_supporter_reads_no_name(
    smtp, pathway_world, django_capture_on_commit_callbacks
):
    other = MemberProfileFactory(display_name="Tredje Person").user
    supporter = pathway_world["supporter"]
    link = services.link_request(
        resident=other, supporter=supporter, association=pathway_world["association"], shares=Share.values
    )
    services.link_accept(link=link, by=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=other, by=other)
    [message] = smtp.to(supporter.email)
    assert f"Stödet genom {GROUP} har avslutats." in text_of(message)
    assert "Tredje Person" not in text_of(message)


# The pages that tell of the support ------------------------------------------------------------


def test_the_about_page_tells_of_supporters_and_leads_to_finding_one(client):
    page = client.get("/om/").content.decode()
    assert "Det sker bara om du själv vill." in page
    assert '<a href="/mina-sidor/min-vag/handledare/">Hitta en handledare nära dig</a>' in page


def test_the_privacy_page_says_what_a_supporter_sees_and_how_to_withdraw(client):
    page = client.get("/personuppgifter/").content.decode()
    assert '<a href="#handledare">Om du får stöd av en handledare</a>' in page
    for promise in (
        "Medan stödet pågår ser handledaren bara det som du har valt att dela:",
        "Handledaren ser aldrig din e-postadress.",
        "Varje gång en handledare läser eller ändrar dina uppgifter sparas det i en logg",
        "Anteckningarna kan bara läsas av dig och av dem som är dina handledare just nu",
        "Kommunen ser aldrig vem som har tagit ett steg",
        "Då slutar handledaren se dina uppgifter direkt",
    ):
        assert promise in page, promise
    assert '<a href="/mina-sidor/min-vag/">Till Min väg till arbete</a>' in page


def test_a_tip_is_not_e_mailed_once_the_support_has_ended_before_it_went_out(smtp, pathway_world):
    link, resident = pathway_world["link"], pathway_world["resident"]
    assignment = AssignmentFactory(title="Kratta löv vid skolan")
    services.recommend(link=link, by=pathway_world["supporter"], assignment=assignment, message="Passar dig")
    services.link_end(link=link, by=resident)
    notification = Notification.objects.get(recipient=resident, kind=Kind.RECOMMENDATION)
    email.deliver([notification.pk])
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.SKIPPED
    assert smtp.to(resident.email) == []
