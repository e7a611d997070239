"""Project-local authentication classes (subclasses of the catalog ones)."""
from rest_framework.authentication import BaseAuthentication, SessionAuthentication

from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication


class LocalBearerAuthentication(BearerAuthentication):
    pass


class LocalJwtAuthentication(JwtAuthentication):
    pass


class AuditedSessionAuthentication(SessionAuthentication):
    pass


class HmacSignatureAuthentication(BaseAuthentication):
    def authenticate(self, request):
        return None
