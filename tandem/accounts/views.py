from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def sso_not_recognized(request: HttpRequest) -> HttpResponse:
    """Where single sign-on lands when the identity matches no active staff record."""
    email = request.session.pop("sso_unrecognized_email", "")
    return render(request, "accounts/sso_not_recognized.html", {"email": email}, status=403)
