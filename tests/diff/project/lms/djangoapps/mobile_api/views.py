from rest_framework import generics
from rest_framework.views import APIView

from .decorators import mobile_view


@mobile_view()
class MobileCourseView(generics.RetrieveAPIView):
    pass


@mobile_view(is_user=True)
class MobileUserView(APIView):
    pass
