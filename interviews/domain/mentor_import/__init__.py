"""Alumni mentors from a career center's CSV file: check every row, then import
all of them or none, and invite each new mentor to claim their account.

1. upload_mentor_file() reads the file (UTF-8, with or without a BOM, a header
   row) and keeps its text in a MentorImport row: what is imported later is
   exactly what was previewed.
2. preview_rows() checks every row against the database as it is now and says
   what would happen to it (create, update, unchanged, left as is) or why it
   cannot be imported.
3. start_mentor_import() marks the import as started (once, whatever the
   clicks); run_mentor_import() applies it in ONE transaction: a single bad row
   and nothing at all is written, no user, no email.

Progress while a large file is applied: the transaction is open until the
end, so the MentorImport row (updated inside it) shows nothing to other
connections. The count goes to the cache instead (settings.CACHES: a file
cache or CACHE_URL, shared by the web and worker processes): the status page
reads it. A second database connection was the alternative; on SQLite it would
wait for the import's write lock, so the cache it is.

Who is never overwritten: a mentor who claimed the imported account
(claimed_at set, by the invitation's link or by signing in another way), and
one who signed up by themselves (invited_at empty, so they own their profile
from the start). Addresses of students or advisors are left alone too. Emails
compare case-insensitively.

The modules: parsing (read and check rows), applying (preview, start, run,
progress, stalls), claiming (invitations, their links, the claim).
"""

from .applying import (
    DISCARDABLE,
    PROGRESS_EVERY,
    discard_mentor_import,
    fail_stalled_import,
    launch_mentor_import,
    preview_rows,
    progress_key,
    progress_of,
    recent_imports,
    retry_mentor_import,
    run_mentor_import,
    set_progress,
    stall_minutes,
    stalled_message,
    start_mentor_import,
    upload_mentor_file,
)
from .claiming import (
    CLAIM_SALT,
    INVALID_CLAIM,
    claim_mentor_account,
    claim_token,
    claim_url,
    invitation_expired,
    mark_mentor_claimed,
    queue_invitation,
    read_claim_token,
    reinvite,
    send_new_invitation,
    unclaimed_mentors,
)
from .parsing import (
    ACTION_LABELS,
    COLUMNS,
    MAX_LENGTHS,
    PROFILE_TEXT_FIELDS,
    REQUIRED,
    Action,
    ImportFileError,
    Preview,
    Row,
    RowError,
    check_text,
    decode_upload,
    parse,
    sample_csv,
)

__all__ = [
    "ACTION_LABELS",
    "CLAIM_SALT",
    "COLUMNS",
    "DISCARDABLE",
    "INVALID_CLAIM",
    "MAX_LENGTHS",
    "PROFILE_TEXT_FIELDS",
    "PROGRESS_EVERY",
    "REQUIRED",
    "Action",
    "ImportFileError",
    "Preview",
    "Row",
    "RowError",
    "check_text",
    "claim_mentor_account",
    "claim_token",
    "claim_url",
    "decode_upload",
    "discard_mentor_import",
    "fail_stalled_import",
    "invitation_expired",
    "launch_mentor_import",
    "mark_mentor_claimed",
    "parse",
    "preview_rows",
    "progress_key",
    "progress_of",
    "queue_invitation",
    "read_claim_token",
    "recent_imports",
    "reinvite",
    "retry_mentor_import",
    "run_mentor_import",
    "sample_csv",
    "send_new_invitation",
    "set_progress",
    "stall_minutes",
    "stalled_message",
    "start_mentor_import",
    "unclaimed_mentors",
    "upload_mentor_file",
]
