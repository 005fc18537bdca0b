from django.urls import path

from tandem.questionbank import views

app_name = "questionbank"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("new/", views.question_new, name="question_new"),
    path("<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/retire/", views.question_retire, name="question_retire"),
    path("<int:pk>/unretire/", views.question_unretire, name="question_unretire"),
    path("models/", views.model_list, name="model_list"),
    path("models/new/", views.model_new, name="model_new"),
    path("models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path("models/<int:model_pk>/stages/new/", views.stage_new, name="stage_new"),
    path("stages/<int:pk>/edit/", views.stage_edit, name="stage_edit"),
]
