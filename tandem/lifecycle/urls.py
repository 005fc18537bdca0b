from django.urls import path

from tandem.lifecycle import views, views_plans

app_name = "lifecycle"
urlpatterns = [
    path("engagements/<int:pk>/", views.engagement, name="engagement"),
    path("engagements/<int:pk>/close/", views.close, name="close"),
    path("engagements/<int:pk>/new-cycle/", views.new_cycle, name="new_cycle"),
    path("stalled/", views.stalled, name="stalled"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/new/", views_plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/agree/", views_plans.plan_acknowledge, name="plan_acknowledge"),
]
