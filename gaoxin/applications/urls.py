"""URLs of applications, mounted at /applications/."""

from django.urls import path

from .views import applicant, application, manage, public, reviews

app_name = "applications"

urlpatterns = [
    path("", applicant.mine, name="mine"),
    path("start/<int:policy_pk>/", applicant.start, name="start"),
    path("<int:pk>/", application.detail, name="detail"),
    path("<int:pk>/edit/", applicant.edit, name="edit"),
    path("<int:pk>/materials/", applicant.material_add, name="material_add"),
    path(
        "<int:pk>/materials/<int:material_pk>/remove/",
        applicant.material_remove,
        name="material_remove",
    ),
    path("<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("<int:pk>/versions/<int:number>/", application.version_detail, name="version_detail"),
    path("<int:pk>/objections/", application.objection_record, name="objection_record"),
    path("objections/<int:pk>/answer/", application.objection_answer, name="objection_answer"),
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/draw/", reviews.review_draw, name="review_draw"),
    path("all/", manage.overview, name="overview"),
    path("all/export.xlsx", manage.overview_export, name="overview_export"),
    path("stages/", manage.stage_policies, name="stage_policies"),
    path("stages/<int:policy_pk>/", manage.stages, name="stages"),
    path("stages/edit/<int:pk>/", manage.stage_edit, name="stage_edit"),
    path("stages/delete/<int:pk>/", manage.stage_delete, name="stage_delete"),
    path("stages/move/<int:pk>/", manage.stage_move, name="stage_move"),
    path("notices/", public.notice_list, name="notice_list"),
    path("notices/<int:pk>/object/", public.notice_object, name="notice_object"),
]
