from rest_framework.views import APIView

try:
    from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
except ImportError:
    from rest_framework_jwt.authentication import JSONWebTokenAuthentication as JwtAuthentication


class TokenInfoView(APIView):
    authentication_classes = (JwtAuthentication,)
