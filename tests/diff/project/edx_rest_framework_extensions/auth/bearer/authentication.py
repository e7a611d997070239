"""Stand-in for edx-drf-extensions' (deprecated) bearer authentication."""
from rest_framework.authentication import BaseAuthentication


class BearerAuthentication(BaseAuthentication):
    def authenticate(self, request):
        return None


class BearerAuthenticationAllowInactiveUser(BearerAuthentication):
    pass
