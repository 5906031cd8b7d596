import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assignments.models import AssignmentOwnSkill, Claim, Skill
from certificates import services
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke, code_from_input
from pathways.models import Milestone
from tests.certificates.conftest import confirmed_claim
from tests.factories import ClaimFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db

CROCKFORD = re.compile(r"^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$")


def issue_one(resident, claim=None):
    claim = claim or confirmed_claim(resident)
    return certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)


def test_a_certificate_freezes_each_assignment_as_it_was_confirmed(resident):
    claim = confirmed_claim(resident, hours="2.5", reference="Sara målade noggrant och i tid.")
    skill = Skill.objects.order_by("pk").first()
    claim.assignment.skills.add(skill)
    AssignmentOwnSkill.objects.create(assignment=claim.assignment, name="Penselarbete")

    certificate = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)

    row = certificate.content["assignments"][0]
    assert certificate.content["name"] == "Sara i Rusksele"
    assert row["title"] == "Måla staketet vid bygdegården"
    assert row["association"] == "Rusksele byaförening"
    assert row["organisation_number"] == claim.assignment.association.organisation_number
    assert row["municipality"] == "Lycksele"
    assert row["locality"] == claim.assignment.locality.name
    assert row["date"] == "2026-03-14"
    assert row["hours"] == "2.5"
    assert row["skills"] == [skill.label_sv, "Penselarbete"]
    assert row["reference"] == "Sara målade noggrant och i tid."
    assert certificate.content["total_hours"] == "2.5"
    assert certificate.content["milestones"] == []


def test_later_changes_to_the_assignment_do_not_change_the_certificate(resident):
    claim = confirmed_claim(resident)
    certificate = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)
    claim.assignment.title = "Något helt annat"
    claim.assignment.save()
    resident.profile.display_name = "Nytt namn"
    resident.profile.save()
    certificate.refresh_from_db()
    assert certificate.content["assignments"][0]["title"] == "Måla staketet vid bygdegården"
    assert certificate.content["name"] == "Sara i Rusksele"


def test_the_resident_may_write_their_real_name_and_the_total_adds_up(resident):
    claims = [confirmed_claim(resident, title=f"Uppdrag {n}", hours=hours) for n, hours in enumerate(["3", "1.5", "4"])]
    certificate = certificate_issue(
        resident=resident, claims=claims, name="  Sara   Lindqvist ", include_milestones=False
    )
    assert certificate.content["name"] == "Sara Lindqvist"
    assert certificate.content["total_hours"] == "8.5"
    assert set(certificate.claims.all()) == set(claims)


def test_milestones_come_along_only_when_asked(resident):
    claim = confirmed_claim(resident)
    Milestone.objects.create(resident=resident, kind=Milestone.Kind.TRAINING, happened_on=date(2026, 2, 1))
    without = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)
    with_steps = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=True)
    assert without.content["milestones"] == []
    assert {"kind": "training", "label": "Kurs eller utbildning klar", "date": "2026-02-01"} in with_steps.content[
        "milestones"
    ]


def test_another_residents_claim_is_refused_and_nothing_is_issued(resident):
    other = MemberProfileFactory().user
    theirs = confirmed_claim(other)
    with pytest.raises(ValidationError, match="bara ha dina egna uppdrag"):
        certificate_issue(resident=resident, claims=[theirs], name="", include_milestones=False)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("status", [Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.PENDING])
def test_a_claim_not_yet_confirmed_is_refused(resident, status):
    claim = ClaimFactory(resident=resident, status=status)
    with pytest.raises(ValidationError, match="föreningen har bekräftat"):
        certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)
    assert not Certificate.objects.exists()


def test_eleven_assignments_do_not_fit_and_are_refused(resident):
    claims = [confirmed_claim(resident, title=f"Uppdrag {n}") for n in range(11)]
    with pytest.raises(ValidationError, match="högst 10 uppdrag"):
        certificate_issue(resident=resident, claims=claims, name="", include_milestones=False)
    certificate = certificate_issue(resident=resident, claims=claims[:10], name="", include_milestones=False)
    assert len(certificate.content["assignments"]) == 10


def test_no_assignment_is_refused(resident):
    with pytest.raises(ValidationError, match="minst ett uppdrag"):
        certificate_issue(resident=resident, claims=[], name="", include_milestones=False)


def test_codes_are_twelve_crockford_characters_and_differ(resident):
    claim = confirmed_claim(resident)
    codes = {issue_one(resident, claim).code for _ in range(20)}
    assert len(codes) == 20
    assert all(CROCKFORD.match(code) for code in codes)


def test_a_code_collision_is_retried_with_a_new_code(resident, monkeypatch):
    claim = confirmed_claim(resident)
    first = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)
    offered = iter([first.code, first.code, "ABCDEFGHJKMN"])
    monkeypatch.setattr(services, "new_code", lambda: next(offered))
    second = certificate_issue(resident=resident, claims=[claim], name="", include_milestones=False)
    assert second.code == "ABCDEFGHJKMN"
    assert Certificate.objects.count() == 2


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("K7QF-3MZD-X9A2", "K7QF3MZDX9A2"),
        ("k7qf 3mzd x9a2", "K7QF3MZDX9A2"),
        (" k7qf3mzdx9a2 ", "K7QF3MZDX9A2"),
        ("OOOO-IIII-LLLL", "000011111111"),
    ],
)
def test_a_code_is_read_the_way_people_type_it(typed, code):
    assert code_from_input(typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "K7QF3MZDX9A",
        "K7QF3MZDX9A22",
        "K7QF3MZDX9AU",
        "K7QF3MZD\x00X9A",
        "K7QF3MZDX9Ä2",
        "٢٤٨١٢٤٨١٢٤٨١",
        "9" * 400,
        "K7QF3MZD/X9A",
        None,
        12345,
    ],
)
def test_anything_that_cannot_be_a_code_is_none_not_an_error(typed):
    assert code_from_input(typed) is None


def test_the_resident_revokes_their_certificate_once(resident):
    certificate = issue_one(resident)
    certificate_revoke(certificate=certificate, by=resident)
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_because == Certificate.RevokedBecause.RESIDENT
    with pytest.raises(ValidationError, match="redan återkallat"):
        certificate_revoke(certificate=certificate, by=resident)


def test_nobody_else_can_revoke_it(resident):
    certificate = issue_one(resident)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, by=MemberProfileFactory().user)
    certificate.refresh_from_db()
    assert not certificate.is_revoked
