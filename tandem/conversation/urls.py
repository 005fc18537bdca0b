from django.urls import path

from tandem.conversation import note_views, record_views, views

app_name = "conversation"
urlpatterns = [
    path("sessions/<int:session_pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_pk>/record/", record_views.record_save, name="record_save"),
    path("sessions/<int:session_pk>/scaling/", record_views.scaling_add, name="scaling_add"),
    path("sessions/<int:session_pk>/actions/", record_views.action_add, name="action_add"),
    path(
        "sessions/<int:session_pk>/actions/<int:step_pk>/review/",
        record_views.action_review,
        name="action_review",
    ),
    path("sessions/<int:session_pk>/ladder/", record_views.ladder_save, name="ladder_save"),
    path("sessions/<int:session_pk>/feedback/", record_views.feedback_save, name="feedback_save"),
    path("sessions/<int:session_pk>/wellbeing/", record_views.wellbeing_add, name="wellbeing_add"),
    path("engagements/<int:pk>/", views.overview, name="overview"),
    path("engagements/<int:pk>/scaling/", views.scaling_over_time, name="scaling_series"),
    path("engagements/<int:pk>/notes/<str:kind>/", note_views.note_list, name="note_list"),
    path(
        "engagements/<int:pk>/notes/<str:kind>/draft/",
        note_views.note_autosave,
        name="note_autosave",
    ),
    path("notes/<int:note_pk>/", note_views.note_edit, name="note_edit"),
    path("guidance/wellbeing/", views.wellbeing_guidance, name="wellbeing_guidance"),
]
