"""API of the innovation projects part (mounted by api.py)."""

from ninja import Router

router = Router()
