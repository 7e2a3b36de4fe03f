"""URLs of the services advisors pages (services namespace)."""

urlpatterns: list = []
