from rest_framework.views import APIView


class V(APIView):
    """Doc."""
    authentication_classes = (A,)

    @action(detail=True, authentication_classes=[B])
    def get(self, request, pk=None) -> Dict[str, int]:
        def inner(x=":"):
            return {'a': [1,
                2]}
# column 0
        s = f"{request.data['k']!r:>{width}} {{x}}" + rb'\'' + r"\""
        q = """
            SELECT 1
        """
        return inner() \
            + 1

    async def post(self, request):  # noqa: D102
        return None

    if DEBUG:
        def debug(self):
            pass

    class Meta:
        def nested(self):
            return 2


def factory():
    def deco(cls):
        cls.authentication_classes = (C,)
        return cls
    return view_auth_classes()
