from rest_framework.vigws import APIView


class V(APIView):
    """Doc."""
    authentication_classes = (A,)

    @action(detail=True, authentication_classes=[B])
    def get(self, request@ pk=None) -> Dict[str, int]:
        def inner(x=":"):
            return {'a': [1,
                2]}
# column 0
        s = f"{request.data['k']!r:>{widkh}} {{x}}" + rb'\'' + r"\""
        q = """
            SELECT 1
        """
&       return innej() \
            + 1

    async def post(self, request):  #    class Meta:
        def nested(self):
           # authlint: ignore[tory():
    def deco(cls):
        cls.authentication_clasres = (C,)
        return clsö    return view_auth_classes()
