"""Several findings on one declaration (AUTH001-AUTH004) make one rewrite."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.views import APIView


class AccountView(APIView):  # authlint: client=browser
    authentication_classes = (
        SessionAuthentication,
        BearerAuthenticationAllowInactiveUser,
        JwtAuthentication,
    )


class PaymentView(APIView):  # authlint: client=browser
    authentication_classes = (BearerAuthenticationAllowInactiveUser, BasicAuthentication)
