from django.urls import path

from tandem.agreements import views, views_program

app_name = "agreements"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("overview/", views_program.overview, name="overview"),
    path("templates/", views_program.template_list, name="template_list"),
    path("templates/<int:pk>/", views_program.template_edit, name="template_edit"),
    path("engagement/<int:engagement_pk>/", views.for_engagement, name="for_engagement"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/v/<int:number>/", views.version, name="version"),
    path("<int:pk>/v/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/v/<int:number>/acknowledge/", views.acknowledge, name="acknowledge"),
]
