from django.db import transaction

from members.models import MemberProfile, User


@transaction.atomic
def profile_update(*, user: User, skills, interests, **fields) -> MemberProfile:
    """Create or change the resident's own profile. Only ever their own: the view passes request.user."""
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.skills.set(skills)
    profile.interests.set(interests)
    return profile
