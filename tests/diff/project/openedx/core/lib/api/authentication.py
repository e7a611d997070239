"""Stand-in for edx-platform's openedx.core.lib.api.authentication."""
from edx_rest_framework_extensions.auth.bearer.authentication import (
    BearerAuthentication as _EdxBearerAuthentication,
)


class BearerAuthentication(_EdxBearerAuthentication):
    pass


class BearerAuthenticationAllowInactiveUser(BearerAuthentication):
    pass
