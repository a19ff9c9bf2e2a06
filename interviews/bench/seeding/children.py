# Random data needs no cryptographic randomness (S311); the SQL is built from
# model table names and enum constants only, never from input (S608).
"""What the requests left in memory: meetings, thank-you notes, proposed slots."""

from interviews.bench.copying import check_columns, next_id
from interviews.models import (
    Meeting,
    ProposedSlot,
    ThankYouNote,
)


class ChildrenSeeding:
    """Seeder stage: writes the rows `RequestSeeding` collected."""

    def _request_children(self):
        meeting_columns = [
            "request_id",
            "starts_at",
            "ends_at",
            "format",
            "location",
            "video_link",
            "phone",
            "calendar_uid",
            "sequence",
            "reschedule_count",
            "outcome",
            "outcome_inferred",
            "outcome_disputed",
            "created_at",
            "updated_at",
        ]
        check_columns(Meeting, ["id", *meeting_columns])
        first = next_id(Meeting)
        self.result.expected["meetings"] = self.writer.write(
            Meeting,
            ["id", *meeting_columns],
            ((first + i, *row) for i, row in enumerate(self.meetings)),
        )
        note_columns = ["request_id", "channel", "body", "sent_at"]
        check_columns(ThankYouNote, ["id", *note_columns])
        first = next_id(ThankYouNote)
        self.result.expected["thank-you notes"] = self.writer.write(
            ThankYouNote,
            ["id", *note_columns],
            ((first + i, *row) for i, row in enumerate(self.notes)),
        )
        slot_columns = ["request_id", "starts_at", "ends_at", "proposed_by", "round", "created_at"]
        check_columns(ProposedSlot, ["id", *slot_columns])
        first = next_id(ProposedSlot)
        self.result.expected["proposed slots"] = self.writer.write(
            ProposedSlot,
            ["id", *slot_columns],
            ((first + i, *row) for i, row in enumerate(self.slots)),
        )
        self.meetings = self.notes = self.slots = None
