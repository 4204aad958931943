from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Pages that are public: the login page, static assets and the verification of a printed official document
# (egovpm.official.views.verify: it reveals no content). Everything else needs a login.
# /api/v1/ authenticates each call with its own token and answers 401 JSON (egovpm.api.auth).
PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/favicon.ico", "/api/v1/", "/official/verify/")


class LoginRequiredMiddleware:
    """Deny by default: an anonymous request to any page but login goes to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
