"""Course catalogue API."""
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser
from openedx.core.lib.api.authentication import BearerAuthentication as Bearer
from openedx.core.lib.api.view_utils import view_auth_classes
from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.views import APIView


class CourseListView(APIView):
    """Lists courses for mobile and MFE clients."""

    authentication_classes = (
        JwtAuthentication,
        BearerAuthenticationAllowInactiveUser,
        SessionAuthenticationAllowInactiveUser,
    )

    def get(self, request):
        return Response([])


class CourseDetailView(generics.RetrieveAPIView):
    authentication_classes = (JwtAuthentication, Bearer)


@view_auth_classes(is_authenticated=True)
class CourseBlocksView(APIView):
    def get(self, request, course_id):
        return Response({})


@api_view(["GET"])
def course_health(request):
    """Uses the settings default: compliant."""
    return Response({"ok": True})
