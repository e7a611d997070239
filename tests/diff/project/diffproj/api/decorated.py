"""Class decorators from the rule pack's decorators table (project definitions)."""
from rest_framework import generics
from rest_framework.authentication import BasicAuthentication
from rest_framework.views import APIView

from openedx.core.lib.api.view_utils import view_auth_classes


@view_auth_classes()
class DecoratedView(APIView):
    pass


@view_auth_classes(is_user=True)
class DecoratedListView(generics.ListAPIView):
    pass


class DecoratedChildView(DecoratedView):
    """Inherits the attribute the decorator set on DecoratedView."""


@view_auth_classes()
class DecoratedOverridesOwnView(APIView):
    """The decorator runs after the class body: its value wins."""
    authentication_classes = (BasicAuthentication,)
