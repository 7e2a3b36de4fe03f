from django.urls import path

from . import views, views_verification
from .io import urls as io_urls
from .io.department import urls as department_urls

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.enterprise_mine, name="mine"),
    path("new/", views.enterprise_create, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_update, name="update"),
    path("<int:pk>/facts/new/", views.fact_create, name="fact_create"),
    path("<int:pk>/facts/<int:year>/edit/", views.fact_update, name="fact_update"),
    path("<int:pk>/facts/<int:year>/delete/", views.fact_delete, name="fact_delete"),
    path(
        "<int:pk>/qualifications/new/",
        views.qualification_create,
        name="qualification_create",
    ),
    path(
        "<int:pk>/qualifications/<int:qualification_pk>/edit/",
        views.qualification_update,
        name="qualification_update",
    ),
    path(
        "<int:pk>/qualifications/<int:qualification_pk>/delete/",
        views.qualification_delete,
        name="qualification_delete",
    ),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/edit/",
        views.contact_update,
        name="contact_update",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
    path(
        "<int:pk>/contacts/<int:contact_pk>/reveal/",
        views.contact_reveal,
        name="contact_reveal",
    ),
    path("verification/", views_verification.queue, name="verification_queue"),
    path("verification/verify/", views_verification.bulk_verify, name="verification_bulk"),
    path("verification/<int:pk>/", views_verification.record_detail, name="verification_detail"),
    path(
        "verification/<int:pk>/verify/",
        views_verification.record_verify,
        name="verification_verify",
    ),
    path(
        "verification/<int:pk>/reject/",
        views_verification.record_reject,
        name="verification_reject",
    ),
    path(
        "attachments/<int:pk>/",
        views_verification.attachment_download,
        name="attachment_download",
    ),
    *io_urls.urlpatterns,
    *department_urls.urlpatterns,
]
