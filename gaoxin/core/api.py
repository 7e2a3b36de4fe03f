"""What the API routers of every app share."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 25
MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    """`page` (from 1) and `page_size` (25 unless given, at most 200)."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
