"""URLs of the first-set pages, mounted at /firstset/."""

from django.urls import path
from django.views.generic import RedirectView

from . import (
    urls_certificates,
    urls_insurance,
    urls_proposals,
    urls_qualifications,
    urls_supervision,
)
from .views import catalog, estimator, explorer, manage

app_name = "firstset"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="firstset:catalog")),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/new/", manage.entry_create, name="entry_create"),
    path("catalog/import/", manage.catalog_import, name="catalog_import"),
    path(
        "catalog/import/template.xlsx",
        manage.catalog_import_template,
        name="catalog_import_template",
    ),
    path("catalog/export.xlsx", manage.catalog_export, name="catalog_export"),
    path("catalog/editions/new/", manage.edition_create, name="edition_create"),
    path("catalog/<int:pk>/", catalog.entry_detail, name="entry_detail"),
    path("catalog/<int:pk>/check/", catalog.entry_check, name="entry_check"),
    path("catalog/<int:pk>/edit/", manage.entry_update, name="entry_update"),
    path("catalog/<int:pk>/delete/", manage.entry_delete, name="entry_delete"),
    path("estimator/", estimator.estimator, name="estimator"),
    path("estimator/row/", estimator.estimator_row, name="estimator_row"),
    path("estimator/template.xlsx", estimator.estimator_template, name="estimator_template"),
    path("estimator/public/", estimator.public_estimator, name="public_estimator"),
    path("estimator/public/row/", estimator.public_estimator_row, name="public_estimator_row"),
    path(
        "estimator/public/template.xlsx",
        estimator.public_estimator_template,
        name="public_estimator_template",
    ),
    path("rules/", explorer.rules_explorer, name="rules"),
]
# the program (declarations, qualifications, policies, claims, supervision, certificates, proposals)
urlpatterns += urls_qualifications.urlpatterns
urlpatterns += urls_insurance.urlpatterns
urlpatterns += urls_supervision.urlpatterns
urlpatterns += urls_certificates.urlpatterns
urlpatterns += urls_proposals.urlpatterns
