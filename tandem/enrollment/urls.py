from django.urls import path

from tandem.enrollment import views

app_name = "enrollment"
urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/readiness/", views.readiness_start, name="readiness_start"),
    path("requests/<int:pk>/readiness/done/", views.readiness_done, name="readiness_done"),
    path(
        "requests/<int:pk>/readiness/with-coach/",
        views.readiness_with_coach,
        name="readiness_with_coach",
    ),
    path("requests/<int:pk>/starting-point/", views.coachability, name="coachability"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/decline/", views.suggestion_decline, name="suggestion_decline"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("suggest/", views.suggest, name="suggest"),
    path("board/", views.board, name="board"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
]
