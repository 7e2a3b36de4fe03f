"""URLs of the first-set insurance pages (firstset namespace)."""

urlpatterns: list = []
