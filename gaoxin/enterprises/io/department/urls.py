"""Department import routes, merged into the `enterprises` namespace by enterprises/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("department-import/", views.department_import, name="department_import"),
    path(
        "department-import/template/<slug:kind>/",
        views.department_import_template,
        name="department_import_template",
    ),
    path(
        "department-import/<int:pk>/",
        views.department_import_status,
        name="department_import_status",
    ),
    path(
        "department-import/<int:pk>/mismatches/",
        views.department_import_mismatches,
        name="department_import_mismatches",
    ),
]
