"""Function views: @api_view with and without @authentication_classes."""
from rest_framework import decorators
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes
from rest_framework.decorators import api_view as apiview
from rest_framework.decorators import authentication_classes as auth_classes
from rest_framework.response import Response
from rest_framework.settings import api_settings

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from openedx.core.lib.api.view_utils import view_auth_classes

from ..constants import JWT_ONLY, TOKEN_AUTH


@api_view(['GET'])
def default_func(request):
    return Response({})


@api_view(['GET'])
@authentication_classes([JwtAuthentication, SessionAuthentication])
def jwt_func(request):
    return Response({})


@api_view(['POST'])
@authentication_classes(TOKEN_AUTH)
def const_func(request):
    return Response({})


@api_view(['GET'])
@authentication_classes(())
def empty_func(request):
    return Response({})


@apiview(['GET', 'POST'])
@auth_classes((BasicAuthentication,))
def aliased_func(request):
    return Response({})


@decorators.api_view(['GET'])
@decorators.authentication_classes(JWT_ONLY)
def module_attr_func(request):
    return Response({})


@api_view()
@authentication_classes(api_settings.DEFAULT_AUTHENTICATION_CLASSES)
def settings_func(request):
    return Response({})


@api_view(['GET'])
@view_auth_classes()
def view_auth_func(request):
    return Response({})


@authentication_classes((BasicAuthentication,))
def not_a_view(request):
    """No @api_view: not an endpoint."""
    return None


# Decorator order matters at run time: api_view reads the attribute from the
# function it wraps, so a decorator ABOVE @api_view sets it on the finished
# view function, where DRF never looks (the settings default stays).
@authentication_classes((BasicAuthentication,))
@api_view(['GET'])
def late_decorator_func(request):
    return Response({})


@view_auth_classes()
@api_view(['GET'])
def late_table_decorator_func(request):
    return Response({})
