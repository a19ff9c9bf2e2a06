from django import forms

CONFIRMATION_WORD = "DELETE"


class DeleteAccountForm(forms.Form):
    confirmation = forms.CharField(
        label=f"Type {CONFIRMATION_WORD} to confirm",
        max_length=20,
        help_text="This cannot be undone.",
    )

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value.upper() != CONFIRMATION_WORD:
            raise forms.ValidationError(f"Type the word {CONFIRMATION_WORD} to confirm.")
        return value
