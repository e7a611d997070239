"""Own declarations on APIView and generics, with every import style."""
import edx_rest_framework_extensions.auth.jwt.authentication
import rest_framework.authentication as drf_auth
import rest_framework.generics
from django.views import View
from rest_framework import authentication, generics
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    SessionAuthentication as DRFSession,
    TokenAuthentication,
)
from rest_framework.views import APIView
from rest_framework.views import APIView as BaseAPIView

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api import authentication as platform_auth

from ..authentication import LocalBearerAuthentication, LocalJwtAuthentication


class OwnTupleView(APIView):
    authentication_classes = (JwtAuthentication, SessionAuthentication)


class OwnListView(APIView):
    authentication_classes = [LocalJwtAuthentication, BasicAuthentication]


class EmptyTupleView(APIView):
    authentication_classes = ()


class EmptyListView(generics.ListAPIView):
    authentication_classes = []


class SettingsDefaultView(APIView):
    """No declaration: the settings default."""


class GenericDefaultView(generics.GenericAPIView):
    pass


class RetrieveView(generics.RetrieveUpdateDestroyAPIView):
    authentication_classes = (authentication.TokenAuthentication,)


class CreateView(generics.CreateAPIView):
    authentication_classes = (
        drf_auth.BasicAuthentication,
        edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication,
    )


class LastAssignmentWinsView(APIView):
    authentication_classes = (BasicAuthentication,)
    authentication_classes = (JwtAuthentication,)


class AliasedBaseView(BaseAPIView):
    authentication_classes = (DRFSession,)


class ListCreateView(rest_framework.generics.ListCreateAPIView):
    authentication_classes = (LocalBearerAuthentication,)


class LegacyBearerView(APIView):
    authentication_classes = (
        JwtAuthentication,
        platform_auth.BearerAuthenticationAllowInactiveUser,
        TokenAuthentication,
    )


class StripeWebhookView(APIView):
    authentication_classes = ()


class PlainDjangoView(View):
    """Not a DRF view: not an endpoint even though it sets the attribute."""
    authentication_classes = (BasicAuthentication,)
