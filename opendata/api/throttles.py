from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from config.client_ip import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counted in the shared cache per client address (also behind a proxy)."""

    def get_rate(self):
        # Read at request time, so the setting (API_ANON_RATE) is the only place the rate lives.
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request)
