"""Core's own pages: the holiday arrangements of the working-day calendar."""

from django.urls import path

from .holidays import views

app_name = "core"

urlpatterns = [
    path("holidays/", views.holiday_list, name="holiday_list"),
    path("holidays/new/", views.holiday_create, name="holiday_create"),
    path("holidays/<int:year>/", views.holiday_detail, name="holiday_detail"),
    path("holidays/<int:year>/edit/", views.holiday_update, name="holiday_update"),
    path("holidays/<int:year>/delete/", views.holiday_delete, name="holiday_delete"),
]
