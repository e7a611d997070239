"""Profile API used by the account MFE (browser-facing, see .authlint.json)."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class ProfileView(APIView):
    authentication_classes = (JwtAuthentication,)


class PreferencesView(APIView):
    authentication_classes = [SessionAuthentication, JwtAuthentication]
