# Placeholder views: replaced by the directory pages.
from django.http import HttpResponse


def _todo(request, pk=None):  # type: ignore[no-untyped-def]
    return HttpResponse("todo")


person_list = person_detail = orgunit_list = orgunit_detail = coach_list = coach_detail = _todo
