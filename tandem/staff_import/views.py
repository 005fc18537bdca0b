# Placeholder view: replaced by the upload page.
from django.http import HttpResponse


def upload(request):  # type: ignore[no-untyped-def]
    return HttpResponse("todo")
