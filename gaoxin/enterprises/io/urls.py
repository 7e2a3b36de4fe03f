"""Import/export routes, merged into the `enterprises` namespace by enterprises/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.enterprise_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("export/", views.export, name="export"),
]
