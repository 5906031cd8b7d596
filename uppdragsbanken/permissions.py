"""Who may do what. Services call these before they change anything."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def ensure_verified(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Du behöver logga in först."))
    if not has_verified_email(user):
        raise PermissionDenied(_("Bekräfta din e-postadress först. Vi har skickat en länk till dig."))
