"""URLs of applications, mounted at /applications/."""

from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<int:policy_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/materials/", views.material_add, name="material_add"),
    path(
        "<int:pk>/materials/<int:material_pk>/remove/",
        views.material_remove,
        name="material_remove",
    ),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/objections/", views.objection_record, name="objection_record"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/draw/", views.review_draw, name="review_draw"),
    path("all/", views.overview, name="overview"),
    path("all/export.xlsx", views.overview_export, name="overview_export"),
    path("stages/", views.stage_policies, name="stage_policies"),
    path("stages/<int:policy_pk>/", views.stages, name="stages"),
    path("stages/edit/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("stages/delete/<int:pk>/", views.stage_delete, name="stage_delete"),
    path("stages/move/<int:pk>/", views.stage_move, name="stage_move"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/object/", views.notice_object, name="notice_object"),
]
