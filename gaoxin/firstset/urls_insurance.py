"""URLs of the first-set insurance pages (firstset namespace): insurance policies and
premium-subsidy claims."""

from django.urls import path

from .views import insurance

urlpatterns: list = [
    path("insurance/", insurance.insurance_list, name="insurance_list"),
    path("insurance/export.xlsx", insurance.insurance_export, name="insurance_export"),
    path("insurance/new/", insurance.insurance_create, name="insurance_create"),
    path("insurance/queue/", insurance.insurance_queue, name="insurance_queue"),
    path("insurance/<int:pk>/", insurance.insurance_detail, name="insurance_detail"),
    path("insurance/<int:pk>/edit/", insurance.insurance_edit, name="insurance_edit"),
    path("insurance/<int:pk>/renew/", insurance.insurance_renew, name="insurance_renew"),
    path("insurance/<int:pk>/proof/", insurance.insurance_proof, name="insurance_proof"),
    path("insurance/<int:pk>/verify/", insurance.insurance_verify, name="insurance_verify"),
    path("insurance/<int:pk>/reject/", insurance.insurance_reject, name="insurance_reject"),
    path("claims/apply/", insurance.claim_start, name="claim_start"),
    path("claims/<int:pk>/policies/", insurance.claim_edit, name="claim_edit"),
]
