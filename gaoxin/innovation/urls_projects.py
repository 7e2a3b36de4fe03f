"""URLs of the innovation projects pages (innovation namespace)."""

from django.urls import path

from . import views_projects as views

urlpatterns: list = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/export/", views.project_list_export, name="project_list_export"),
    path("<int:institute_pk>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_update, name="project_update"),
    path("projects/<int:pk>/gate/", views.project_gate, name="project_gate"),
    path("projects/<int:pk>/<str:name>/end/", views.project_end, name="project_end"),
    path("projects/<int:pk>/<str:kind>/add/", views.output_add, name="project_output_add"),
    path(
        "projects/<int:pk>/<str:kind>/<int:item_pk>/remove/",
        views.output_remove,
        name="project_output_remove",
    ),
    path("projects/gates/<int:pk>/document/", views.gate_document, name="project_gate_document"),
]
