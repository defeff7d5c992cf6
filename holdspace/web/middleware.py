from django.utils.cache import patch_cache_control


class PrivateByDefaultMiddleware:
    """No page is kept by a browser or proxy cache unless a view says otherwise.

    Pages may carry a person's own information or a form token, and a shared
    computer must not show them again from its cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response
