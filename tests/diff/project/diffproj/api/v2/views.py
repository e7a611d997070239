"""Relative imports two levels up, aliased imports, module-attribute bases."""
from rest_framework.views import APIView

from ... import constants as project_constants
from ...authentication import LocalJwtAuthentication as LJ
from ...constants import JWT_AND_SESSION as JS, TOKEN_AUTH
from .. import views_inherit
from ..views_basic import OwnTupleView as TupleBase


class V2RelativeConstView(APIView):
    authentication_classes = JS


class V2InheritAliasView(TupleBase):
    pass


class V2LocalClassView(APIView):
    authentication_classes = (LJ,) + TOKEN_AUTH


class V2ModuleAttrBaseView(views_inherit.LeafView):
    pass


class V2ModuleAttrClassView(APIView):
    authentication_classes = (project_constants.LocalJwtAuthentication,)
