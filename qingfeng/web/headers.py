"""Security headers Django 5.2 does not send itself: Content-Security-Policy and Permissions-Policy.

(Django 6.0 has its own CSP middleware; until then this one sends a fixed policy.)
The policy allows nothing inline and nothing from another origin: every script and
stylesheet is a static file of the platform (see the template test in
tests/web/test_security_headers.py). SecurityMiddleware sends the rest
(nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, HSTS over HTTPS).
"""

POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]
CONTENT_SECURITY_POLICY = "; ".join(POLICY)
# The API docs only: Swagger UI's stylesheet draws its icons as data: SVG images.
DOCS_CONTENT_SECURITY_POLICY = "; ".join([*POLICY, "img-src 'self' data:"])

# Browser features no page of the platform uses (a file input still opens the camera app).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
