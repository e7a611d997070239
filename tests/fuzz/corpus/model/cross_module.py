from rest_framework.views import APIView
from .base import BaseView, AUTH
from proj import API_AUTH


class ListView(BaseView):
    pass


class OwnView(APIView):
    authentication_classes = AUTH + (API_AUTH[0],)  # noqa: AUTH006


class CycleA(CycleB):
    authentication_classes = ("rest_framework.authentication.BasicAuthentication",)
---
from rest_framework.authentication import SessionAuthentication
from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from rest_framework.views import APIView
from proj.views import CycleA

AUTH = (SessionAuthentication, BearerAuthentication)


class BaseView(APIView):
    authentication_classes = AUTH


class CycleB(CycleA):
    pass
---
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication

try:
    from rest_framework.authentication import SessionAuthentication
except ImportError:
    SessionAuthentication = None

API_AUTH = [JwtAuthentication, SessionAuthentication]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ("rest_framework.authentication.SessionAuthentication",),
}
