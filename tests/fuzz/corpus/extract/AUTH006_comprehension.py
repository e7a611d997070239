from django.utils.module_loading import import_string
from rest_framework.views import APIView

AUTH_PATHS = ["edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"]


class ImportedView(APIView):
    authentication_classes = [import_string(path) for path in AUTH_PATHS]
