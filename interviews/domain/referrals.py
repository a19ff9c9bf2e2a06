""" "Who else should I talk to?": referrals recorded after a held meeting.

Either participant records one: to another mentor of the directory, or to
someone outside it (name, organization, how to reach them). Both participants
and advisors read them; nobody else. A referral to a directory mentor gives the
student a link that opens a request to that mentor with "someone referred me"
and the referring mentor's name filled in; the request sent from it is linked
to the referral, and when it becomes a meeting the referring mentor is told
(requests.answers.accept_slot → notify.referral_became_meeting).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..enums import MEETING_STATUSES, OPEN_STATUSES, ApprovalState, Party, RequestStatus
from ..models import InterviewRequest, MentorProfile, Referral
from .access import ADVISOR
from .directory import DirectoryFilters, listed_mentors, search_mentors, similar_mentors
from .errors import NotAllowed
from .history import lock_request, party_for
from .requests import RequestDraft, send_request

# How many mentors the referral form offers at once (a search narrows them).
CANDIDATE_LIMIT = 10
# How many referrals one meeting can list.
REFERRAL_LIMIT = 10
# A request in one of these states is what the referral led to; the student is
# not offered to write again.
USED_STATUSES = (*OPEN_STATUSES, *MEETING_STATUSES)


# What the length checks call each field.
FIELD_LABELS = {
    "outside_name": "name",
    "outside_organization": "organization",
    "outside_contact": "way to reach them",
    "note": "note",
}


def referral_candidates(
    request: InterviewRequest, *, query: str = "", now: datetime
) -> list[MentorProfile]:
    """Directory mentors one may refer the student to: a search's first matches,
    or, without one, mentors similar to this meeting's mentor. Never the two
    participants, nor someone already referred from this meeting."""
    excluded = {request.mentor_id, request.student_id}
    excluded |= set(
        Referral.objects.filter(request=request, to_mentor__isnull=False).values_list(
            "to_mentor_id", flat=True
        )
    )
    query = query.strip()
    if query:
        found = search_mentors(DirectoryFilters(query=query), now=now).exclude(user_id__in=excluded)
        return list(found[:CANDIDATE_LIMIT])
    profile = MentorProfile.objects.filter(user_id=request.mentor_id).first()
    if profile is None:
        return []
    similar = similar_mentors(profile, now=now, limit=CANDIDATE_LIMIT + len(excluded))
    return [p for p in similar if p.user_id not in excluded][:CANDIDATE_LIMIT]


def referrals_of(request: InterviewRequest, part: str) -> list[Referral]:
    """The meeting's referrals, for its two participants and advisors only."""
    if part not in (Party.STUDENT, Party.MENTOR, ADVISOR):
        return []
    return list(
        Referral.objects.filter(request=request)
        .select_related("made_by", "to_mentor", "to_mentor__mentor_profile", "resulting_request")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class ReferralRow:
    """One referral as the request page shows it to one viewer."""

    referral: Referral
    offer_request: bool  # the student may write to the referred mentor now
    offer_remove: bool  # the viewer wrote it and may take it back


def referral_rows(request: InterviewRequest, part: str, user) -> list[ReferralRow]:
    rows = []
    for referral in referrals_of(request, part):
        referral.request = request  # loaded already, with both people
        rows.append(
            ReferralRow(
                referral=referral,
                offer_request=part == Party.STUDENT and may_request_from(referral),
                offer_remove=part != ADVISOR and may_remove(referral, user),
            )
        )
    return rows


def referrer_name(referral: Referral) -> str:
    """Who referred the student: the mentor of the meeting the referral came
    from (whoever of the two wrote it down)."""
    return referral.request.mentor.display_name


def is_listed(mentor) -> bool:
    """Still in the directory (not deleted, deactivated or unapproved). Reads the
    profile loaded with the referral (referrals_of), so a list costs no query."""
    profile = getattr(mentor, "mentor_profile", None)
    return (
        mentor.is_active
        and mentor.deleted_at is None
        and profile is not None
        and profile.approval_state == ApprovalState.APPROVED
    )


def may_request_from(referral: Referral) -> bool:
    """Whether the student is offered the referral's request link now."""
    if referral.to_mentor_id is None or not is_listed(referral.to_mentor):
        return False
    led_to = referral.resulting_request
    return led_to is None or led_to.status not in USED_STATUSES


def may_remove(referral: Referral, user) -> bool:
    """Whether `user` is offered to remove the referral (see remove_referral)."""
    return referral.made_by_id == user.pk and referral.resulting_request_id is None


def _check_lengths(**values: str) -> None:
    for name, value in values.items():
        limit = Referral._meta.get_field(name).max_length
        if len(value) > limit:
            raise NotAllowed(f"The {FIELD_LABELS[name]} can be at most {limit} characters long.")


def make_referral(
    *,
    request_id: int,
    user,
    to_mentor_id: int | None = None,
    outside_name: str = "",
    outside_organization: str = "",
    outside_contact: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Referral:
    """A participant of a held meeting names someone else worth talking to."""
    now = now or timezone.now()
    outside_name = outside_name.strip()
    outside_organization = outside_organization.strip()
    outside_contact = outside_contact.strip()
    note = note.strip()
    if to_mentor_id and (outside_name or outside_organization or outside_contact):
        raise NotAllowed("Choose a mentor from the directory or name someone outside it, not both.")
    if not to_mentor_id and not outside_name:
        raise NotAllowed("Choose a mentor from the directory, or give the name of someone else.")
    _check_lengths(
        outside_name=outside_name,
        outside_organization=outside_organization,
        outside_contact=outside_contact,
        note=note,
    )
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        party = party_for(request, user)
        if request.status != RequestStatus.HELD:
            raise NotAllowed(
                "Referrals follow a meeting that took place; "
                f"this request is {request.get_status_display().lower()}."
            )
        existing = Referral.objects.filter(request=request)
        if existing.count() >= REFERRAL_LIMIT:
            raise NotAllowed(f"A meeting can list at most {REFERRAL_LIMIT} referrals.")
        to_mentor = None
        if to_mentor_id:
            if to_mentor_id in (request.mentor_id, request.student_id):
                raise NotAllowed("Refer someone other than the two of you.")
            profile = listed_mentors().select_related("user").filter(user_id=to_mentor_id).first()
            if profile is None:
                raise NotAllowed("That mentor is not in the directory (any more).")
            to_mentor = profile.user
            if existing.filter(to_mentor=to_mentor).exists():
                raise NotAllowed(f"{to_mentor.display_name} is on the list already.")
        return Referral.objects.create(
            request=request,
            made_by=user,
            made_by_party=party,
            to_mentor=to_mentor,
            outside_name=outside_name,
            outside_organization=outside_organization,
            outside_contact=outside_contact,
            note=note,
            created_at=now,
        )


def remove_referral(*, request_id: int, referral_id: int, user) -> None:
    """Whoever added a referral may take it back, until the student wrote to them."""
    with transaction.atomic():
        request = lock_request(request_id, expected_version=None)
        party_for(request, user)
        referral = (
            Referral.objects.select_for_update().filter(pk=referral_id, request=request).first()
        )
        if referral is None:
            raise NotAllowed("That referral is not on this meeting's list (any more).")
        if referral.made_by_id != user.pk:
            raise NotAllowed("Only the person who added a referral can remove it.")
        if referral.resulting_request_id is not None:
            raise NotAllowed(
                f"{request.student.display_name} has written to "
                f"{referral.to_mentor.display_name if referral.to_mentor else 'them'} already; "
                "the referral stays on record."
            )
        referral.delete()


def referral_for_new_request(*, student, mentor_id: int, referral_id) -> Referral | None:
    """The referral behind a new request's link, if it is this student's (from
    their held meeting) and names this mentor; else None."""
    try:
        referral_id = int(referral_id)
    except (TypeError, ValueError):
        return None
    return (
        Referral.objects.select_related("request__mentor")
        .filter(
            pk=referral_id,
            request__student=student,
            request__status=RequestStatus.HELD,
            to_mentor_id=mentor_id,
        )
        .first()
    )


def send_referred_request(
    *,
    student,
    mentor,
    draft: RequestDraft,
    slot_starts: list[datetime],
    referral_id: int,
    now: datetime | None = None,
) -> InterviewRequest:
    """send_request, and the referral it came from records the request, in one
    transaction. A referral that no longer fits (removed, or it led to another
    request meanwhile) does not stop the request: it is just not linked."""
    now = now or timezone.now()
    with transaction.atomic():
        sent = send_request(
            student=student, mentor=mentor, draft=draft, slot_starts=slot_starts, now=now
        )
        # Conditional UPDATE: links only a referral still free to lead somewhere.
        Referral.objects.filter(
            pk=referral_id,
            request__student=student,
            request__status=RequestStatus.HELD,
            to_mentor=mentor,
        ).filter(
            Q(resulting_request__isnull=True) | ~Q(resulting_request__status__in=USED_STATUSES)
        ).update(resulting_request=sent)
    return sent
