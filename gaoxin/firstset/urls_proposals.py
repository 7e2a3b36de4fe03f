"""URLs of the first-set proposals pages (firstset namespace)."""

urlpatterns: list = []
