"""Workflows of an assessment team: start, invite, assign, answer, agree, review."""

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Official, SecurityEvent, User
from accounts.officials import speaks_for, verify_by_invitation
from accounts.security import log_event
from frameworks.models import Framework, Question, Section
from reference.models import Agency, AgencyType, Country

from .models import (
    AgreedAnswer,
    Answer,
    Assessment,
    Comment,
    Evidence,
    Invitation,
    Membership,
    Role,
    SectionAssignment,
    SectionReview,
    SectionStatus,
)

INVITATION_LIFETIME = timedelta(days=14)


class StaleAnswer(Exception):
    """Someone saved the same answer since this user loaded it."""

    def __init__(self, current):
        super().__init__("stale answer")
        self.current = current


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def start_assessment(
    *,
    user: User,
    country: Country,
    framework: Framework,
    title: str,
    agency_type: AgencyType,
    agency_name: str,
    agency_acronym: str = "",
    description: str = "",
    target_date: date | None = None,
) -> Assessment:
    """Open an assessment; the user who starts it becomes its coordinator."""
    agency, _created = Agency.objects.get_or_create(
        country=country, name=agency_name.strip(), defaults={"agency_type": agency_type, "acronym": agency_acronym}
    )
    assessment = Assessment.objects.create(
        country=country,
        framework=framework,
        title=title,
        description=description,
        target_date=target_date,
        created_by=user,
    )
    Membership.objects.create(assessment=assessment, user=user, agency=agency, role=Role.COORDINATOR)
    return assessment


