"""Default-excluded path (**/admin.py): still in the endpoint inventory."""
from rest_framework.authentication import SessionAuthentication
from rest_framework.views import APIView


class AdminToolsView(APIView):
    authentication_classes = (SessionAuthentication,)
