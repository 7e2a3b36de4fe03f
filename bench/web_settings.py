"""Settings of bench/web.py only: the base settings, served as in production (DEBUG off, so the
template loaders are cached), with a URLconf that adds the bench's bare baseline view."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.web_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
