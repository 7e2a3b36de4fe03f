"""URLs of the 免申即享 workflow, mounted at /grants/."""

from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/exclude/",
        views.candidate_exclude,
        name="candidate_exclude",
    ),
    path("<int:pk>/publish/", views.notice_publish, name="notice_publish"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/objection/",
        views.objection_record,
        name="objection_record",
    ),
    path(
        "<int:pk>/objections/<int:objection_pk>/resolve/",
        views.objection_resolve,
        name="objection_resolve",
    ),
    path("<int:pk>/confirm/", views.round_confirm, name="round_confirm"),
    path("<int:pk>/export.xlsx", views.round_export, name="round_export"),
    path("<int:pk>/pay/", views.round_pay, name="round_pay"),
    path("mine/", views.benefits_mine, name="benefits_mine"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/object/", views.notice_object, name="notice_object"),
]
