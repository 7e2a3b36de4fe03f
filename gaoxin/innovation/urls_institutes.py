"""URLs of the innovation institutes pages (innovation namespace)."""

from django.urls import path

from . import views_institutes as views

urlpatterns: list = [
    path("", views.institute_list, name="institute_list"),
    path("export.xlsx", views.institute_export, name="institute_export"),
    path("new/", views.institute_create, name="institute_create"),
    path("<int:pk>/", views.institute_detail, name="institute_detail"),
    path("<int:pk>/export.xlsx", views.institute_detail_export, name="institute_detail_export"),
    path("<int:pk>/edit/", views.institute_update, name="institute_update"),
    path("<int:pk>/members/new/", views.institute_member_add, name="institute_member_add"),
    path(
        "<int:pk>/members/<int:member_pk>/edit/",
        views.institute_member_update,
        name="institute_member_update",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/remove/",
        views.institute_member_remove,
        name="institute_member_remove",
    ),
    path("<int:pk>/criteria/", views.institute_criteria, name="institute_criteria"),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/remove/",
        views.institute_criterion_remove,
        name="institute_criterion_remove",
    ),
]
