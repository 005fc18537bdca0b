"""roundtables pages: see tandem/development/urls.py."""

from django.urls import URLPattern, path

from tandem.development import views_roundtables as views

urlpatterns: list[URLPattern] = [
    path("roundtables/", views.roundtable_list, name="roundtables"),
    path("roundtables/new/", views.roundtable_create, name="roundtable_create"),
    path("roundtables/<int:pk>/", views.roundtable_detail, name="roundtable_detail"),
    path("roundtables/<int:pk>/members/", views.roundtable_members, name="roundtable_members"),
    path(
        "roundtables/<int:pk>/members/<int:person_pk>/remove/",
        views.roundtable_member_remove,
        name="roundtable_member_remove",
    ),
    path("roundtables/<int:pk>/leave/", views.roundtable_leave, name="roundtable_leave"),
    path(
        "roundtables/<int:pk>/meetings/new/",
        views.meeting_schedule,
        name="roundtable_meeting_schedule",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/",
        views.meeting_detail,
        name="roundtable_meeting",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/agenda/",
        views.meeting_agenda,
        name="roundtable_meeting_agenda",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/consultations/",
        views.meeting_consultation,
        name="roundtable_meeting_consultation",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/change/",
        views.meeting_edit,
        name="roundtable_meeting_edit",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        views.meeting_cancel,
        name="roundtable_meeting_cancel",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/attendance/",
        views.meeting_attendance,
        name="roundtable_meeting_attendance",
    ),
    path(
        "roundtables/<int:pk>/meetings/<int:meeting_pk>/invitation.ics",
        views.meeting_ics,
        name="roundtable_meeting_ics",
    ),
    path(
        "roundtables/<int:pk>/resources/",
        views.roundtable_resources_page,
        name="roundtable_resources",
    ),
    path(
        "roundtables/<int:pk>/resources/<int:resource_pk>/file/",
        views.roundtable_resource_file,
        name="roundtable_resource_file",
    ),
]
