from django.conf import settings
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView

if settings.FEATURES.get("ENABLE_JWT_FOR_DISCUSSIONS"):
    DISCUSSION_AUTHENTICATION = (JwtAuthentication, SessionAuthentication)
else:
    DISCUSSION_AUTHENTICATION = (SessionAuthentication,)


class DiscussionView(APIView):
    authentication_classes = DISCUSSION_AUTHENTICATION
