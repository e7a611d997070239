"""Stand-in for edx-drf-extensions' JwtAuthentication (same FQN, importable)."""
from rest_framework.authentication import BaseAuthentication


class JwtAuthentication(BaseAuthentication):
    def authenticate(self, request):
        return None
