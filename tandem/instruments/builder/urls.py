"""Builder URLs, listed in tandem/instruments/urls.py under the "instruments" namespace."""

from django.urls import path

from tandem.instruments.builder import views

V = "builder/<slug:slug>/v<int:version>"

urlpatterns = [
    path("builder/", views.builder_list, name="builder_list"),
    path("builder/new/", views.builder_new, name="builder_new"),
    path("builder/import/", views.builder_import_view, name="builder_import"),
    path(f"{V}/", views.builder_version, name="builder_version"),
    path(f"{V}/edit/", views.builder_edit, name="builder_edit"),
    path(f"{V}/yaml/", views.builder_yaml, name="builder_yaml"),
    path(f"{V}/preview/", views.builder_preview, name="builder_preview"),
    path(f"{V}/export/", views.builder_export, name="builder_export"),
    path(f"{V}/next/", views.builder_next, name="builder_next"),
    path(f"{V}/copy/", views.builder_copy, name="builder_copy"),
]
