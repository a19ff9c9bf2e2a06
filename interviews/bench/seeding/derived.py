# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
# ruff: noqa: S608
"""What follows from the loaded requests, computed in SQL: the transitions, the
mentors' responsiveness figures and search documents; sequences and ANALYZE."""

from django.core.management.color import no_style
from django.db import connection

from careerconnect.models import User
from interviews.domain.directory import SEARCH_CONFIG
from interviews.domain.requests.responsiveness import RESPONSIVENESS_SAMPLE
from interviews.enums import (
    Party,
    RequestStatus,
    TransitionEvent,
)
from interviews.models import (
    Industry,
    InterviewRequest,
    Meeting,
    MentorProfile,
    ProposedSlot,
    StudentProfile,
    Term,
    ThankYouNote,
    Transition,
)


class DerivedSeeding:
    """Seeder stage: derived rows and figures, in bulk."""

    def _transitions(self, *, kind: str):
        """One row per milestone, derived from the requests' own timestamps:
        kind "sent", "answers" (every later milestone but HELD) or "held" (which
        needs the meetings: inferred or reported)."""
        request = InterviewRequest._meta.db_table
        meeting = Meeting._meta.db_table
        transition = Transition._meta.db_table
        events = [
            # event, from, to, actor column (or NULL), party, moment, condition
            (
                TransitionEvent.SENT,
                "",
                RequestStatus.PENDING,
                "r.student_id",
                Party.STUDENT,
                "r.sent_at",
                "TRUE",
            ),
            (
                TransitionEvent.COUNTER_PROPOSED,
                RequestStatus.PENDING,
                RequestStatus.COUNTER_PROPOSED,
                "r.mentor_id",
                Party.MENTOR,
                "r.first_response_at",
                "r.current_round = 2",
            ),
            (
                TransitionEvent.ACCEPTED,
                RequestStatus.PENDING,
                RequestStatus.CONFIRMED,
                "r.mentor_id",
                Party.MENTOR,
                "r.confirmed_at",
                "r.confirmed_at IS NOT NULL AND r.current_round = 1",
            ),
            (
                TransitionEvent.ACCEPTED,
                RequestStatus.COUNTER_PROPOSED,
                RequestStatus.CONFIRMED,
                "r.student_id",
                Party.STUDENT,
                "r.confirmed_at",
                "r.confirmed_at IS NOT NULL AND r.current_round = 2",
            ),
            (
                TransitionEvent.DECLINED,
                RequestStatus.PENDING,
                RequestStatus.DECLINED,
                "r.mentor_id",
                Party.MENTOR,
                "r.declined_at",
                "r.declined_at IS NOT NULL",
            ),
            (
                TransitionEvent.WITHDRAWN,
                RequestStatus.PENDING,
                RequestStatus.WITHDRAWN,
                "r.student_id",
                Party.STUDENT,
                "r.withdrawn_at",
                "r.withdrawn_at IS NOT NULL",
            ),
            (
                TransitionEvent.EXPIRED,
                RequestStatus.PENDING,
                RequestStatus.EXPIRED,
                "NULL",
                Party.SYSTEM,
                "r.expired_at",
                "r.expired_at IS NOT NULL",
            ),
            (
                TransitionEvent.CANCELLED,
                RequestStatus.CONFIRMED,
                RequestStatus.CANCELLED,
                "r.student_id",
                Party.STUDENT,
                "r.cancelled_at",
                "r.cancelled_at IS NOT NULL",
            ),
            (
                TransitionEvent.HELD,
                RequestStatus.CONFIRMED,
                RequestStatus.HELD,
                "r.student_id",
                Party.STUDENT,
                "r.held_at",
                f"r.held_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {meeting} m "
                "WHERE m.request_id = r.id AND m.outcome_inferred)",
            ),
            (
                TransitionEvent.HELD,
                RequestStatus.CONFIRMED,
                RequestStatus.HELD,
                "NULL",
                Party.SYSTEM,
                "r.held_at",
                f"r.held_at IS NOT NULL AND EXISTS (SELECT 1 FROM {meeting} m "
                "WHERE m.request_id = r.id AND m.outcome_inferred)",
            ),
            (
                TransitionEvent.NO_SHOW,
                RequestStatus.CONFIRMED,
                RequestStatus.NO_SHOW,
                "r.student_id",
                Party.STUDENT,
                "r.updated_at",
                f"r.status = '{RequestStatus.NO_SHOW}'",
            ),
        ]
        selects = [
            f"SELECT r.id, '{event}', '{source}', '{target}', {actor}, '{party}', '', {moment} "
            f"FROM {request} r WHERE {condition}"
            for event, source, target, actor, party, moment, condition in events
            if kind
            == (
                "held"
                if event == TransitionEvent.HELD
                else "sent"
                if event == TransitionEvent.SENT
                else "answers"
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {transition} (request_id, event, from_status, to_status, actor_id, "
                f"actor_party, note, created_at) " + " UNION ALL ".join(selects)
            )
            with self.lock:
                self.result.expected["transitions"] = (
                    self.result.expected.get("transitions", 0) + cursor.rowcount
                )

    def _sent_transitions(self):
        self._transitions(kind="sent")

    def _answer_transitions(self):
        self._transitions(kind="answers")

    def _held_transitions(self):
        self._transitions(kind="held")

    def _mentor_derived(self):
        profile = MentorProfile._meta.db_table
        request = InterviewRequest._meta.db_table
        user = User._meta.db_table
        industry = Industry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {profile} SET answered_request_count = a.n FROM ("
                f"SELECT mentor_id, COUNT(*) AS n FROM {request} "
                "WHERE first_response_at IS NOT NULL GROUP BY mentor_id) a "
                f"WHERE {profile}.user_id = a.mentor_id"
            )
        if connection.vendor != "postgresql":
            # SQLite (tiny scales): the domain's own function, one mentor at a time.
            from interviews.domain.requests.responsiveness import refresh_responsiveness

            for mentor in User.objects.filter(pk__in=self.mentor_ids):
                refresh_responsiveness(mentor)
            return
        with connection.cursor() as cursor:
            # The median of the latest answers (an expiry without answer counts as
            # the time it waited), as interviews.domain.requests.responsiveness does.
            cursor.execute(
                f"UPDATE {profile} SET median_response_hours = m.hours FROM ("
                "SELECT mentor_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS hours "
                "FROM (SELECT mentor_id, EXTRACT(EPOCH FROM ended - sent_at) / 3600 AS hours, "
                "row_number() OVER (PARTITION BY mentor_id ORDER BY ended DESC) AS position "
                "FROM (SELECT mentor_id, sent_at, COALESCE(first_response_at, expired_at) AS ended "
                f"FROM {request} WHERE first_response_at IS NOT NULL "
                f"OR (status = '{RequestStatus.EXPIRED}' AND first_response_at IS NULL)) e) ranked "
                f"WHERE position <= {RESPONSIVENESS_SAMPLE} GROUP BY mentor_id) m "
                f"WHERE {profile}.user_id = m.mentor_id"
            )
            # The search document of interviews.domain.directory.search_document, in bulk.
            config = f"'{SEARCH_CONFIG}'::regconfig"
            cursor.execute(
                f"UPDATE {profile} p SET search_vector = "
                f"setweight(to_tsvector({config}, COALESCE(TRIM(u.first_name || ' ' || "
                "u.last_name), '')), 'A') || "
                f"setweight(to_tsvector({config}, COALESCE(p.job_title || ' ' || p.employer, "
                "'')), 'B') || "
                f"setweight(to_tsvector({config}, COALESCE(COALESCE(i.name, '') || ' ' || "
                "p.topics, '')), 'C') || "
                f"setweight(to_tsvector({config}, COALESCE(p.bio, '')), 'D') "
                f"FROM {user} u, {profile} p2 LEFT JOIN {industry} i ON i.id = p2.industry_id "
                "WHERE p2.id = p.id AND u.id = p2.user_id"
            )

    def _reset_sequences(self):
        models = [User, MentorProfile, StudentProfile, InterviewRequest, Meeting, ThankYouNote]
        models += [ProposedSlot, Transition, MentorProfile.majors.through]
        models += [StudentProfile.majors.through, Term]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def _analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
