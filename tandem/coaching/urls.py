from django.urls import path

from tandem.coaching import views

app_name = "coaching"
urlpatterns = [
    path("", views.engagement_list, name="engagement_list"),
    path("<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
]
