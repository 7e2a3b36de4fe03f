"""URLs of the investment pipeline (招商), mounted at /investment/."""

from django.urls import path

from . import views

app_name = "investment"

urlpatterns = [
    path("", views.lead_list, name="lead_list"),
    path("export.xlsx", views.lead_list_export, name="lead_list_export"),
    path("new/", views.lead_create, name="lead_create"),
    path("<int:pk>/", views.lead_detail, name="lead_detail"),
    path("<int:pk>/edit/", views.lead_update, name="lead_update"),
    path("<int:pk>/move/<slug:name>/", views.lead_move, name="lead_move"),
    path("signings/", views.signing_list, name="signing_list"),
    path("signings/export.xlsx", views.signing_list_export, name="signing_list_export"),
    path("signings/<int:pk>/agreement/", views.agreement_download, name="agreement_download"),
    path("funnel/", views.funnel_page, name="funnel"),
    path("funnel/export.xlsx", views.funnel_export, name="funnel_export"),
]
