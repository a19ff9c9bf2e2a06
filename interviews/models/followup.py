"""Before and after the meeting: preparation, outcome, thanks, learning, referrals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..enums import MeetingOutcome, Party, QuestionCategory, ThanksChannel
from .meetings import Meeting
from .requests import InterviewRequest


class BankQuestion(models.Model):
    """The career center's question bank; retired questions stay for history."""

    text = models.CharField(max_length=300)
    category = models.CharField(max_length=20, choices=QuestionCategory.choices)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "text"]

    def __str__(self) -> str:
        return self.text


class PrepPlan(models.Model):
    """The student's preparation for one meeting. Private to the student,
    except the questions, once the student shares them with the mentor."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="prep_plan"
    )
    research_person = models.TextField("what I learned about the person", blank=True)
    research_organization = models.TextField("what I learned about the organization", blank=True)
    researched_person = models.BooleanField("I researched the person", default=False)
    researched_organization = models.BooleanField("I researched the organization", default=False)
    questions_ready = models.BooleanField("My questions are ready", default=False)
    logistics_checked = models.BooleanField("I checked the logistics", default=False)
    professional_setting = models.BooleanField(
        "My setting and dress are professional", default=False
    )
    thank_you_planned = models.BooleanField("I planned my thank-you", default=False)
    # Set while the student shares their questions with the mentor.
    questions_shared_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    CHECKLIST = (
        "researched_person",
        "researched_organization",
        "questions_ready",
        "logistics_checked",
        "professional_setting",
        "thank_you_planned",
    )

    def __str__(self) -> str:
        return f"Preparation for request #{self.request_id}"


class PreparedQuestion(models.Model):
    plan = models.ForeignKey(PrepPlan, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()
    source = models.ForeignKey(
        BankQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class OutcomeReport(models.Model):
    """One participant's answer to "did the meeting happen?"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcome_reports")
    party = models.CharField(max_length=10, choices=Party.choices)
    outcome = models.CharField(max_length=20, choices=MeetingOutcome.choices)
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["reported_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="one_report_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.get_outcome_display()}"


class ThankYouNote(models.Model):
    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="thank_you_note"
    )
    channel = models.CharField(max_length=20, choices=ThanksChannel.choices)
    body = models.TextField(blank=True, max_length=4000)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Thanks for request #{self.request_id}"


class LearningNote(models.Model):
    """What the student learned in one meeting: theirs alone unless they share it
    with the career center (all advisors); sharing can be withdrawn."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="learning_note"
    )
    body = models.TextField(blank=True, max_length=8000)
    shared_with_center_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Learning note for request #{self.request_id}"


class Referral(models.Model):
    """ "Who else should I talk to?" — to a mentor in the directory or someone outside."""

    request = models.ForeignKey(
        InterviewRequest, on_delete=models.CASCADE, related_name="referrals"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_by_party = models.CharField(max_length=10, choices=Party.choices)
    to_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_received",
    )
    outside_name = models.CharField(max_length=150, blank=True)
    outside_organization = models.CharField(max_length=150, blank=True)
    outside_contact = models.CharField("how to reach them", max_length=300, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # The request the student sent thanks to this referral, once they do.
    resulting_request = models.ForeignKey(
        InterviewRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_mentor__isnull=False) | ~models.Q(outside_name=""),
                name="referral_names_someone",
            )
        ]

    def __str__(self) -> str:
        return f"Referral from request #{self.request_id}"


class MentorFeedback(models.Model):
    """After a held meeting: the mentor's private word to the career center."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="mentor_feedback"
    )
    preparedness = models.PositiveSmallIntegerField(
        "how prepared was the student",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1: not at all, 5: very well prepared.",
    )
    note = models.TextField("a note for the career center", blank=True, max_length=2000)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Feedback on request #{self.request_id}"
