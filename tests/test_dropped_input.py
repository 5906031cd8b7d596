"""Nothing a person wrote is dropped without telling them: a refused form says why, keeps
the text as typed, and nothing is half done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assignments.forms import AssignmentForm, CancelForm, ClaimForm, ConfirmForm, DecisionForm
from assignments.models import Assignment, Claim
from associations.forms import AssociationDetailsForm, RejectForm
from associations.models import Association, AssociationMembership
from notifications.models import SavedSearch
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

LONG = "Hej! " * 202 + "ok"  # 1,012 characters


@pytest.fixture
def assignment():
    return AssignmentFactory(association=AssociationFactory(slug="rusksele"))


@pytest.fixture
def coordinator(assignment):
    return MembershipFactory(association=assignment.association, role=AssociationMembership.Role.COORDINATOR).user


@pytest.fixture
def pending(assignment):
    return ClaimFactory(assignment=assignment, resident=MemberProfileFactory(display_name="Anna L.").user)


def _manage(assignment, claim, action):
    return f"/foreningar/rusksele/uppdrag/{assignment.pk}/anmalningar/{claim.pk}/{action}/"


@pytest.mark.parametrize("action", ["godkann", "avboj"])
def test_a_too_long_decision_message_decides_nothing_and_keeps_the_text(client, coordinator, pending, action):
    assert len(LONG) == 1012
    client.force_login(coordinator)
    response = client.post(_manage(pending.assignment, pending, action), {"message": LONG})
    html = response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Claim.Status.PENDING
    assert pending.decision_message == ""
    assert "Inget är sparat eller skickat än. Svaret till Anna L. behöver rättas:" in html
    assert "Texten har 1012 tecken men får ha högst 1000 tecken." in html
    assert LONG in html


def test_a_decision_with_a_message_in_the_limit_is_sent_whole(client, coordinator, pending):
    client.force_login(coordinator)
    client.post(_manage(pending.assignment, pending, "godkann"), {"message": "Välkommen! " * 90})
    pending.refresh_from_db()
    assert pending.status == Claim.Status.ACCEPTED
    assert pending.decision_message == ("Välkommen! " * 90).strip()


def test_a_too_long_reference_says_so_instead_of_blaming_the_hours(client, coordinator, assignment):
    claim = ClaimFactory(assignment=assignment, status=Claim.Status.ACCEPTED)
    assignment.starts_at = timezone.now() - timedelta(days=1)
    assignment.ends_at = assignment.starts_at + timedelta(hours=2)
    assignment.places_taken = 1
    assignment.save()
    client.force_login(coordinator)
    reference = "Mycket noggrann. " * 130
    response = client.post(_manage(assignment, claim, "bekrafta"), {"hours": "2,5", "reference_text": reference})
    html = response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert "får ha högst 2000 tecken" in html
    assert "Skriv antalet timmar som ett tal" not in html
    assert reference.strip() in html
    assert 'value="2,5"' in html


def test_a_too_long_claim_message_keeps_the_text_to_shorten(client, assignment):
    resident = MemberProfileFactory().user
    client.force_login(resident)
    response = client.post(f"/uppdrag/{assignment.pk}/anmal/", {"message": LONG})
    html = response.content.decode()
    assert not Claim.objects.exists()
    assert "Texten har 1012 tecken men får ha högst 1000 tecken." in html
    assert LONG in html


def test_hours_that_are_not_a_number_keep_what_was_typed(client, assignment):
    resident = MemberProfileFactory().user
    assignment.starts_at = timezone.now() - timedelta(days=1)
    assignment.ends_at = assignment.starts_at + timedelta(hours=2)
    assignment.places_taken = 1
    assignment.save()
    claim = ClaimFactory(assignment=assignment, resident=resident, status=Claim.Status.ACCEPTED)
    client.force_login(resident)
    response = client.post(f"/mina-sidor/uppdrag/{claim.pk}/timmar/", {"hours": "två och en halv"})
    html = response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert "är inte rapporterade än" in html
    assert "Skriv antalet timmar som ett tal, till exempel 2,5." in html
    assert 'value="två och en halv"' in html


def test_a_too_long_cancel_reason_cancels_nothing_and_keeps_the_text(client, coordinator, assignment):
    client.force_login(coordinator)
    reason = "Det blev för mycket snö. " * 50
    response = client.post(f"/foreningar/rusksele/uppdrag/{assignment.pk}/stall-in/", {"reason": reason})
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PUBLISHED
    assert reason.strip() in response.content.decode()
    assert "får ha högst 1000 tecken" in response.content.decode()


def test_a_too_long_rejection_reason_decides_nothing(client):
    association = AssociationFactory(verification=Association.Verification.PENDING, verified_at=None)
    staff = StaffMembershipFactory(municipality=municipality("2481")).user
    client.force_login(staff)
    reason = "Stadgarna saknas. " * 120
    response = client.post(f"/kommuner/2481/granska/{association.slug}/", {"decision": "reject", "reason": reason})
    association.refresh_from_db()
    assert association.verification == Association.Verification.PENDING
    assert reason.strip() in response.content.decode()
    assert "får ha högst 2000 tecken" in response.content.decode()


def test_an_association_address_longer_than_the_database_takes_is_a_clear_error():
    form = AssociationDetailsForm(
        {"name": "Byaföreningen", "kind": "non_profit", "website": "https://exempel.se/" + "a" * 200},
        municipality=municipality("2481"),
    )
    assert not form.is_valid()
    assert "website" in form.errors


def test_a_too_long_saved_search_is_refused_not_cut_short(client):
    resident = MemberProfileFactory().user
    client.force_login(resident)
    query = "q=snö&" + "&".join(f"category={n}" for n in range(400))
    response = client.post("/mina-sidor/bevakningar/ny/", {"query": query}, follow=True)
    assert not SavedSearch.objects.exists()
    assert "Sökningen har för många val för att sparas." in response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/uppdrag/?q=sn")


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (ClaimForm(), "message"),
        (DecisionForm(), "message"),
        (ConfirmForm(), "reference_text"),
        (CancelForm(), "reason"),
        (RejectForm(), "reason"),
    ],
)
def test_every_textarea_has_a_limit_the_server_keeps_and_the_browser_does_not_cut(form, field):
    assert form.fields[field].max_length
    assert "maxlength" not in str(form[field])


def test_the_assignment_and_association_textareas_have_limits_too(assignment):
    form = AssignmentForm(association=assignment.association)
    for name in ("description", "how_to_get_there", "what_to_bring"):
        assert form.fields[name].max_length
    assert AssociationDetailsForm(municipality=municipality("2481")).fields["description"].max_length
