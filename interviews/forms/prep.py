"""The forms of the preparation page and of the question bank.

Limits mirror the domain's (interviews/domain/prep.py and bank.py), so that
bad input gets its message next to the field; the domain checks them again.
"""

from django import forms

from ..domain import prep
from ..domain.bank import TEXT_MAX_LENGTH
from ..enums import QuestionCategory


def _notes_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=prep.NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
        error_messages={
            "max_length": "Keep your notes under %(limit_value)d characters "
            "(they have %(show_value)d)."
        },
    )


class ResearchNotesForm(forms.Form):
    def __init__(self, *args, mentor_name: str, employer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["research_person"] = _notes_field(
            f"What I learned about {mentor_name}",
            "Their role, their path, what they have written or said in public; "
            "what you want to ask about.",
        )
        self.fields["research_organization"] = _notes_field(
            f"What I learned about {employer or 'their organization'}",
            "What it does, its place in the industry, recent news.",
        )


def _question_text_field(label: str, max_length: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Write your question first.",
            "max_length": "Keep the question under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )


class OwnQuestionForm(forms.Form):
    text = _question_text_field("Your own question", prep.QUESTION_MAX_LENGTH)


class QuestionForm(forms.Form):
    """A button on one question of the list (remove)."""

    question = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveQuestionForm(QuestionForm):
    direction = forms.ChoiceField(choices=[(d.value, d.value) for d in prep.Direction])


class BankPickForm(forms.Form):
    questions = forms.TypedMultipleChoiceField(
        label="Questions from the bank",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one question.",
            "invalid_choice": "One of the questions you chose is no longer in the bank. "
            "Choose again.",
        },
    )

    def __init__(self, *args, offered: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [(question.pk, question.text) for question in offered]


class ChecklistForm(forms.Form):
    """One box per item of the checklist, its advice as the help text."""

    def __init__(self, *args, items: list[prep.ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[item.name] = forms.BooleanField(
                label=item.label, required=False, help_text=item.advice, initial=item.done
            )
        self.hide_optional_markers = True

    def ticked(self) -> set[str]:
        return {name for name, value in self.cleaned_data.items() if value}


class BankQuestionForm(forms.Form):
    text = _question_text_field("Question", TEXT_MAX_LENGTH)
    category = forms.ChoiceField(
        label="Category",
        choices=QuestionCategory.choices,
        error_messages={"required": "Choose a category."},
    )
