from django.shortcuts import redirect
from django.urls import reverse

from qingfeng.accounts import twofactor

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireTwoFactorMiddleware:
    """When 2FA is required, a staff session without a verified device sees only the 2FA pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            twofactor.required()
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "two-factor authentication required"}, status=403)
            return redirect(reverse("accounts:verify"))
        return self.get_response(request)
