from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("calculator/", views.calculator, name="calculator"),
]
