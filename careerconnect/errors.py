"""Error pages in the site's own layout (no 500 may leak details)."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def too_many_requests(request, exception=None):
    return render(request, "errors/429.html", status=429)


def server_error(request):
    # No context processors that could fail again: a plain template.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
