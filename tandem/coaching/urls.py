from django.urls import path

from tandem.coaching import views, views_peers

app_name = "coaching"
urlpatterns = [
    path("", views.engagement_list, name="engagement_list"),
    path("schedule/", views.schedule, name="schedule"),
    path("calendar/", views.calendar_feed_settings, name="calendar_feed_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("invitations/<int:member_pk>/", views.invitation, name="invitation"),
    path("peers/", views_peers.peer_pairs, name="peer_pairs"),
    path("peers/new/", views_peers.peer_pair_new, name="peer_pair_new"),
    path("<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/settings/", views.engagement_settings, name="engagement_settings"),
    path("<int:pk>/members/", views.engagement_members, name="engagement_members"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path(
        "<int:pk>/sessions/<int:session_pk>/reschedule/",
        views.session_reschedule,
        name="session_reschedule",
    ),
    path(
        "<int:pk>/sessions/<int:session_pk>/cancel/",
        views.session_cancel,
        name="session_cancel",
    ),
    path(
        "<int:pk>/sessions/<int:session_pk>/held/",
        views.session_held,
        name="session_held",
    ),
    path("<int:pk>/sessions/<int:session_pk>/invite.ics", views.session_ics, name="session_ics"),
]
