"""API of the services signals part (mounted by api.py)."""

from ninja import Router

router = Router()
