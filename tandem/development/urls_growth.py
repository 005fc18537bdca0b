"""growth pages (competency ratings, expertise, development plans): see
tandem/development/urls.py."""

from django.urls import URLPattern, path

from tandem.development import views_growth as views
from tandem.development import views_growth_plans as plans

urlpatterns: list[URLPattern] = [
    path("growth/", views.growth_mine, name="growth_mine"),
    path("growth/coaches/", views.growth_coaches, name="growth_coaches"),
    path("growth/facts/", views.growth_facts_list, name="growth_facts_list"),
    path("growth/coach/<int:coach_pk>/", views.growth_coach, name="growth_coach"),
    path("growth/coach/<int:coach_pk>/facts/", views.growth_facts, name="growth_facts"),
    path(
        "growth/coach/<int:coach_pk>/competencies/",
        views.competency_compare,
        name="competency_compare",
    ),
    path(
        "growth/coach/<int:coach_pk>/competencies/rate/",
        views.competency_rate,
        name="competency_rate",
    ),
    path(
        "growth/coach/<int:coach_pk>/competencies/autosave/",
        views.competency_autosave,
        name="competency_autosave",
    ),
    path("growth/coach/<int:coach_pk>/expertise/", views.expertise_change, name="expertise_change"),
    path("growth/coach/<int:coach_pk>/plans/new/", plans.devplan_new, name="devplan_new"),
    path("growth/plans/<int:plan_pk>/", plans.devplan_detail, name="devplan_detail"),
    path("growth/plans/<int:plan_pk>/edit/", plans.devplan_edit, name="devplan_edit"),
    path("growth/plans/<int:plan_pk>/agree/", plans.devplan_agree, name="devplan_agree"),
    path("growth/plans/<int:plan_pk>/goals/new/", plans.devgoal_new, name="devgoal_new"),
    path("growth/plans/<int:plan_pk>/goals/check/", plans.devgoal_check, name="devgoal_check"),
    path(
        "growth/plans/<int:plan_pk>/goals/<int:goal_pk>/edit/",
        plans.devgoal_edit,
        name="devgoal_edit",
    ),
    path(
        "growth/plans/<int:plan_pk>/goals/<int:goal_pk>/scale/",
        plans.devgoal_scale,
        name="devgoal_scale",
    ),
    path(
        "growth/plans/<int:plan_pk>/goals/<int:goal_pk>/rate/",
        plans.devgoal_rate,
        name="devgoal_rate",
    ),
]
