"""URLs of the fund ledgers, mounted at /funds/."""

from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.fund_list, name="fund_list"),
    path("export.xlsx", views.fund_list_export, name="fund_list_export"),
    path("enjoyed/", views.enjoyed, name="enjoyed"),
    path("<int:pk>/", views.fund_detail, name="fund_detail"),
    path("<int:pk>/export.xlsx", views.fund_export, name="fund_export"),
    path(
        "<int:pk>/commitments/<int:commitment_pk>/disburse/",
        views.disbursement_create,
        name="disbursement_create",
    ),
    path(
        "<int:pk>/commitments/<int:commitment_pk>/release/",
        views.commitment_release,
        name="commitment_release",
    ),
    path(
        "<int:pk>/commitments/<int:commitment_pk>/clawback/",
        views.clawback_create,
        name="clawback_create",
    ),
]
