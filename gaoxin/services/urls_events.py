"""URLs of the consultations and seminars pages (services namespace)."""

from django.urls import path

from . import views_events as v

urlpatterns: list = [
    path("consultations/", v.consultation_list, name="consultation_list"),
    path("consultations/series/new/", v.series_create, name="consultation_series_create"),
    path("consultations/series/<int:pk>/end/", v.series_end, name="consultation_series_end"),
    path("consultations/slots/<int:pk>/", v.slot_detail, name="slot_detail"),
    path("consultations/slots/<int:pk>/<slug:action>/", v.slot_action, name="slot_action"),
    path("seminars/", v.seminar_list, name="seminar_list"),
    path("seminars/new/", v.seminar_create, name="seminar_create"),
    path("seminars/<int:pk>/", v.seminar_detail, name="seminar_detail"),
    path("seminars/<int:pk>/edit/", v.seminar_update, name="seminar_update"),
    path("seminars/<int:pk>/step/<slug:name>/", v.seminar_move, name="seminar_move"),
    path("seminars/<int:pk>/register/", v.seminar_register, name="seminar_register"),
    path("seminars/<int:pk>/export.xlsx", v.seminar_export, name="seminar_export"),
    path(
        "seminars/<int:pk>/registrations/<int:seat_pk>/cancel/",
        v.seat_cancel,
        name="seminar_seat_cancel",
    ),
    path(
        "seminars/<int:pk>/registrations/<int:seat_pk>/<slug:name>/",
        v.seat_mark,
        name="seminar_seat_mark",
    ),
]
