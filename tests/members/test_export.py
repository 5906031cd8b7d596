"""Mina uppgifter: everything the site holds about a person, as a page and as a JSON file."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment, Claim, WaitingListEntry
from associations.models import AssociationMembership, Invitation
from calendars.models import CalendarFeed
from certificates.models import Certificate
from certificates.services import new_code
from conversations.models import Message, MessageReport, Side
from members.export import (
    LABELS,
    OWNED_THROUGH,
    SECTION_KEYS,
    USER_REFERENCES,
    Left,
    personal_data,
    readable_sections,
)
from members.models import Situation, SituationChange
from municipalities.models import AuditEvent, StaffMembership
from notifications.models import Kind, Notification, SavedSearch
from pathways.access import log_access
from pathways.models import AccessLogEntry, Milestone, Share
from pathways.services import intake_save, link_accept, link_request, milestone_record, note_create, recommend
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)
from tests.pathway_world import make_supporter
from tests.user_references import fields_referencing_user

pytestmark = pytest.mark.django_db

FIXED = timezone.make_aware(timezone.datetime(2026, 3, 14, 10, 30))


# --- The registry ---------------------------------------------------------------------------


def test_every_column_that_points_at_a_person_is_exported_or_has_a_reason():
    assert sorted(USER_REFERENCES) == fields_referencing_user()


def test_every_reference_names_a_real_section_or_a_written_reason():
    for where in (*USER_REFERENCES.values(), *OWNED_THROUGH.values()):
        if isinstance(where, Left):
            assert len(where.reason) > 40
        else:
            assert where in SECTION_KEYS


def test_rows_owned_through_a_persons_rows_are_listed_and_point_where_they_say():
    from django.apps import apps

    for (label, field_name), _where in OWNED_THROUGH.items():
        model = apps.get_model(label)
        assert model._meta.get_field(field_name).is_relation
    # Every table that hangs on the profile, the intake, a support link or a certificate is listed.
    owners = {"members.MemberProfile", "pathways.Intake", "pathways.SupportLink", "certificates.Certificate"}
    hanging = {
        (model._meta.label, f.name)
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.get_fields(include_hidden=True)
        if f.concrete and f.many_to_one and f.related_model is not None and f.related_model._meta.label in owners
    }
    assert hanging <= set(OWNED_THROUGH)


# --- A person with a row in every exported model -------------------------------------------


@pytest.fixture
def person(pathway_world):
    """Sara, the pathway world's resident, with a row in every model the export reads, each
    with a text found nowhere else; and people around her whose data must not show."""
    w = pathway_world
    sara = w["resident"]
    supporter = w["supporter"]
    link = w["link"]
    texts = {}

    sara.groups.add(Group.objects.create(name="Gruppen Zeta-Sju"))
    sara.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    texts["account"] = ["Gruppen Zeta-Sju", "municipalities.view_auditevent", sara.email]

    profile = sara.profile
    profile.languages = "svenska, finska, tornedalska"
    profile.situation = Situation.JOB_SEEKING
    profile.situation_consent_at = FIXED
    profile.save()
    profile.own_skills.create(name="Kolbullebakning")
    texts["profile"] = ["tornedalska", "Kolbullebakning", "Sara Resident"]
    SituationChange.objects.create(user=sara, situation=Situation.STUDENT, recorded_at=FIXED)
    texts["situation_history"] = ["2026-03-14T10:30:00+01:00"]

    assignment = AssignmentFactory(title="Måla hembygdsgårdens staket")
    claim = ClaimFactory(
        assignment=assignment,
        resident=sara,
        message="Jag tar med egen pensel i björk",
        status=Claim.Status.CONFIRMED,
        hours_reported=Decimal("3.5"),
        hours_confirmed=Decimal("3.5"),
        reference_text="Noggrann och glad målare från Lycksele",
        decision_message="Välkommen, vi bjuder på kaffe",
    )
    texts["claims"] = ["Måla hembygdsgårdens staket", "egen pensel i björk", "Noggrann och glad målare", "3.5"]
    # Another participant of the same assignment: never in Sara's data.
    ClaimFactory(assignment=assignment, message="Annan deltagares hemliga rad")

    full = AssignmentFactory(title="Klyva ved till bastun", slots=1, places_taken=1, status=Assignment.Status.FILLED)
    WaitingListEntry.objects.create(assignment=full, resident=sara, created_at=FIXED)
    WaitingListEntry.objects.create(assignment=full, resident=MemberProfileFactory().user)
    texts["waiting_lists"] = ["Klyva ved till bastun", "I kön", "2026-03-14T10:30:00+01:00"]
    # The thread of her sign-up, both sides; and a report she made.
    Message.objects.create(claim=claim, author=sara, side=Side.RESIDENT, body="Jag kommer med cykel")
    answer = Message.objects.create(claim=claim, author=supporter, side=Side.ASSOCIATION, body="Vi ses vid grinden")
    MessageReport.objects.create(message=answer, reporter=sara, reason="Tonen var otrevlig")
    texts["messages"] = ["Jag kommer med cykel", "Vi ses vid grinden"]
    texts["message_reports"] = ["Tonen var otrevlig"]

    SavedSearch.objects.create(user=sara, name="Snöskottning nära Kattisavan", query="q=sn%C3%B6")
    texts["saved_searches"] = ["Snöskottning nära Kattisavan"]

    news = AssignmentFactory(title="Baka tunnbröd till marknaden")
    Notification.objects.create(recipient=sara, kind=Kind.MATCH, assignment=news, created_at=FIXED)
    Notification.objects.create(
        kind=Kind.ACCOUNT,
        address=sara.email,
        message={"subject": "Bekräfta adressen Ämnesrad-9", "text": "", "html": ""},
        created_at=FIXED,
    )
    texts["notifications"] = ["Baka tunnbröd till marknaden", "Ämnesrad-9"]

    own = AssociationFactory(name="Kattisavans bystuga", slug="kattisavans-bystuga", created_by=sara)
    MembershipFactory(association=own, user=sara, role=AssociationMembership.Role.ADMIN, is_supporter=True)
    texts["associations_registered"] = ["Kattisavans bystuga"]
    texts["association_memberships"] = ["Kattisavans bystuga"]
    later = timezone.now() + timedelta(days=7)
    Invitation.objects.create(
        email="inbjuden.granne@exempel.se", association=own, role="member", invited_by=sara, expires_at=later
    )
    Invitation.objects.create(
        email=sara.email,
        association=AssociationFactory(name="Vindelälvens skoterklubb"),
        role="member",
        invited_by=w["association_admin"],
        expires_at=later,
    )
    texts["invitations"] = ["inbjuden.granne@exempel.se", "Vindelälvens skoterklubb"]

    StaffMembershipFactory(user=sara, municipality=municipality("0188"), role=StaffMembership.Role.VIEWER)
    texts["staff_memberships"] = ["Norrtälje"]

    # Sara as a supporter of a neighbour, besides being a resident with a supporter.
    neighbour = MemberProfileFactory(display_name="Grannen Gunvor").user
    as_supporter = link_request(resident=neighbour, supporter=sara, association=own, shares=[Share.PROFILE])
    link_accept(link=as_supporter, by=sara)
    link.message = "Hej Stina, jag vill börja med kartläggningen"
    link.save(update_fields=["message"])
    texts["support_links"] = ["Stina Handledare", "Grannen Gunvor", "börja med kartläggningen", "given"]

    intake_save(
        resident=sara,
        by=supporter,
        link=link,
        own_skills=["Renskötsel"],
        goals="Starta ett eget café i Kattisavan",
        obstacles="Bussen går två gånger om dagen",
    )
    texts["intake"] = ["Renskötsel", "Starta ett eget café", "Bussen går två gånger"]
    milestone_record(
        resident=sara,
        by=sara,
        kind=Milestone.Kind.TRAINING,
        happened_on=timezone.localdate() - timedelta(days=3),
        note="Hygienkurs på folkhögskolan",
    )
    texts["milestones"] = ["Hygienkurs på folkhögskolan"]
    note_create(link=link, by=supporter, text="Sara vill gärna arbeta med mat och människor")
    texts["notes_about_me"] = ["arbeta med mat och människor"]
    tip = AssignmentFactory(title="Servera soppa på byastämman")
    recommend(link=link, by=supporter, assignment=tip, message="Det här passar dig perfekt")
    texts["recommendations"] = ["Servera soppa på byastämman", "Det här passar dig perfekt"]
    log_access(link=link, action=AccessLogEntry.Action.READ, subject=AccessLogEntry.Subject.PROFILE)
    texts["access_log"] = ["Stina Handledare", "Lycksele utvecklingsgrupp"]

    certificate = Certificate.objects.create(
        code="K7QF3MZDX9A2",
        resident=sara,
        content={"name": "Sara Resident", "assignments": [{"title": "Intygets staketrad"}]},
    )
    certificate.claims.add(claim)
    texts["certificates"] = ["K7QF-3MZD-X9A2", "Intygets staketrad"]
    CalendarFeed.objects.create(user=sara, token="hemlig-kalendernyckel-" + "x" * 21)
    texts["calendar_feeds"] = ["hemlig-kalendernyckel-"]

    AssociationFactory(name="Granskade Tärnaby IK", verified_by=sara)
    texts["associations_reviewed"] = ["Granskade Tärnaby IK"]
    AuditEvent.objects.create(
        actor=sara, municipality=municipality("0188"), action=AuditEvent.Action.VILLAGE_ADDED, details="Rådmansö by"
    )
    AuditEvent.objects.create(
        actor=sara,
        municipality=municipality("0188"),
        action=AuditEvent.Action.STAFF_INVITED,
        details="kollega.anonym@exempel.se (viewer)",
    )
    texts["audit_events"] = ["Rådmansö by"]
    made = AssignmentFactory(association=own, title="Röja sly vid badplatsen", created_by=sara)
    texts["assignments_created"] = ["Röja sly vid badplatsen"]
    neighbours_claim = ClaimFactory(
        assignment=made,
        resident=neighbour,
        message="Grannens egna ord om sliet",
        decided_by=sara,
        decided_at=FIXED,
        status=Claim.Status.ACCEPTED,
    )
    texts["claims_decided"] = ["Röja sly vid badplatsen"]
    # A sign-up she made for a resident who phoned, and hours she reported for them.
    ClaimFactory(
        assignment=AssignmentFactory(association=own, title="Baka till caféet på lördag"),
        resident=MemberProfileFactory(display_name="Ringde In").user,
        message="Ringde och bad om att bli anmäld",
        registered_by=sara,
        registered_at=FIXED,
        hours_reported_by=sara,
    )
    texts["claims_registered"] = ["Baka till caféet på lördag"]
    # Sara writes for her association; the neighbour's answer is the neighbour's.
    Message.objects.create(
        claim=neighbours_claim, author=sara, side=Side.ASSOCIATION, body="Välkommen till slyröjningen"
    )
    Message.objects.create(claim=neighbours_claim, author=neighbour, side=Side.RESIDENT, body="Grannens svar i tråden")
    texts["messages"].append("Välkommen till slyröjningen")

    # Stina's other resident, with a note of its own: never in Sara's data.
    third = MemberProfileFactory(display_name="Tredje Personen").user
    other_link = link_accept(
        link=link_request(resident=third, supporter=supporter, association=w["association"], shares=Share.values),
        by=supporter,
    )
    note_create(link=other_link, by=supporter, text="Anteckning om någon annan")
    texts["email_addresses"] = [sara.email]
    assert set(texts) == set(SECTION_KEYS), set(SECTION_KEYS) ^ set(texts)
    others = [
        "Annan deltagares hemliga rad",
        "Tredje Personen",
        "Anteckning om någon annan",
        "Grannens egna ord om sliet",
        "Ringde och bad om att bli anmäld",
        "Grannens svar i tråden",
        "kollega.anonym@exempel.se",
        neighbour.email,
        third.email,
    ]
    return {"person": sara, "texts": texts, "others": others, "supporter": supporter}


def test_the_export_has_a_row_of_every_model_with_its_own_text(person):
    data = personal_data(person["person"])
    for section, texts in person["texts"].items():
        written = json.dumps(data[section], ensure_ascii=False)
        for text in texts:
            assert text in written, (section, text)


# Codes and numbers in the file that the page shows in words.
ON_THE_PAGE = {"2026-03-14T10:30:00+01:00": "14 mars 2026 10:30", "given": "Samtycke givet", "3.5": "3,5"}


def test_the_page_and_the_file_show_every_row_and_nothing_of_anyone_else(client, person):
    client.force_login(person["person"])
    page = client.get(reverse("members:my_data")).content.decode()
    response = client.get(reverse("members:my_data_json"))
    file = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8")
    for section, texts in person["texts"].items():
        for text in texts:
            assert text in file, (section, text)
            shown = ON_THE_PAGE.get(text, text)
            assert shown in page, (section, shown)
    for text in person["others"]:
        assert text not in file
        assert text not in page


def test_the_file_is_utf8_json_named_after_today(client, person):
    client.force_login(person["person"])
    response = client.get(reverse("members:my_data_json"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="uppdragsbanken-mina-uppgifter-{today}.json"'
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "Kattisavans bystuga" in response.content.decode("utf-8")  # not \u00e4-escaped
    data = json.loads(response.content)
    assert data["account"]["email"] == person["person"].email
    assert data["claims"][0]["hours_confirmed"] == "3.5"
    assert data["profile"]["situation_consent_at"] == "2026-03-14T10:30:00+01:00"


def test_times_carry_the_stockholm_offset_in_summer_too():
    sara = UserFactory()
    SituationChange.objects.create(user=sara, situation="", consent=False, recorded_at=FIXED + timedelta(days=120))
    [change] = personal_data(sara)["situation_history"]
    assert change["recorded_at"] == "2026-07-12T10:30:00+02:00"
    assert change["consent"] is False


def test_the_page_explains_each_section_and_links_to_the_file_and_to_deleting(client):
    client.force_login(UserFactory())
    response = client.get(reverse("members:my_data"))
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "<h1>Mina uppgifter</h1>" in page
    assert "Ladda ner allt som en fil (JSON)" in page
    assert reverse("members:my_data_json") in page
    assert reverse("members:account_delete") in page
    assert "Anteckningar som dina handledare har skrivit om dig." in page
    assert "Inget sparat." in page


def test_someone_not_logged_in_is_sent_to_log_in(client):
    for name in ("members:my_data", "members:my_data_json"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_every_key_of_the_export_has_a_label(person):
    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key, value
                if key != "content":
                    yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    data = personal_data(person["person"])
    found = [pair for section in SECTION_KEYS for pair in keys(data[section])]
    # "<key>_text" is the words for the code in <key>, shown in its place.
    assert {key for key, record in found if key.endswith("_text") and key[:-5] not in record} == set()
    assert {key for key, _record in found if not key.endswith("_text")} - set(LABELS) == set()
    assert [section.key for section in readable_sections(data)] == SECTION_KEYS


def test_a_supporter_gets_their_links_but_not_what_they_wrote_about_a_resident(person):
    data = personal_data(person["supporter"])
    written = json.dumps(data, ensure_ascii=False)
    assert "Sara Resident" in written  # who the link is with
    assert "arbeta med mat och människor" not in written  # the note is Sara's
    assert "Kolbullebakning" not in written  # Sara's profile is Sara's
    assert data["notes_about_me"] == []


# --- Bounded queries ---------------------------------------------------------------------


def _rows(user, n: int) -> None:
    """n rows of each list that grows: claims, messages and reports, notifications, links with events, milestones,
    notes, access log, certificates, saved searches, memberships."""
    association = AssociationFactory()
    supporter_group = AssociationFactory()
    for i in range(n):
        assignment = AssignmentFactory(association=association, created_by=user)
        claim = ClaimFactory(
            assignment=assignment, resident=user, decided_by=user, registered_by=user, registered_at=FIXED
        )
        said = Message.objects.create(claim=claim, author=user, side=Side.RESIDENT, body=f"Meddelande {i}")
        MessageReport.objects.create(message=said, reporter=user)
        WaitingListEntry.objects.create(assignment=AssignmentFactory(association=association), resident=user)
        Notification.objects.create(recipient=user, kind=Kind.MATCH, assignment=assignment, created_at=FIXED)
        SavedSearch.objects.create(user=user, name=f"Bevakning {i}")
        supporter = make_supporter(supporter_group, name=f"Handledare {i}")
        link = link_accept(
            link=link_request(resident=user, supporter=supporter, association=supporter_group, shares=Share.values),
            by=supporter,
        )
        note_create(link=link, by=supporter, text=f"Anteckning {i}")
        log_access(link=link, action=AccessLogEntry.Action.READ, subject=AccessLogEntry.Subject.OVERVIEW)
        Milestone.objects.create(resident=user, kind=Milestone.Kind.TRAINING, happened_on=FIXED.date())
        Certificate.objects.create(code=new_code(), resident=user, content={"n": i})
        MembershipFactory(user=user, association=AssociationFactory())
        Invitation.objects.create(
            email=f"gast{i}@exempel.se", association=association, role="member", invited_by=user, expires_at=FIXED
        )


def test_the_number_of_queries_does_not_grow_with_the_rows(django_assert_num_queries):
    one = MemberProfileFactory().user
    many = MemberProfileFactory().user
    _rows(one, 1)
    _rows(many, 4)
    # groups, permissions, e-mail addresses; profile (+ skills, interests, own words); situation
    # history; claims; waiting lists; messages; message reports; saved searches; notifications;
    # invitations; association and staff
    # memberships; support links (+ consent events); intake (none here; with one, + its skills,
    # wanted categories and own words); milestones; notes; recommendations; access log; certificates; calendar feeds;
    # associations registered and reviewed; audit events; assignments created; claims decided;
    # claims registered for others; messages and reports.
    with django_assert_num_queries(32):
        personal_data(one)
    with django_assert_num_queries(32):
        data = personal_data(many)
    assert len(data["claims"]) == 4
    assert len(data["messages"]) == len(data["message_reports"]) == 4
    assert len(data["support_links"]) == 4
    assert all(len(link["consent_events"]) >= 1 for link in data["support_links"])


def test_the_page_makes_the_same_number_of_queries_for_one_row_as_for_many(client, django_assert_num_queries):
    one = MemberProfileFactory().user
    many = MemberProfileFactory().user
    _rows(one, 1)
    _rows(many, 3)
    client.force_login(one)
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("members:my_data"))
    client.force_login(many)
    with django_assert_num_queries(len(counted)):
        page = client.get(reverse("members:my_data")).content.decode()
    assert "Anteckning 2" in page


def test_an_empty_account_exports_empty_sections():
    data = personal_data(UserFactory())
    assert data["profile"] is None and data["intake"] is None
    assert data["claims"] == [] and data["certificates"] == []
    assert data["email_addresses"][0]["verified"] is True


def test_a_deleted_supporters_link_keeps_the_name_they_had(person):
    link = person["person"].support_links.filter(status="ended").get()
    link.supporter = None
    link.supporter_name = "Förra Handledaren"
    link.save()
    links = personal_data(person["person"])["support_links"]
    assert "Förra Handledaren" in [entry["other_person"] for entry in links]
