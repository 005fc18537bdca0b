"""URLs with single sign-on switched on, for tests (production reads OIDC_* at start-up)."""

from django.urls import include, path

from tandem.urls import urlpatterns as base

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *base]
