from lms.djangoapps.mobile_api.decorators import mobile_view
from rest_framework import generics


@mobile_view(is_user=True)
class UserCourseEnrollmentsList(generics.ListAPIView):
    pass