@transaction.atomic
def invite_member(*, by: Membership, email: str, agency: Agency, role: str, accept_url_for) -> Invitation:
    """Email a one-time link that expires; ``accept_url_for(token)`` builds the absolute URL."""
    email = email.strip().lower()
    assessment = by.assessment
    if assessment.memberships.active().filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already on the team.")})
    if agency.country_id != assessment.country_id:
        raise ValidationError({"agency": _("Choose an agency of %(country)s.") % {"country": assessment.country}})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        assessment=assessment,
        email=email,
        agency=agency,
        role=role,
        token_hash=_hash_token(token),
        invited_by=by.user,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    log_event(
        SecurityEvent.Kind.INVITATION_SENT, user=by.user, detail=f"{email} to assessment {assessment.pk} as {role}"
    )
    verified = invitation_speaks_for_state(invitation)
    context = {"invitation": invitation, "url": accept_url_for(token), "inviter": by.user, "speaks_for_state": verified}
    send_mail(
        subject=(
            _("Invitation to the ATT assessment “%(title)s”")
            if verified
            else _("Invitation to an unverified team's assessment “%(title)s”")
        )
        % {"title": assessment.title},
        message=render_to_string("assessments/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


def team_speaks_for_state(assessment: Assessment) -> bool:
    """A state's verified team: started by an official the state (through staff or its coordinator) verified."""
    return (
        assessment.created_by_id is not None
        and Official.objects.of_state(assessment.country_id).filter(user_id=assessment.created_by_id).exists()
    )


def invitation_speaks_for_state(invitation: Invitation) -> bool:
    """An invitation may name the state (and its agency) only when a verified official of it sends it, from the
    state's verified team: an outsider's team called "Philippines" must not read as the Philippines."""
    return (
        invitation.invited_by is not None
        and speaks_for(invitation.invited_by, invitation.assessment.country_id)
        and team_speaks_for_state(invitation.assessment)
    )


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("assessment__country", "agency", "invited_by__official")
        .filter(token_hash=_hash_token(token))
        .first()
    )


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str = ""
) -> Membership:
    """Join the team. A newcomer gets an account with the password they chose."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired, been revoked or already been used."))
    if user is not None and user.email.lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another email address: sign in with that one."))
    if user is None:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is not None:
            raise ValidationError(_("An account with this email exists: sign in first, then open the link again."))
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name, agency=invitation.agency
        )
    membership, created = Membership.objects.get_or_create(
        assessment=invitation.assessment,
        user=user,
        defaults={"agency": invitation.agency, "role": invitation.role},
    )
    if not created:
        # A removed member coming back: same row, so their history stays in one place.
        membership.agency, membership.role, membership.removed_at = invitation.agency, invitation.role, None
        membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if team_speaks_for_state(invitation.assessment):
        # An invitation from the state's verified coordinator vouches for the invitee (verify_by_invitation checks).
        verify_by_invitation(
            user=user,
            country=invitation.assessment.country,
            inviter=invitation.invited_by,
            coordinator=invitation.role == Role.COORDINATOR,
        )
    log_event(SecurityEvent.Kind.INVITATION_ACCEPTED, user=user, detail=f"assessment {invitation.assessment_id}")
    return membership


def revoke_invitation(*, invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def _other_coordinators(member: Membership):
    return member.assessment.memberships.active().filter(role=Role.COORDINATOR).exclude(pk=member.pk)


@transaction.atomic
def remove_member(*, member: Membership) -> None:
    """Remove someone from the team; their past answers stay attributed to them."""
    if member.role == Role.COORDINATOR and not _other_coordinators(member).exists():
        raise ValidationError(_("The last coordinator cannot be removed: make someone else coordinator first."))
    member.removed_at = timezone.now()
    member.save(update_fields=["removed_at"])
    log_event(SecurityEvent.Kind.MEMBER_REMOVED, user=member.user, detail=f"assessment {member.assessment_id}")


@transaction.atomic
def change_role(*, member: Membership, role: str) -> None:
    if member.role == Role.COORDINATOR and role != Role.COORDINATOR and not _other_coordinators(member).exists():
        raise ValidationError(_("The team needs at least one coordinator."))
    log_event(
        SecurityEvent.Kind.ROLE_CHANGED,
        user=member.user,
        detail=f"assessment {member.assessment_id}: {member.role} → {role}",
    )
    member.role = role
    member.save(update_fields=["role"])


@transaction.atomic
def set_assignments(*, assessment: Assessment, wanted: set[tuple[int, int]]) -> None:
    """Make the section→agency assignments exactly ``wanted`` (pairs of ids), keeping history."""
    current = {(a.section_id, a.agency_id): a for a in assessment.assignments.all()}
    for pair in set(current) - wanted:
        current[pair].delete()
    for section_id, agency_id in wanted - set(current):
        SectionAssignment.objects.create(assessment=assessment, section_id=section_id, agency_id=agency_id)


def _mark_in_progress(assessment: Assessment, section_id: int, user: User) -> None:
    review, _created = SectionReview.objects.get_or_create(assessment=assessment, section_id=section_id)
    if review.status == SectionStatus.NOT_STARTED:
        review.status = SectionStatus.IN_PROGRESS
        review.updated_by = user
        review.save()


def save_position(
    *,
    membership: Membership,
    question: Question,
    value: str,
    reason: str,
    notes: str,
    legal_references: list[dict],
    base_version: int,
    force: bool = False,
    editor: str = "",
    agency: Agency | None = None,
    change_reason: str = "",
) -> Answer:
    """Save the member's agency's answer to a question.

    ``base_version`` is the version the user started from (0 for a new answer).
    If someone saved since, StaleAnswer carries what they saved; ``force`` (the
    user chose to keep theirs after seeing it) overwrites. ``editor`` is the token
    of the browser page that sends the save: saves made since by that same page
    (same user, same token) are its own, never a conflict.

    Any save of an answer carried over from a baseline, unchanged included, confirms it:
    the mark goes and ``answer.confirmed_now`` is True.

    ``agency`` lets a coordinator save for another agency of the team (one without accounts, say, whose
    answers came back in a workbook); ``change_reason`` goes into the history beside the saved version.
    """
    assessment = membership.assessment
    agency = agency or membership.agency
    if agency.pk != membership.agency_id and not membership.is_coordinator:
        raise PermissionDenied("Only coordinators save answers for another agency.")
    fields = {"value": value, "reason": reason, "notes": notes, "legal_references": legal_references}
    user = membership.user
    try:
        with transaction.atomic():
            answer = (
                Answer.objects.select_for_update()
                .filter(assessment=assessment, question=question, agency=agency)
                .first()
            )
            if answer is None:
                if base_version != 0 and not force:
                    raise StaleAnswer(None)
                answer = Answer(
                    assessment=assessment,
                    question=question,
                    agency=agency,
                    author=user,
                    editor=editor,
                    **fields,
                )
                answer._history_user = membership.user  # also outside a request (commands, imports)
                answer._change_reason = change_reason or None
                answer.save()
            else:
                unchanged = all(getattr(answer, name) == field_value for name, field_value in fields.items())
                # A save of exactly what is stored is never a conflict, whatever version the form held: it is
                # typically the same page's own save arriving twice (a blur and a click, a retry after a timeout).
                own_page = bool(editor) and answer.editor == editor and answer.author_id == user.pk
                if answer.version != base_version and not force and not unchanged and not own_page:
                    raise StaleAnswer(answer)
                if unchanged and not answer.carried_over:
                    return answer  # an autosave of what is already stored: no new version, no history noise
                # Saved unchanged, a carried-over answer is confirmed: a new version, so the history says who did.
                answer.confirmed_now, answer.carried_over = answer.carried_over, False
                for name, field_value in fields.items():
                    setattr(answer, name, field_value)
                answer.author, answer.editor = user, editor
                answer.version += 1
                answer._history_user = membership.user
                answer._change_reason = change_reason or None
                answer.save()
            _mark_in_progress(assessment, question.section_id, membership.user)
    except IntegrityError as exc:
        # Two first saves raced and the other one won: that is a stale save too.
        current = Answer.objects.filter(assessment=assessment, question=question, agency=agency).first()
        raise StaleAnswer(current) from exc
    return answer


@transaction.atomic
def agree_answer(
    *, membership: Membership, question: Question, value: str, reason: str, base_version: int
) -> AgreedAnswer:
    """Record the team's agreed answer where agencies differ (coordinators only)."""
    agreed = (
        AgreedAnswer.objects.select_for_update().filter(assessment=membership.assessment, question=question).first()
    )
    if agreed is None:
        agreed = AgreedAnswer(assessment=membership.assessment, question=question, version=0)
    elif agreed.version != base_version:
        raise StaleAnswer(agreed)
    agreed.value, agreed.reason, agreed.decided_by = value, reason, membership.user
    agreed.carried_over = False  # recorded again for this round: no longer the baseline's answer
    agreed.version += 1
    agreed._history_user = membership.user
    try:
        with transaction.atomic():
            agreed.save()
    except IntegrityError as exc:  # another coordinator recorded the first agreement at the same moment
        raise StaleAnswer(None) from exc
    return agreed


