from django.urls import path

from tandem.instruments import views
from tandem.instruments.builder import urls as builder_urls

app_name = "instruments"
urlpatterns = [
    path("", views.my_instruments, name="my_instruments"),
    path("assign/", views.assign, name="assign"),
    path("<int:pk>/fill/", views.fill, name="fill"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/share/", views.share, name="share"),
    # The instrument builder (program leads): tandem/instruments/builder/urls.py
    *builder_urls.urlpatterns,
]
