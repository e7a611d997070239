"""Diamond inheritance: the C3 order decides, not depth-first search."""
from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.views import APIView

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication

from ..mixins import DiamondLeftMixin, DiamondRightMixin


class DiamondBase(APIView):
    authentication_classes = (BasicAuthentication,)


class LeftView(DiamondBase):
    pass


class RightView(DiamondBase):
    authentication_classes = (JwtAuthentication,)


class LeftDeclView(DiamondBase):
    authentication_classes = (TokenAuthentication,)


class DiamondView(LeftView, RightView):
    """MRO: DiamondView, LeftView, RightView, DiamondBase: RightView wins."""


class DiamondLRView(LeftDeclView, RightView):
    pass


class DiamondRLView(RightView, LeftDeclView):
    pass


class MixinDiamondView(DiamondLeftMixin, DiamondRightMixin, APIView):
    """MRO: ..., DiamondLeftMixin, DiamondRightMixin, DiamondTopMixin, APIView."""
