from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser
from rest_framework.views import APIView


class MobileCourseView(APIView):
    authentication_classes = (JwtAuthentication, BearerAuthenticationAllowInactiveUser)  # noqa: AUTH003
