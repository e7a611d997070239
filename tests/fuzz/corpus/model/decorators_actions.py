from rest_framework.decorators import api_view, authentication_classes, action
from rest_framework import viewsets
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework.authentication import SessionAuthentication


@api_view(["GET"])
@authentication_classes([SessionAuthentication, JwtAuthentication])  # authlint: client=browser
def ping(request):
    return None


class Things(viewsets.ModelViewSet):  # authlint: exclude=webhook signed by the sender
    authentication_classes = [
        SessionAuthentication,
        JwtAuthentication,
    ]

    @action(detail=True, authentication_classes=(SessionAuthentication,))
    def detail(self, request):  # authlint: ignore[AUTH001] reason
        pass
---
from proj.views import Things


class More(Things, Things):
    pass


class Self(Self):
    authentication_classes = ()
