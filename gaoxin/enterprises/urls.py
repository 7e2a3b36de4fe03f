from django.urls import path

from . import views
from .io import urls as io_urls

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.enterprise_mine, name="mine"),
    *io_urls.urlpatterns,
]
