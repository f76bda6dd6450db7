"""The sharing workflow: a coordinator's choice, kept in history and in the security log."""

from django.db import transaction

from accounts.models import SecurityEvent
from accounts.security import log_event
from assessments.models import Membership

from .models import Sharing, SharingLevel

SHARING_CHANGED = SecurityEvent.Kind.SHARING_CHANGED


@transaction.atomic
def set_sharing(*, by: Membership, level: str, request=None) -> bool:
    """Set what the assessment shares with regional organizations; returns whether anything changed.

    The caller has checked that `by` is a coordinator (membership_or_404(coordinator=True)).
    """
    if level not in SharingLevel.values:
        raise ValueError(f"unknown sharing level {level!r}")
    sharing, created = Sharing.objects.select_for_update().get_or_create(
        assessment_id=by.assessment_id, defaults={"level": level, "changed_by": by.user}
    )
    previous = SharingLevel.PRIVATE if created else sharing.level
    if previous == level:
        return False
    if not created:
        sharing.level = level
        sharing.changed_by = by.user
        sharing.save()
    log_event(
        SHARING_CHANGED,
        request=request,
        user=by.user,
        detail=f"assessment {by.assessment_id}: {previous} -> {level}",
    )
    return True
