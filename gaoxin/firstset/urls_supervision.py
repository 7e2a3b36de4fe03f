"""URLs of the first-set supervision pages (firstset namespace)."""

from django.urls import path

from .views import supervision as views

urlpatterns: list = [
    path("supervision/", views.supervision_list, name="supervision"),
    path("supervision/export.xlsx", views.supervision_export, name="supervision_export"),
    path("supervision/report/", views.supervision_report, name="supervision_report"),
    path(
        "supervision/report.xlsx",
        views.supervision_report_export,
        name="supervision_report_export",
    ),
    path("supervision/bans/", views.ban_list, name="ban_list"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("supervision/<int:pk>/clawback/", views.supervision_clawback, name="supervision_clawback"),
]
