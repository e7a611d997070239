"""Module-level constants imported by the views (directly, relatively, aliased)."""
from rest_framework.authentication import (
    BasicAuthentication,
    SessionAuthentication,
    TokenAuthentication,
)

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import (
    SessionAuthenticationAllowInactiveUser,
)
from diffproj.authentication import LocalJwtAuthentication

FEATURE_JWT_ONLY = True
LEGACY_MODE = False

JWT_AND_SESSION = (JwtAuthentication, SessionAuthentication)
JWT_ONLY = [JwtAuthentication]
LEGACY = (SessionAuthentication, BasicAuthentication)
TOKEN_AUTH = (TokenAuthentication,)
NO_AUTH = ()
EXTENDED = JWT_AND_SESSION + TOKEN_AUTH
STARRED = (*JWT_ONLY, SessionAuthenticationAllowInactiveUser)
AS_LIST = list(LEGACY)
ALIASED = JWT_AND_SESSION

if FEATURE_JWT_ONLY:
    FLAGGED = (JwtAuthentication,)
else:
    FLAGGED = (SessionAuthentication, BasicAuthentication)

if LEGACY_MODE:
    LEGACY_FLAGGED = (BasicAuthentication,)
else:
    LEGACY_FLAGGED = (LocalJwtAuthentication, SessionAuthentication)

OPTIONAL = (SessionAuthentication,)
if FEATURE_JWT_ONLY:
    OPTIONAL = (JwtAuthentication, SessionAuthentication)
