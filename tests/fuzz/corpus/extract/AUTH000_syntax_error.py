from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


def helper(:
    pass


class NotesView(APIView):
    authentication_classes = (SessionAuthentication,)
