from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .providers import get_provider
from .providers.base import ProviderError
from .services import webhook_handle


@csrf_exempt  # Stripe cannot send a CSRF token; the request is authenticated by its signature instead.
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event, new = webhook_handle(
            provider=get_provider("stripe"), payload=request.body, headers=request.headers
        )
    except ProviderError as error:
        return JsonResponse({"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"received": event.event_id, "duplicate": not new})
