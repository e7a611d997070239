"""Every EXPR form of SPEC 3.3: Other.authentication_classes, api_settings,
concatenation, list()/tuple(), starred elements, imported constants."""
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from diffproj.constants import (
    ALIASED,
    AS_LIST,
    EXTENDED,
    JWT_AND_SESSION,
    JWT_ONLY,
    LEGACY,
    NO_AUTH,
    STARRED,
)
from diffproj.mixins import JwtAuthMixin

from .views_basic import OwnListView, OwnTupleView, SettingsDefaultView
from .views_diamond import RightView
from .views_inherit import LeafView


class OtherAttrView(APIView):
    authentication_classes = OwnTupleView.authentication_classes


class OtherInheritedAttrView(APIView):
    authentication_classes = LeafView.authentication_classes


class OtherSettingsAttrView(APIView):
    """SettingsDefaultView declares nothing: this is the settings default."""
    authentication_classes = SettingsDefaultView.authentication_classes


class OtherMixinAttrView(APIView):
    authentication_classes = JwtAuthMixin.authentication_classes


class ApiSettingsView(APIView):
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES


class ConcatView(APIView):
    authentication_classes = JWT_AND_SESSION + (TokenAuthentication,)


class ConcatListView(APIView):
    authentication_classes = list(JWT_AND_SESSION) + [BasicAuthentication]


class ApiSettingsConcatView(APIView):
    authentication_classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES + [TokenAuthentication]


class TupleCallView(APIView):
    authentication_classes = tuple(JWT_ONLY)


class ListCallView(APIView):
    authentication_classes = list(LEGACY)


class StarredView(APIView):
    authentication_classes = (*JWT_AND_SESSION, BasicAuthentication)


class StarredSettingsView(APIView):
    authentication_classes = [*api_settings.DEFAULT_AUTHENTICATION_CLASSES, TokenAuthentication]


class StarredOtherView(APIView):
    authentication_classes = (TokenAuthentication, *RightView.authentication_classes)


class ConstExtendedView(APIView):
    authentication_classes = EXTENDED


class ConstStarredView(APIView):
    authentication_classes = STARRED


class ConstAsListView(APIView):
    authentication_classes = AS_LIST


class ConstAliasView(APIView):
    authentication_classes = ALIASED


class ConstEmptyView(APIView):
    authentication_classes = NO_AUTH


class MixedConcatView(APIView):
    authentication_classes = OwnListView.authentication_classes + JWT_ONLY


class ConcatThreeView(APIView):
    authentication_classes = (SessionAuthentication,) + tuple(JWT_ONLY) + LEGACY
