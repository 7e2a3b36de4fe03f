from django.urls import path

from . import cluster_views as views

app_name = "clusters"

urlpatterns = [
    path("", views.cluster_list, name="list"),
    path("new/", views.cluster_create, name="create"),
    path("<int:pk>/", views.cluster_detail, name="detail"),
    path("<int:pk>/edit/", views.cluster_update, name="update"),
    path("<int:pk>/export/", views.cluster_export, name="export"),
    path("<int:pk>/segments/new/", views.segment_create, name="segment_create"),
    path("<int:pk>/targets/", views.target_list, name="targets"),
    path("<int:pk>/targets/export/", views.target_export, name="targets_export"),
    path("<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("segments/<int:pk>/", views.segment_detail, name="segment"),
    path("segments/<int:pk>/edit/", views.segment_update, name="segment_update"),
    path("segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
    path("segments/<int:pk>/advisors/", views.segment_advisors, name="segment_advisors"),
    path("segments/<int:pk>/members/add/", views.membership_add, name="membership_add"),
    path(
        "segments/<int:pk>/members/<int:enterprise_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("targets/<int:pk>/edit/", views.target_update, name="target_update"),
    path("targets/<int:pk>/milestones/", views.milestone_set, name="milestone_set"),
]
