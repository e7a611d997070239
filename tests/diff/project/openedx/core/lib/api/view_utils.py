"""Stand-in for edx-platform's view_auth_classes decorator (same shape)."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import (
    SessionAuthenticationAllowInactiveUser,
)
from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser


def view_auth_classes(is_user=False, is_authenticated=True):
    """Function and class decorator that sets the authentication classes."""
    def _decorator(func_or_class):
        func_or_class.authentication_classes = (
            JwtAuthentication,
            BearerAuthenticationAllowInactiveUser,
            SessionAuthenticationAllowInactiveUser,
        )
        func_or_class.permission_classes = ()
        return func_or_class
    return _decorator
