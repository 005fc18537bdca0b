from django.urls import path

from tandem.web import coach_development, notification_views, operations, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("baseline/", views.baseline, name="baseline"),
    path("my-coaching/", views.my_coaching, name="my_coaching"),
    path("my-learners/", views.my_learners, name="my_learners"),
    path("my-team/", views.my_team, name="my_team"),
    path("my-ratings/", views.my_ratings, name="my_ratings"),
    path("program/", views.program, name="program"),
    path("administration/", views.administration, name="administration"),
    path("administration/jobs/", operations.jobs, name="jobs"),
    path("coach-development/", coach_development.coach_development, name="coach_development"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read-all/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
]
