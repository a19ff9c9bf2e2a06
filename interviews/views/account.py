from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..domain.accounts import delete_account
from ..domain.errors import DomainError
from ..forms.accounts import DeleteAccountForm
from .acting import posted


@login_required
@reauthentication_required
def account_delete(request):
    form = DeleteAccountForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            delete_account(user=request.user)
        except DomainError as error:
            form.add_error(None, f"{error.message} Nothing was deleted; please try again.")
            return render(request, "interviews/account_delete.html", {"form": form}, status=409)
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for being part of it.")
        return redirect("home")
    return render(
        request,
        "interviews/account_delete.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
