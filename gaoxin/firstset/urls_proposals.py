"""URLs of the first-set proposals pages (firstset namespace)."""

from django.urls import path

from .views import proposals

urlpatterns: list = [
    path("proposals/", proposals.proposal_list_view, name="proposal_list"),
    path("proposals/new/", proposals.proposal_create_view, name="proposal_create"),
    path("proposals/export.xlsx", proposals.proposal_export_view, name="proposal_export"),
    path("proposals/<int:pk>/", proposals.proposal_detail_view, name="proposal_detail"),
    path("proposals/<int:pk>/review/", proposals.proposal_review_view, name="proposal_review"),
]
