"""ViewSets, GenericViewSets, model viewsets (no model needed) and actions."""
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.viewsets import GenericViewSet
from rest_framework.views import APIView

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication

from diffproj.constants import EXTENDED, TOKEN_AUTH
from diffproj.mixins import DeepestMixin, JwtAuthMixin, TokenMixin


class JwtViewSet(viewsets.ViewSet):
    authentication_classes = (JwtAuthentication,)

    def list(self, request):
        return Response([])

    @action(detail=True, methods=['get'], authentication_classes=[SessionAuthentication])
    def sessions(self, request, pk=None):
        return Response({})

    @action(detail=False)
    def plain(self, request):
        """No authentication_classes: not an action endpoint."""
        return Response({})


class DefaultGenericViewSet(GenericViewSet):
    @action(detail=False, authentication_classes=TOKEN_AUTH)
    def tokens(self, request):
        return Response({})

    @action(detail=True, methods=['post'], authentication_classes=())
    def public(self, request, pk=None):
        return Response({})


class ExtendedModelViewSet(viewsets.ModelViewSet):
    authentication_classes = EXTENDED

    @action(detail=True, authentication_classes=api_settings.DEFAULT_AUTHENTICATION_CLASSES)
    def settings_action(self, request, pk=None):
        return Response({})


class ReadOnlyMixinViewSet(JwtAuthMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ChildViewSet(JwtViewSet):
    """Inherits JwtViewSet; `sessions` stays an endpoint of JwtViewSet only."""

    @action(detail=False, authentication_classes=JwtViewSet.authentication_classes)
    def mirror(self, request):
        return Response({})


class DeepMixinViewSet(DeepestMixin, viewsets.GenericViewSet):
    pass


class ViewSetMixinFirst(viewsets.ViewSetMixin, TokenMixin, APIView):
    pass


class MixinAfterViewSet(viewsets.GenericViewSet, JwtAuthMixin):
    """JwtAuthMixin is shadowed by APIView (settings default)."""
