"""supervision pages: see tandem/development/urls.py."""

from django.urls import URLPattern, path

from tandem.development import views_supervision as views

urlpatterns: list[URLPattern] = [
    path("coach-supervisors/", views.coach_supervisors, name="coach_supervisors"),
    path(
        "coach-supervisors/<int:coach_pk>/",
        views.coach_supervisor_choose,
        name="coach_supervisor_assign",
    ),
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/new/", views.supervision_new, name="supervision_new"),
    path("supervision/overdue/", views.supervision_overdue, name="supervision_overdue"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("supervision/<int:pk>/record/", views.supervision_edit, name="supervision_edit"),
    path("supervision/<int:pk>/calendar.ics", views.supervision_ics, name="supervision_ics"),
    path(
        "supervision/<int:pk>/situation/", views.consultation_new, name="supervision_consultation"
    ),
    path(
        "supervision/coaches/<int:coach_pk>/",
        views.supervision_coach_record,
        name="supervision_coach_record",
    ),
    path("program-settings/", views.program_settings_list, name="program_settings"),
    path(
        "program-settings/<int:scope_pk>/",
        views.program_settings_edit,
        name="program_settings_edit",
    ),
]
