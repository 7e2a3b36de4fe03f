"""URLs of the first-set qualifications pages (firstset namespace): declarations, the
qualification request, qualifications and the public results."""

from django.urls import path

from .views import qualifications as views

urlpatterns: list = [
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/new/", views.declaration_create, name="declaration_create"),
    path("declarations/check/<int:pk>/", views.declaration_check, name="declaration_check"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("declarations/<int:pk>/edit/", views.declaration_update, name="declaration_update"),
    path("declarations/<int:pk>/delete/", views.declaration_delete, name="declaration_delete"),
    path("declarations/<int:pk>/evidence/", views.evidence_add, name="declaration_evidence_add"),
    path(
        "declarations/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="declaration_evidence_remove",
    ),
    path("qualifications/", views.qualification_list, name="qualification_list"),
    path("qualifications/export.xlsx", views.qualification_export, name="qualification_export"),
    path("qualifications/apply/", views.qualification_apply, name="qualification_apply"),
    path(
        "qualifications/apply/start/",
        views.qualification_request_start,
        name="qualification_request_start",
    ),
    path(
        "qualifications/requests/<int:pk>/edit/",
        views.qualification_request_edit,
        name="qualification_request_edit",
    ),
    path("qualifications/<int:pk>/", views.qualification_detail, name="qualification_detail"),
    path(
        "qualifications/<int:pk>/revoke/",
        views.qualification_revoke,
        name="qualification_revoke",
    ),
    path("results/", views.results, name="results"),
    path("results/<int:year>/", views.results_year, name="results_year"),
]
