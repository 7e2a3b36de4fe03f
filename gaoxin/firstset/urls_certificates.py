"""URLs of the tender certificate and its public verification (firstset namespace)."""

from django.urls import path

from .views import certificates

urlpatterns: list = [
    path("qualifications/<int:pk>/certificate/", certificates.certificate, name="certificate"),
    path(
        "qualifications/<int:pk>/certificate.pdf",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path("verify/", certificates.verify, name="verify"),
    path("verify/<str:code>/", certificates.verify_code, name="verify_code"),
]
