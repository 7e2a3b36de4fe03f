from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.root, name="root"),
    path("overview/", views.home, name="home"),
    path("overview/figures/<slug:key>.xlsx", views.figure_export, name="figure_export"),
    path("advisor/", views.advisor_home, name="advisor_home"),
]
