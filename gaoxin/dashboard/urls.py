from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.root, name="root"),
    path("overview/", views.home, name="home"),
    path("advisor/", views.advisor_home, name="advisor_home"),
]
