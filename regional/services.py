"""The sharing workflow: a coordinator's choice, kept in history and in the security log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import SecurityEvent
from accounts.officials import speaks_for
from accounts.security import log_event
from assessments.models import Membership

from .models import Sharing, SharingLevel

SHARING_CHANGED = SecurityEvent.Kind.SHARING_CHANGED
CURRENT_CHANGED = SecurityEvent.Kind.CURRENT_ASSESSMENT_CHANGED


def _state_current(assessment):
    """The state's current shared assessments in the assessment's track (normally one), locked for the change."""
    return Sharing.objects.select_for_update().filter(
        current=True,
        assessment__country_id=assessment.country_id,
        assessment__framework__track=assessment.framework.track,
    )


@transaction.atomic
def set_sharing(*, by: Membership, level: str, request=None) -> bool:
    """Set what the assessment shares with regional organizations; returns whether anything changed.

    The caller has checked that `by` is a coordinator (membership_or_404(coordinator=True)). A verified official of
    the state who shares the state's first assessment in a track makes it the state's current one; stopping sharing
    stops it being current.
    """
    if level not in SharingLevel.values:
        raise ValueError(f"unknown sharing level {level!r}")
    # The state's first shared assessment in a track, shared by its verified official, becomes its current one.
    first_of_state = (
        level != SharingLevel.PRIVATE
        and speaks_for(by.user, by.assessment.country_id)
        and not _state_current(by.assessment).exclude(assessment_id=by.assessment_id).exists()
    )
    sharing, created = Sharing.objects.select_for_update().get_or_create(
        assessment_id=by.assessment_id, defaults={"level": level, "changed_by": by.user, "current": first_of_state}
    )
    previous = SharingLevel.PRIVATE if created else sharing.level
    if previous == level:
        return False
    if not created:
        sharing.level, sharing.changed_by = level, by.user
        sharing.current = level != SharingLevel.PRIVATE and (sharing.current or first_of_state)
        sharing.save()
    log_event(
        SHARING_CHANGED,
        request=request,
        user=by.user,
        detail=f"assessment {by.assessment_id}: {previous} -> {level}",
    )
    return True


@transaction.atomic
def make_current(*, by: Membership, request=None) -> bool:
    """Make the assessment its state's current one in its track (the one regional figures use); returns whether
    anything changed. Only a verified official of the state does it, for a shared assessment."""
    assessment = by.assessment
    if not speaks_for(by.user, assessment.country_id):
        raise ValidationError(
            _("Only a verified official of %(country)s chooses its current assessment.")
            % {"country": assessment.country}
        )
    sharing = Sharing.objects.select_for_update().filter(assessment_id=assessment.pk).first()
    if sharing is None or sharing.level == SharingLevel.PRIVATE:
        raise ValidationError(_("Share the assessment first: a private assessment gives no regional figure."))
    if sharing.current:
        return False
    for other in _state_current(assessment):
        other.current = False
        other.save()  # one by one, not update(): each change stays in history
    sharing.current, sharing.changed_by = True, by.user
    sharing.save()
    log_event(
        CURRENT_CHANGED, request=request, user=by.user, detail=f"assessment {assessment.pk} of {assessment.country}"
    )
    return True
