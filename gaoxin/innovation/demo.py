"""The innovation demo: each part registers its loader in demo_<part>.py (imported here so that
``gaoxin load-demo`` discovers them)."""

from . import demo_institutes, demo_projects  # noqa: F401
