"""URLs of events, mounted at /events/."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/edit/", views.event_update, name="update"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/program/", views.event_program, name="program"),
    path("<int:pk>/organisers/add/", views.organiser_add, name="organiser_add"),
    path(
        "<int:pk>/organisers/<int:organiser_pk>/remove/",
        views.organiser_remove,
        name="organiser_remove",
    ),
    path("<int:pk>/talks/add/", views.talk_add, name="talk_add"),
    path("<int:pk>/talks/<int:talk_pk>/remove/", views.talk_remove, name="talk_remove"),
    path("<int:pk>/advisors/add/", views.advisor_add, name="advisor_add"),
    path("<int:pk>/advisors/<int:expert_pk>/remove/", views.advisor_remove, name="advisor_remove"),
    path("<int:pk>/registrations/", views.registration_list, name="registrations"),
    path(
        "<int:pk>/registrations/export.xlsx",
        views.registration_export,
        name="registration_export",
    ),
    path(
        "<int:pk>/registrations/<int:registration_pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
