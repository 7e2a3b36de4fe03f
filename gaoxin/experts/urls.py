"""URLs of the expert pool, draws and score sheets, mounted at /experts/."""

from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.expert_list, name="expert_list"),
    path("export.xlsx", views.expert_export, name="expert_export"),
    path("new/", views.expert_create, name="expert_create"),
    path("<int:pk>/", views.expert_detail, name="expert_detail"),
    path("<int:pk>/edit/", views.expert_update, name="expert_update"),
    path("<int:pk>/ties/new/", views.tie_create, name="tie_create"),
    path("<int:pk>/ties/<int:tie_pk>/delete/", views.tie_delete, name="tie_delete"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("mine/", views.mine, name="mine"),
    path("assignments/<int:pk>/score/", views.assignment_score, name="assignment_score"),
    path("sheets/", views.sheet_list, name="sheet_list"),
    path("sheets/<int:policy_id>/", views.sheet_edit, name="sheet_edit"),
]
