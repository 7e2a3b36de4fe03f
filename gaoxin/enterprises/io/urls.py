"""Import/export routes, merged into the `enterprises` namespace by enterprises/urls.py."""

urlpatterns: list = []
