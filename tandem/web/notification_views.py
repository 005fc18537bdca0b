"""The signed-in person's own notifications: the list, mark one or all read, and open one.

Notifications carry no coaching content (docs/PRIVACY.md): each says that something happened
and links to the page where the privacy policy decides again what the person may see. A person
reaches only their own notifications: another person's answers 404, as a missing one does."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.notifications.selectors import notifications_of, notifications_unread_count
from tandem.notifications.services import notification_mark_read, notifications_mark_all_read
from tandem.people.access import person_for
from tandem.ui.pagination import page_links, paginate


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back_to_list(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("web:notifications") + suffix)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    page = paginate(request, notifications_of(recipient_id=person.pk))
    unread = notifications_unread_count(recipient_id=person.pk)
    # The header shows the same number: counted once for the page.
    context = {
        "page": page,
        "page_links": page_links(page),
        "unread": unread,
        "notifications_unread": unread,
    }
    return render(request, "web/notifications.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request)
    notification = notification_mark_read(recipient_id=person.pk, notification_id=pk)
    if notification is None:
        raise Http404("No such notification.")
    if _is_htmx(request):
        context = {
            "notification": notification,
            "unread": notifications_unread_count(recipient_id=person.pk),
            "announce": "Marked as read.",
        }
        return render(request, "web/_notification_read.html", context)
    return _back_to_list(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    notifications_mark_all_read(recipient_id=person.pk)
    return _back_to_list(request)


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the page it is about. That page decides again
    who may see what; a link that is not a page of this site leads back to the list."""
    person = person_for(request)
    notification = notification_mark_read(recipient_id=person.pk, notification_id=pk)
    if notification is None:
        raise Http404("No such notification.")
    url = notification.url
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return _back_to_list(request)
