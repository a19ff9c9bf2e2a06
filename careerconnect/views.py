from allauth.account.views import SignupView as AllauthSignupView

from .forms import SIGNUP_ROLES


class SignupView(AllauthSignupView):
    """allauth's sign-up, preselecting the role a landing-page button chose."""

    def get_initial(self):
        initial = super().get_initial()
        role = self.request.GET.get("role")
        if role in dict(SIGNUP_ROLES):
            initial["role"] = role
        return initial


signup = SignupView.as_view()
