# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
"""The interview requests: who asks whom, and what became of each request.

Meetings, thank-you notes and proposed slots are collected in memory on the way
(written by `children`); every milestone follows from simulated delays."""

import math
import uuid
from collections import Counter

from interviews.bench.copying import check_columns, next_id
from interviews.bench.pools import (
    ABOUT_ME,
    FIRST_NAMES,
    LAST_NAMES,
    PLACE,
    THANKS,
    VIDEO_LINK,
    WHY,
)
from interviews.enums import (
    DeclineReason,
    FoundVia,
    MeetingFormat,
    MeetingOutcome,
    Party,
    RequestStatus,
    ThanksChannel,
    Topic,
)
from interviews.models import (
    InterviewRequest,
)

from .common import (
    EXPIRY_DAYS,
    OPEN_REQUEST_LIMIT,
    OUTCOME_GRACE_DAYS,
    cumulative_weights,
    pick,
    ts,
)


class RequestSeeding:
    """Seeder stage: the requests, with their meetings, notes and slots in memory."""

    def _requests(self):
        rng = self.rng
        now_ts = self.now.timestamp()
        hour = 3600.0
        day = 86400.0
        columns = [
            "id",
            "student_id",
            "mentor_id",
            "status",
            "version",
            "about_me",
            "found_via",
            "referrer_name",
            "found_via_detail",
            "topics",
            "why_this_mentor",
            "format",
            "duration_minutes",
            "current_round",
            "reschedule_proposed_by",
            "awaiting_since",
            "decline_reason",
            "sent_at",
            "first_response_at",
            "confirmed_at",
            "declined_at",
            "withdrawn_at",
            "expired_at",
            "cancelled_at",
            "held_at",
            "thanked_at",
            "updated_at",
        ]
        check_columns(InterviewRequest, columns)
        self.meetings = []
        self.notes = []
        self.slots = []
        statuses = Counter()
        outcomes = Counter()
        open_pairs = set()
        open_count = Counter()
        first_id = next_id(InterviewRequest)
        topics_pool = Topic.values
        found_pool = FoundVia.values
        found_cum = cumulative_weights((5, 2, 2, 2, 1.5, 0.5))
        decline_reasons = (
            DeclineReason.TOO_BUSY,
            DeclineReason.NOT_MY_AREA,
            DeclineReason.TIMES_DONT_WORK,
            DeclineReason.OTHER,
        )
        decline_cum = cumulative_weights((45, 25, 20, 10))
        duration_pool = (30, 30, 30, 30, 30, 45, 45, 60, 20, 15)
        random_ = rng.random

        def one(seq):
            return seq[int(random_() * len(seq))]

        thank_bodies = [
            text.format(topic=Topic(code).label.lower()) for text in THANKS for code in topics_pool
        ]
        topic_choices = [
            '["' + '", "'.join(rng.sample(topics_pool, rng.randint(1, 3))) + '"]' for _ in range(64)
        ]

        # A student writes about themselves much the same way in every request;
        # why this mentor depends on the mentor.
        about_of = {}
        why_of = {}

        def text_for(student_id, mentor_id):
            about = about_of.get(student_id)
            if about is None:
                about = about_of[student_id] = one(ABOUT_ME).format(
                    major=self.major_names[self.student_major[student_id]],
                    industry=self.industry_names[one(self.industry_ids)],
                    year_label="junior",
                    class_year=self.class_year[student_id],
                    name=self.names[student_id],
                )
            why = why_of.get(mentor_id)
            if why is None:
                title, employer, industry_id = self.mentor_text[mentor_id]
                why = why_of[mentor_id] = one(WHY).format(
                    major=self.major_names[self.student_major[student_id]],
                    industry=self.industry_names[industry_id],
                    title=title,
                    employer=employer,
                )
            return about, why

        midnights, weekdays, academic_years = self.midnights, self.weekdays, self.academic
        day_index = self._day_index

        def meeting_start(after: float) -> float:
            """A weekday business-hours slot 2–21 days after `after`, on the half hour."""
            index = day_index(after) + 2 + int(random_() * 20)
            if weekdays[index] >= 5:
                index += 7 - weekdays[index]
            return midnights[index] + 3600 * (8 + int(random_() * 10)) + 1800 * (random_() < 0.5)

        def rows():
            for index, (sent, day_of_sent) in enumerate(self._sent_times()):
                request_id = first_id + index
                academic = academic_years[day_of_sent]
                ids, cumulative = self.enrolled.get(academic) or self.enrolled[max(self.enrolled)]
                for _ in range(20):
                    student = pick(rng, ids, cumulative)
                    mentor = pick(rng, self.mentor_ids, self.mentor_cum)
                    blocked = (student, mentor) in open_pairs or (
                        open_count[student] >= OPEN_REQUEST_LIMIT
                    )
                    if not blocked:
                        break
                fmt = one(self.mentor_formats[mentor])
                duration = one(duration_pool)
                about_me, why = text_for(student, mentor)
                found_via = pick(rng, found_pool, found_cum)

                status = RequestStatus.PENDING
                first_response = confirmed = declined = withdrawn = expired = None
                cancelled = held = thanked = None
                decline_reason = ""
                current_round = 1
                awaiting = sent
                last_change = sent
                version = 1
                meeting = None
                behaviour = rng.random()
                ignore_p = self.mentor_ignores[mentor]
                delay = min(self.mentor_speed[mentor] * math.exp(rng.gauss(0, 0.9)), 13 * 24) * hour
                if behaviour < 0.04:
                    moment = sent + (1 + (240 - 1) * random_()) * hour
                    if moment <= now_ts:
                        status, withdrawn, last_change = RequestStatus.WITHDRAWN, moment, moment
                elif behaviour < 0.04 + ignore_p * 0.96:
                    moment = sent + EXPIRY_DAYS * day + (0 + (0.25 - 0) * random_()) * hour
                    if moment <= now_ts:
                        status, expired, last_change = RequestStatus.EXPIRED, moment, moment
                elif rng.random() < 0.15:
                    moment = sent + delay
                    if moment <= now_ts:
                        status = RequestStatus.DECLINED
                        first_response = declined = last_change = moment
                        decline_reason = pick(rng, decline_reasons, decline_cum)
                else:
                    moment = sent + delay
                    if moment <= now_ts:
                        first_response = moment
                        if rng.random() < 0.25:
                            # The mentor proposed other times; the student picks one.
                            status = RequestStatus.COUNTER_PROPOSED
                            current_round, awaiting, last_change = 2, moment, moment
                            version += 1
                            moment += min(math.exp(rng.gauss(math.log(16), 0.9)), 12 * 24) * hour
                        if moment <= now_ts:
                            status, confirmed, last_change = RequestStatus.CONFIRMED, moment, moment
                            version += 1
                            starts = meeting_start(moment)
                            ends = starts + duration * 60
                            outcome, inferred = "", False
                            fate = rng.random()
                            if fate < 0.07:
                                moment = confirmed + rng.random() * (starts - confirmed)
                                if moment <= now_ts:
                                    status, cancelled, last_change = (
                                        RequestStatus.CANCELLED,
                                        moment,
                                        moment,
                                    )
                            elif fate < 0.12:
                                moment = ends + (0.5 + (72 - 0.5) * random_()) * hour
                                if moment <= now_ts:
                                    status, last_change = RequestStatus.NO_SHOW, moment
                                    outcome = (
                                        MeetingOutcome.STUDENT_NO_SHOW
                                        if rng.random() < 0.7
                                        else MeetingOutcome.MENTOR_NO_SHOW
                                    )
                            else:
                                thanks_after = None
                                if rng.random() < 0.72:
                                    thanks_after = (
                                        (0.5 + (24 - 0.5) * random_())
                                        if rng.random() < 0.65
                                        else (24 + (168 - 24) * random_())
                                    ) * hour
                                if thanks_after is not None or rng.random() < 0.7:
                                    moment = ends + min(
                                        (0.2 + (3 - 0.2) * random_()) * hour, thanks_after or 1e9
                                    )
                                else:
                                    # Nobody reported: taken as held after the grace period.
                                    moment = (
                                        ends
                                        + OUTCOME_GRACE_DAYS * day
                                        + (0 + (900 - 0) * random_())
                                    )
                                    inferred = True
                                if moment <= now_ts:
                                    status, held, last_change = RequestStatus.HELD, moment, moment
                                    outcome = MeetingOutcome.HELD
                                    if thanks_after is not None and ends + thanks_after <= now_ts:
                                        thanked = last_change = ends + thanks_after
                                        channel = (
                                            ThanksChannel.CAREERCONNECT
                                            if rng.random() < 0.85
                                            else ThanksChannel.ANOTHER_WAY
                                        )
                                        body = (
                                            one(thank_bodies)
                                            if channel == ThanksChannel.CAREERCONNECT
                                            else ""
                                        )
                                        self.notes.append((request_id, channel, body, ts(thanked)))
                            if status != RequestStatus.CONFIRMED:
                                version += 1
                            outcomes[outcome] += 1
                            meeting = (
                                request_id,
                                ts(starts),
                                ts(ends),
                                fmt,
                                PLACE.format(100 + mentor % 300)
                                if fmt == MeetingFormat.IN_PERSON
                                else "",
                                VIDEO_LINK.format(mentor) if fmt == MeetingFormat.VIDEO else "",
                                f"+1 617 555 {mentor % 10000:04d}"
                                if fmt == MeetingFormat.PHONE
                                else "",
                                uuid.UUID(int=self.uuid_base | request_id),
                                0 if cancelled is None else 1,
                                0,
                                outcome,
                                inferred,
                                False,
                                ts(confirmed),
                                ts(last_change),
                            )
                            self.meetings.append(meeting)
                if blocked and status in (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED):
                    # Never a second open request for a pair, never over the limit:
                    # the student thought better of it and withdrew it.
                    status, current_round, awaiting = RequestStatus.WITHDRAWN, 1, sent
                    first_response = None
                    withdrawn = last_change = sent + min(3600, (now_ts - sent) / 2)
                if status in (
                    RequestStatus.DECLINED,
                    RequestStatus.WITHDRAWN,
                    RequestStatus.EXPIRED,
                ):
                    version += 1
                if status in (RequestStatus.PENDING, RequestStatus.COUNTER_PROPOSED):
                    open_pairs.add((student, mentor))
                    open_count[student] += 1
                    for round_ in range(1, current_round + 1):
                        proposer = Party.STUDENT if round_ == 1 else Party.MENTOR
                        # At least one day ahead: times all in the past would have expired it.
                        base = meeting_start(max(sent if round_ == 1 else awaiting, now_ts - day))
                        for option in range(3):
                            starts = base + option * 26 * hour
                            self.slots.append(
                                (
                                    request_id,
                                    ts(starts),
                                    ts(starts + duration * 60),
                                    proposer,
                                    round_,
                                    ts(sent if round_ == 1 else awaiting),
                                )
                            )
                statuses[status] += 1
                yield (
                    request_id,
                    student,
                    mentor,
                    status,
                    version,
                    about_me,
                    found_via,
                    one(FIRST_NAMES) + " " + one(LAST_NAMES)
                    if found_via == FoundVia.REFERRAL
                    else "",
                    "",
                    topic_choices[int(random_() * len(topic_choices))],
                    why,
                    fmt,
                    duration,
                    current_round,
                    "",
                    ts(awaiting),
                    decline_reason,
                    ts(sent),
                    first_response and ts(first_response),
                    confirmed and ts(confirmed),
                    declined and ts(declined),
                    withdrawn and ts(withdrawn),
                    expired and ts(expired),
                    cancelled and ts(cancelled),
                    held and ts(held),
                    thanked and ts(thanked),
                    ts(last_change),
                )

        if self.parallel:
            written = self.writer.write_in_parallel(
                InterviewRequest,
                columns,
                rows(),
                streams=2,
                prepare=lambda: self._session_settings(local=True),
            )
        else:
            written = self.writer.write(InterviewRequest, columns, rows())
        self.result.expected["interview requests"] = written
        for status in RequestStatus.values:
            self.result.expected[f"requests {status}"] = statuses[status]
        for outcome in ("", *MeetingOutcome.values):
            if outcome != MeetingOutcome.MOVED:
                self.result.expected[f"meetings outcome {outcome or 'unknown'}"] = outcomes[outcome]
