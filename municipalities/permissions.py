from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from municipalities.models import Municipality, StaffMembership
from uppdragsbanken.permissions import ensure_verified


def ensure_staff(user, municipality: Municipality, roles=tuple(StaffMembership.Role)) -> StaffMembership:
    ensure_verified(user)
    staff = StaffMembership.objects.filter(user=user, municipality=municipality).first()
    if staff is None or staff.role not in roles:
        if StaffMembership.Role.VIEWER in roles:
            # A page every staff role may see: telling a resident "only admins" would be wrong.
            raise PermissionDenied(
                _("Det här är bara för kommunens personal i %(name)s.") % {"name": municipality.name}
            )
        raise PermissionDenied(
            _("Det här får bara kommunens administratörer för %(name)s göra.") % {"name": municipality.name}
        )
    return staff


def ensure_staff_admin(user, municipality: Municipality) -> StaffMembership:
    return ensure_staff(user, municipality, (StaffMembership.Role.ADMIN,))


def staff_or_404(user, municipality: Municipality) -> StaffMembership:
    """The person's staff membership of the municipality, for its staff pages.

    Someone who is not its staff gets "page not found", not "forbidden": the staff pages of
    another municipality are not theirs to know about. Raises PermissionDenied for a person
    whose e-mail address is not confirmed yet, and Http404 for anyone else not on its staff."""
    from django.http import Http404

    ensure_verified(user)
    staff = StaffMembership.objects.filter(user=user, municipality=municipality).first()
    if staff is None:
        raise Http404
    return staff