def add_comment(*, membership: Membership, question: Question, body: str) -> Comment:
    return Comment.objects.create(
        assessment=membership.assessment, question=question, author=membership.user, body=body
    )


def add_evidence(*, membership: Membership, question: Question, title: str, url: str = "", upload=None) -> Evidence:
    evidence = Evidence(
        assessment=membership.assessment,
        question=question,
        agency=membership.agency,
        title=title,
        url=url,
        uploaded_by=membership.user,
    )
    if upload is not None:
        evidence.original_name = upload.name[:255]
        evidence.content_type = upload.content_type
        evidence.size = upload.size
        evidence.file = upload
    evidence.save()
    return evidence


SECTION_TRANSITIONS = {
    # action: (who may do it, allowed from, to)
    "submit": (False, {SectionStatus.NOT_STARTED, SectionStatus.IN_PROGRESS}, SectionStatus.SUBMITTED),
    "agree": (True, {SectionStatus.IN_PROGRESS, SectionStatus.SUBMITTED}, SectionStatus.AGREED),
    "reopen": (True, {SectionStatus.SUBMITTED, SectionStatus.AGREED}, SectionStatus.IN_PROGRESS),
}


@transaction.atomic
def change_section_status(*, membership: Membership, section: Section, action: str) -> SectionReview:
    coordinator_only, allowed_from, target = SECTION_TRANSITIONS[action]
    if coordinator_only and not membership.is_coordinator:
        raise ValidationError(_("Only a coordinator can do this."))
    review, _created = SectionReview.objects.select_for_update().get_or_create(
        assessment=membership.assessment, section=section
    )
    if review.status not in allowed_from:
        raise ValidationError(
            _("A section that is “%(status)s” cannot be changed this way.") % {"status": review.get_status_display()}
        )
    review.status = target
    review.updated_by = membership.user
    review.save()
    return review


def set_locked(*, assessment: Assessment, locked: bool) -> None:
    assessment.status = Assessment.Status.LOCKED if locked else Assessment.Status.ACTIVE
    assessment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def set_two_factor_requirement(*, by: Membership, required: bool, verified: bool) -> None:
    """Require (or stop requiring) two-step sign-in of every member of ``by``'s team.

    Only a coordinator whose own session passed two-step sign-in (``verified``) may require it:
    nobody imposes on the team a step they have not set up themselves.
    """
    if required and not verified:
        raise ValidationError(
            _(
                "Set up two-step sign-in for your own account first (on your profile page) and sign in with it; "
                "then you can require it of the team."
            )
        )
    assessment = by.assessment
    if assessment.require_two_factor == required:
        return
    assessment.require_two_factor = required
    assessment.save(update_fields=["require_two_factor", "updated_at"])
    log_event(
        SecurityEvent.Kind.TEAM_TWO_FACTOR_CHANGED,
        user=by.user,
        detail=f"assessment {assessment.pk}: two-step sign-in {'required' if required else 'optional'}",
    )
