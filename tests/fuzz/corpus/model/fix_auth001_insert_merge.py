"""JwtAuthentication goes first; its import joins the line of its module."""
from edx_rest_framework_extensions.auth.jwt.authentication import get_jwt_user
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.views import APIView


class ReportView(APIView):
    authentication_classes = (SessionAuthentication, BasicAuthentication)


class ListView(APIView):
    authentication_classes = [BasicAuthentication]
