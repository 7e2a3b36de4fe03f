"""URLs of the yearly reporting campaigns (年报填报), mounted at /reporting/."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/verify/", views.campaign_verify, name="campaign_verify"),
    path(
        "<int:pk>/verify-matching/",
        views.campaign_verify_matching,
        name="campaign_verify_matching",
    ),
    path("<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
]
