class V(APIView):
    def get(self):
        return f"{x}"

    authentication_classes = (A,)
