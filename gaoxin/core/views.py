"""The few pages of core: /favicon.ico, which browsers ask for on every site."""

from django.templatetags.static import static
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """/favicon.ico → the icon under static/ (its hashed name in production), for browsers
    and tools that ask the site's root rather than read the page's <link rel="icon">."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("favicon.ico")
