"""URLs of the innovation projects pages (innovation namespace)."""

urlpatterns: list = []
