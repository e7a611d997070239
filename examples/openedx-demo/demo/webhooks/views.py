"""Payment processor callbacks: authenticated by HMAC signature (ADR exclusion)."""
from rest_framework.views import APIView


class PaymentWebhookView(APIView):
    authentication_classes = ()
    permission_classes = ()

    def post(self, request):
        pass
