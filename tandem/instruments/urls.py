from django.urls import path

from tandem.instruments import observation_views, views
from tandem.instruments.builder import urls as builder_urls

app_name = "instruments"
urlpatterns = [
    path("", views.my_instruments, name="my_instruments"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/fill/", views.fill, name="fill"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/share/", views.share, name="share"),
    path(
        "engagements/<int:pk>/observations/",
        observation_views.observation_list,
        name="observation_list",
    ),
    path(
        "engagements/<int:pk>/observations/new/",
        observation_views.observation_new,
        name="observation_new",
    ),
    path(
        "observations/<int:pk>/",
        observation_views.observation_detail,
        name="observation_detail",
    ),
    # The instrument builder (program leads): tandem/instruments/builder/urls.py
    *builder_urls.urlpatterns,
]
