from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import OAuth2AuthenticationAllowInactiveUser
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class BasketView(APIView):
    authentication_classes = [OAuth2AuthenticationAllowInactiveUser, JwtAuthentication, SessionAuthentication]


class HangingView(APIView):
    authentication_classes = [JwtAuthentication,
                              OAuth2AuthenticationAllowInactiveUser,
                              SessionAuthentication]
