"""Inheritance: base views, deep mixin chains, mixin order against APIView."""
from rest_framework import generics
from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.views import APIView

from diffproj.constants import JWT_AND_SESSION
from diffproj.mixins import (
    DeepestMixin,
    EmptyAuthMixin,
    JwtAuthMixin,
    PlainMixin,
    SessionOverrideMixin,
    TokenMixin,
)


class BaseJwtView(APIView):
    authentication_classes = JWT_AND_SESSION


class MiddleView(BaseJwtView):
    pass


class LeafView(MiddleView):
    pass


class OverridingLeafView(MiddleView):
    authentication_classes = (BasicAuthentication,)


class MixinFirstView(TokenMixin, APIView):
    pass


class DeepMixinView(DeepestMixin, generics.ListAPIView):
    pass


class OverrideMixinView(SessionOverrideMixin, APIView):
    pass


class PlainMixinView(PlainMixin, APIView):
    pass


class OwnBeatsMixinView(JwtAuthMixin, APIView):
    authentication_classes = (TokenAuthentication,)


class EmptyMixinView(EmptyAuthMixin, LeafView):
    pass


# A mixin listed AFTER a DRF view base is shadowed: APIView itself defines
# authentication_classes (= the settings default) and comes first in the MRO.
class MixinAfterAPIView(APIView, JwtAuthMixin):
    pass


class MixinAfterGenericView(generics.ListAPIView, TokenMixin):
    pass


class SettingsBaseView(APIView):
    pass


class ProjectBaseThenMixinView(SettingsBaseView, TokenMixin):
    pass
