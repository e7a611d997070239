from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class BaseApiView(APIView):
    authentication_classes = (SessionAuthentication,)


class JwtApiView(BaseApiView):
    authentication_classes = (JwtAuthentication, SessionAuthentication)


class LoggingApiView(BaseApiView):
    pass


class ReportView(LoggingApiView, JwtApiView):
    pass
