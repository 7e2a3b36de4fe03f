"""URLs of the services requests pages (services namespace)."""

from django.urls import path

from . import views_requests as views

urlpatterns: list = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/export.xlsx", views.request_list_export, name="request_list_export"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/<slug:name>/", views.request_step, name="request_step"),
    path("settings/", views.settings_page, name="settings"),
]
