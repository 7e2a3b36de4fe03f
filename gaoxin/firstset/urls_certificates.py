"""URLs of the first-set certificates pages (firstset namespace)."""

urlpatterns: list = []
