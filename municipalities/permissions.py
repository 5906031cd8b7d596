from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from municipalities.models import Municipality, StaffMembership
from uppdragsbanken.permissions import ensure_verified


def ensure_staff(user, municipality: Municipality, roles=tuple(StaffMembership.Role)) -> StaffMembership:
    ensure_verified(user)
    staff = StaffMembership.objects.filter(user=user, municipality=municipality).first()
    if staff is None or staff.role not in roles:
        raise PermissionDenied(
            _("Det här får bara kommunens administratörer för %(name)s göra.") % {"name": municipality.name}
        )
    return staff


def ensure_staff_admin(user, municipality: Municipality) -> StaffMembership:
    return ensure_staff(user, municipality, (StaffMembership.Role.ADMIN,))
