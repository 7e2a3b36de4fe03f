"""URLs of the first-set supervision pages (firstset namespace)."""

urlpatterns: list = []
