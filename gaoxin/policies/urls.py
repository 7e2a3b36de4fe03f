from django.urls import path

from .views import manage, public, sandbox

app_name = "policies"

urlpatterns = [
    path("", public.public_list, name="public_list"),
    path("<int:pk>/", public.public_detail, name="public_detail"),
    path("calculator/", public.calculator, name="calculator"),
    path("calculator/what-if/", public.calculator_what_if, name="calculator_what_if"),
    path("calculator/public/", public.public_calculator, name="public_calculator"),
    path("manage/", manage.manage_list, name="manage_list"),
    path("manage/new/", manage.manage_create, name="manage_create"),
    path("manage/<int:pk>/", manage.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", manage.manage_edit, name="manage_edit"),
    path("manage/<int:pk>/articles/", manage.manage_articles, name="manage_articles"),
    path("manage/<int:pk>/builder/", manage.manage_builder, name="manage_builder"),
    path("manage/<int:pk>/count/", manage.manage_count, name="manage_count"),
    path("manage/<int:pk>/publish/", manage.manage_publish, name="manage_publish"),
    path("manage/<int:pk>/discard/", manage.manage_discard, name="manage_discard"),
    path("manage/<int:pk>/sandbox/", sandbox.manage_sandbox, name="manage_sandbox"),
    path(
        "manage/<int:pk>/matches.xlsx",
        manage.manage_matches_export,
        name="manage_matches_export",
    ),
    path(
        "manage/<int:pk>/sandbox/export/",
        sandbox.manage_sandbox_export,
        name="manage_sandbox_export",
    ),
]
