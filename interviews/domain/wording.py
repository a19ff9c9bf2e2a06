"""Gentle coaching on what a student writes."""

import re

# Phrases that make a request read like a job application. Informational
# interviews are for gathering information; asking for a job turns mentors away.
JOB_APPLICATION_PATTERNS = [
    r"\blooking for (?:a |an )?(?:job|position|internship)\b",
    r"\b(?:job|internship) (?:opening|application)s?\b",
    r"\bopen (?:position|role)s?\b",
    r"\bany openings?\b",
    r"\bvacanc(?:y|ies)\b",
    r"\bhir(?:e|ing) me\b",
    r"\bare you hiring\b",
    r"\bmy (?:resume|résumé|cv)\b",
    r"\bappl(?:y|ying) (?:for|to)\b",
    r"\brefer me\b",
    r"\b(?:a|an) (?:job )?referral\b",
    r"\bget (?:me )?(?:a|an) (?:job|interview)\b",
]
_JOB_APPLICATION = re.compile("|".join(JOB_APPLICATION_PATTERNS), re.IGNORECASE)


def job_application_phrases(*texts: str) -> list[str]:
    """The phrases that read like a job application, as written, in order."""
    found: list[str] = []
    for text in texts:
        for match in _JOB_APPLICATION.finditer(text or ""):
            phrase = match.group(0)
            if phrase.lower() not in (seen.lower() for seen in found):
                found.append(phrase)
    return found
