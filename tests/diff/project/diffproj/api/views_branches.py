"""Conditional declarations: class-level if/else and try/except, module-level
if/else constants, try/except ImportError imports (one that fails)."""
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.views import APIView
import rest_framework.authentication as drf_auth

from diffproj.authentication import LocalJwtAuthentication
from diffproj.constants import (
    FEATURE_JWT_ONLY,
    FLAGGED,
    LEGACY_FLAGGED,
    LEGACY_MODE,
    OPTIONAL,
)

try:
    from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
except ImportError:
    from diffproj.authentication import LocalJwtAuthentication as JwtAuthentication

try:
    from nonexistent_auth_lib.backends import TokenAuth
except ImportError:
    from rest_framework.authentication import TokenAuthentication as TokenAuth


class FeatureIfView(APIView):
    if FEATURE_JWT_ONLY:
        authentication_classes = (JwtAuthentication,)
    else:
        authentication_classes = (SessionAuthentication, BasicAuthentication)


class FeatureElseView(APIView):
    """LEGACY_MODE is False: DRF takes the else branch (second alternative)."""
    if LEGACY_MODE:
        authentication_classes = (BasicAuthentication,)
    else:
        authentication_classes = (LocalJwtAuthentication, SessionAuthentication)


class NoElseView(APIView):
    authentication_classes = (BasicAuthentication,)
    if FEATURE_JWT_ONLY:
        authentication_classes = (JwtAuthentication, SessionAuthentication)


class ConstFlaggedView(APIView):
    authentication_classes = FLAGGED


class ConstLegacyFlaggedView(APIView):
    authentication_classes = LEGACY_FLAGGED


class ConstOptionalView(APIView):
    authentication_classes = OPTIONAL


class TryImportView(APIView):
    authentication_classes = (JwtAuthentication, SessionAuthentication)


class TryFailImportView(APIView):
    """The first import fails at run time: DRF sees the fallback class."""
    authentication_classes = (TokenAuth,)


class ClassTryView(APIView):
    try:
        authentication_classes = (JwtAuthentication, BasicAuthentication)
    except Exception:
        authentication_classes = (SessionAuthentication,)


class ClassTryFallbackView(APIView):
    """drf_auth has no NoSuchAuthentication: DRF takes the except branch."""
    try:
        authentication_classes = (drf_auth.NoSuchAuthentication,)
    except AttributeError:
        authentication_classes = (SessionAuthentication,)
