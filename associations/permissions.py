from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from associations.models import Association, AssociationMembership
from uppdragsbanken.permissions import ensure_verified

Role = AssociationMembership.Role
MANAGERS = (Role.ADMIN, Role.COORDINATOR)


def membership_of(user, association: Association) -> AssociationMembership | None:
    if not user.is_authenticated:
        return None
    return AssociationMembership.objects.filter(user=user, association=association).first()


def ensure_association_role(user, association: Association, roles=tuple(Role)) -> AssociationMembership:
    """Refuse unless the user is a verified member of the association with one of the roles."""
    ensure_verified(user)
    membership = membership_of(user, association)
    if membership is None:
        raise PermissionDenied(_("Du är inte medlem i %(name)s.") % {"name": association.name})
    if membership.role not in roles:
        raise PermissionDenied(
            _("Det här får bara föreningens administratörer göra.")
            if roles == (Role.ADMIN,)
            else _("Det här får bara föreningens administratörer och samordnare göra.")
        )
    return membership


def ensure_association_admin(user, association: Association) -> AssociationMembership:
    return ensure_association_role(user, association, (Role.ADMIN,))


def can_view_association(user, association: Association) -> bool:
    """Verified associations are public; others only for their members and their municipality's staff."""
    if association.is_verified or association.is_suspended:
        return True  # a suspended one stays visible, saying that sign-up is paused
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if AssociationMembership.objects.filter(user=user, association=association).exists():
        return True
    return user.staff_memberships.filter(municipality_id=association.municipality_id).exists()
