"""roundtables pages: see tandem/development/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
