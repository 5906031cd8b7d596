from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate


@transaction.atomic
def certificates_revoke_for_account_deletion(*, user) -> int:
    """Revoke every certificate of `user` because the account is being deleted.

    Input: the User about to be deleted. Each of their certificates, revoked or not, loses
    its content and its link to the person; one not yet revoked is marked revoked (now, UTC)
    because the account was deleted, so `/intyg/<code>/` says it was revoked and shows
    nothing about whom it was issued to. Output: how many certificates there were.
    Raises nothing.
    """
    certificates = Certificate.objects.select_for_update().filter(resident=user)
    count = 0
    for certificate in certificates:
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_because = Certificate.RevokedBecause.ACCOUNT_DELETED
        certificate.content = {}
        certificate.resident = None
        certificate.save(update_fields=["revoked_at", "revoked_because", "content", "resident"])
        certificate.claims.clear()
        count += 1
    return count
