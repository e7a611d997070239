from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import BearerAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class WindowsView(APIView):
    authentication_classes = (
        SessionAuthentication,
        BearerAuthentication,
        JwtAuthentication,
    )
