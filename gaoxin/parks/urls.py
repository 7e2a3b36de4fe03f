"""URLs of the parks, mounted at /parks/."""

from django.urls import path

from . import views

app_name = "parks"

urlpatterns = [
    path("", views.park_list, name="list"),
    path("new/", views.park_create, name="create"),
    path("<int:pk>/", views.park_detail, name="detail"),
    path("<int:pk>/edit/", views.park_update, name="update"),
    path("<int:pk>/public/", views.public_park, name="public"),
    path("<int:pk>/spaces.xlsx", views.spaces_export, name="spaces_export"),
    path("<int:pk>/platforms/new/", views.platform_create, name="platform_create"),
    path(
        "<int:pk>/platforms/<int:platform_pk>/edit/",
        views.platform_update,
        name="platform_update",
    ),
    path(
        "<int:pk>/platforms/<int:platform_pk>/delete/",
        views.platform_delete,
        name="platform_delete",
    ),
    path("<int:pk>/buildings/new/", views.building_create, name="building_create"),
    path(
        "<int:pk>/buildings/<int:building_pk>/edit/",
        views.building_update,
        name="building_update",
    ),
    path("<int:pk>/spaces/new/", views.space_create, name="space_create"),
    path("<int:pk>/spaces/<int:space_pk>/edit/", views.space_update, name="space_update"),
    path(
        "<int:pk>/spaces/<int:space_pk>/occupancy/",
        views.space_occupancy,
        name="space_occupancy",
    ),
]
