"""A chart PNG as a response scoped to the user who asked for it."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


def scoped_png(png: bytes) -> HttpResponse:
    """Never kept by a shared cache, nor shown to the next login on the same browser."""
    response = HttpResponse(png, content_type="image/png")
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))
    return response
