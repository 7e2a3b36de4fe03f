from django.urls import path

from . import views, views_manage, views_sandbox

app_name = "policies"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/what-if/", views.calculator_what_if, name="calculator_what_if"),
    path("calculator/public/", views.public_calculator, name="public_calculator"),
    path("manage/", views_manage.manage_list, name="manage_list"),
    path("manage/new/", views_manage.manage_create, name="manage_create"),
    path("manage/<int:pk>/", views_manage.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", views_manage.manage_edit, name="manage_edit"),
    path("manage/<int:pk>/articles/", views_manage.manage_articles, name="manage_articles"),
    path("manage/<int:pk>/builder/", views_manage.manage_builder, name="manage_builder"),
    path("manage/<int:pk>/count/", views_manage.manage_count, name="manage_count"),
    path("manage/<int:pk>/publish/", views_manage.manage_publish, name="manage_publish"),
    path("manage/<int:pk>/discard/", views_manage.manage_discard, name="manage_discard"),
    path("manage/<int:pk>/sandbox/", views_sandbox.manage_sandbox, name="manage_sandbox"),
    path(
        "manage/<int:pk>/matches.xlsx",
        views_manage.manage_matches_export,
        name="manage_matches_export",
    ),
    path(
        "manage/<int:pk>/sandbox/export/",
        views_sandbox.manage_sandbox_export,
        name="manage_sandbox_export",
    ),
]
