"""Enrollment API: an old mixin shared by several views."""
from edx_rest_framework_extensions.auth.bearer.authentication import BearerAuthentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.viewsets import ModelViewSet
from rest_framework.views import APIView


class LegacyAuthMixin:
    authentication_classes = (BearerAuthentication, SessionAuthentication)


class EnrollmentView(LegacyAuthMixin, APIView):
    def get(self, request):
        pass


class EnrollmentViewSet(LegacyAuthMixin, ModelViewSet):
    pass
