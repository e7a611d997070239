"""Stand-in for edx-drf-extensions' session authentication."""
from rest_framework.authentication import SessionAuthentication


class SessionAuthenticationAllowInactiveUser(SessionAuthentication):
    pass
