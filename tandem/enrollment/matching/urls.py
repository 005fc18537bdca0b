from django.urls import path

from tandem.enrollment.matching import views

app_name = "matching"
urlpatterns = [
    path("requests/<int:pk>/", views.request_matching, name="request"),
    path("requests/<int:pk>/propose/", views.propose, name="propose"),
    path("requests/<int:pk>/intake/", views.intake, name="intake"),
    path("requests/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("matches/<int:pk>/chemistry/", views.chemistry, name="chemistry"),
    path("cohort/", views.cohort, name="cohort"),
    path("cohort/confirm/", views.cohort_confirm, name="cohort_confirm"),
    path("weights/", views.weights, name="weights"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("offers/", views.incoming, name="incoming"),
    path("offers/<int:pk>/accept/", views.accept, name="accept"),
    path("offers/<int:pk>/decline/", views.decline, name="decline"),
]
