"""URLs of the advisor pool, the service domains and the service reports (services
namespace)."""

from django.urls import path

from . import views_advisors as views

urlpatterns: list = [
    path("advisors/", views.advisor_list, name="advisor_list"),
    path("advisors/export.xlsx", views.advisor_list_export, name="advisor_list_export"),
    path("advisors/new/", views.advisor_create, name="advisor_create"),
    path("advisors/<int:pk>/", views.advisor_detail, name="advisor_detail"),
    path("advisors/<int:pk>/edit/", views.advisor_update, name="advisor_update"),
    path(
        "advisors/<int:pk>/availability/",
        views.advisor_availability,
        name="advisor_availability",
    ),
    path("advisors/<int:pk>/end-term/", views.advisor_end_term, name="advisor_end_term"),
    path("domains/", views.domain_list, name="domain_list"),
    path("domains/new/", views.domain_create, name="domain_create"),
    path("domains/<int:pk>/edit/", views.domain_update, name="domain_update"),
    path("reports/", views.report_advisors, name="report_advisors"),
    path("reports/advisors.xlsx", views.report_advisors_export, name="report_advisors_export"),
    path("reports/domains/", views.report_domains, name="report_domains"),
    path("reports/domains.xlsx", views.report_domains_export, name="report_domains_export"),
    path("reports/parks/", views.report_parks, name="report_parks"),
    path("reports/parks.xlsx", views.report_parks_export, name="report_parks_export"),
]
