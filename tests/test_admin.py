"""Django admin is the platform admins' tool: every list page works, with its search and filters."""

import pytest
from django.contrib import admin

from associations import services
from tests.factories import AssociationFactory, ClaimFactory, MembershipFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_data(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    claim = ClaimFactory()
    admin_membership = MembershipFactory(association=claim.assignment.association, role="admin")
    services.invitation_create(
        by=admin_membership.user, association=admin_membership.association, email="x@exempel.se", role="member"
    )
    staff = StaffMembershipFactory()
    services.association_verify(
        association=AssociationFactory(verification="pending", verified_at=None, municipality=staff.municipality),
        by=staff.user,
    )
    return client


@pytest.mark.parametrize("model", [m for m in admin.site._registry], ids=lambda m: m._meta.label)
def test_every_admin_list_page_opens_and_searches(admin_client_with_data, model):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client_with_data.get(url).status_code == 200
    assert admin_client_with_data.get(url, {"q": "Lycksele"}).status_code == 200


def test_the_audit_log_can_be_read_but_not_changed(admin_client_with_data):
    from municipalities.models import AuditEvent

    event = AuditEvent.objects.get()
    assert admin_client_with_data.get("/admin/municipalities/auditevent/").status_code == 200
    response = admin_client_with_data.post(f"/admin/municipalities/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
