"""The login view: Django's, with a limit on failed logins per client address across user names.

django-axes locks a user name after 5 failures (settings.AXES_*); it does not lock an address, because a
commune office shares one public address. Guessing many user names from one address is limited here
instead, with a higher threshold (`RATE_LIMITS["login_address"]`, default 30 failures in 15 minutes):
past it, every login from the address gets HTTP 429 until the window ends, whatever the user name.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from ansinh.accounts.forms_auth import LoginForm
from ansinh.core.ratelimit import count_attempt, retry_after, too_many_page

LIMIT = "login_address"


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = retry_after(request, LIMIT)
        if wait is not None:
            return too_many_page(request, wait)
        response = super().post(request, *args, **kwargs)
        if not request.user.is_authenticated:
            count_attempt(request, LIMIT)
        return response
