"""Caseload and fidelity pages (issue #17 items 3 and 4): see tandem/development/urls.py."""

from django.urls import URLPattern, path

from tandem.development import views_caseload as views

urlpatterns: list[URLPattern] = [
    path("caseload/", views.caseload_mine, name="caseload_mine"),
    path("caseload/coaches/", views.caseload_supervised, name="caseload_supervised"),
    path("caseload/coaches/<int:pk>/", views.caseload_coach, name="caseload_coach"),
    path("workload/", views.workload, name="workload"),
    path("fidelity/", views.fidelity_mine, name="fidelity_mine"),
    path("fidelity/coaches/<int:pk>/", views.fidelity_coach, name="fidelity_coach"),
    path("fidelity/coaches/<int:pk>/observe/", views.fidelity_observe, name="fidelity_observe"),
]
