"""Onboarding and training pages (issue #17 items 2 and 6): see tandem/development/urls.py."""

from django.urls import URLPattern, path

from tandem.development import views_onboarding as views

urlpatterns: list[URLPattern] = [
    path("onboarding/", views.onboarding_mine, name="onboarding_mine"),
    path("onboarding/readiness/", views.onboarding_readiness, name="onboarding_readiness"),
    path("onboarding/coach/<int:coach_pk>/", views.onboarding_coach, name="onboarding_coach"),
    path(
        "onboarding/coach/<int:coach_pk>/shadowing/",
        views.shadowing_confirm,
        name="onboarding_shadowing",
    ),
    path("training/coach/<int:coach_pk>/", views.training_coach, name="training_coach"),
]
