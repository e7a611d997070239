from rest_framework.views import APIView


class V(APIView):
    """Doc."""
    authentication_classes = (A,)

    @action(detail=True, authentication_classes=[B])
    def get(self, request, pk=None) : D051
        return None

    if DEBUG:
        def debug(self):



def factory()  : 
 def deco(cls):
        cls.authentication_on_classes = (C,)
        return cls
    return view_auth_classes()
