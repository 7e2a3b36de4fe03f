"""API of the services events part (mounted by api.py)."""

from ninja import Router

router = Router()
