from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MemberProfile, User


@transaction.atomic
def profile_update(*, user: User, skills, interests, situation_consent: bool, **fields) -> MemberProfile:
    """Create or change the resident's own profile. Only ever their own: the view passes request.user.

    A situation is kept only with consent. Consent given earlier keeps its time; without
    consent the situation must be empty, and the recorded consent is removed.
    """
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.situation and not situation_consent:
        raise ValidationError({"situation": _("Din situation sparas bara om du samtycker till det.")})
    profile.situation_consent_at = (profile.situation_consent_at or timezone.now()) if profile.situation else None
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.skills.set(skills)
    profile.interests.set(interests)
    return profile
