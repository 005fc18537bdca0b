from django.urls import path

from tandem.goals import views

app_name = "goals"
urlpatterns = [
    path("coach/", views.coach_overview, name="coach_overview"),
    path("team/", views.supervisor_view, name="supervisor_view"),
    path("engagements/<int:pk>/", views.progress, name="progress"),
    path("engagements/<int:pk>/new/", views.goal_new, name="goal_new"),
    path("engagements/<int:pk>/check/", views.smart_check, name="smart_check"),
    path("engagements/<int:pk>/<int:goal_pk>/edit/", views.goal_edit, name="goal_edit"),
    path("engagements/<int:pk>/<int:goal_pk>/scale/", views.scale_edit, name="scale_edit"),
    path("engagements/<int:pk>/<int:goal_pk>/ratings/", views.rating_add, name="rating_add"),
    path("engagements/<int:pk>/<int:goal_pk>/status/", views.goal_status, name="goal_status"),
    path("engagements/<int:pk>/<int:goal_pk>/revise/", views.goal_revise, name="goal_revise"),
]
