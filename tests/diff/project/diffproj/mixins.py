"""Mixins that declare authentication_classes but are not views."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import (
    SessionAuthenticationAllowInactiveUser,
)
from rest_framework.authentication import SessionAuthentication

from .authentication import LocalJwtAuthentication
from .constants import TOKEN_AUTH


class JwtAuthMixin:
    authentication_classes = (JwtAuthentication,)


class LoggingMixin(JwtAuthMixin):
    pass


class AuditMixin(LoggingMixin):
    pass


class TracingMixin(AuditMixin):
    pass


class DeepestMixin(TracingMixin):
    """Five levels down from the declaring mixin."""


class SessionOverrideMixin(AuditMixin):
    authentication_classes = [SessionAuthenticationAllowInactiveUser, JwtAuthentication]


class PlainMixin:
    pass


class TokenMixin(object):
    authentication_classes = TOKEN_AUTH


class EmptyAuthMixin:
    authentication_classes = []


# A diamond of mixins: DiamondTopMixin <- (DiamondLeftMixin, DiamondRightMixin).
class DiamondTopMixin:
    authentication_classes = (SessionAuthentication,)


class DiamondLeftMixin(DiamondTopMixin):
    pass


class DiamondRightMixin(DiamondTopMixin):
    authentication_classes = (LocalJwtAuthentication,)
