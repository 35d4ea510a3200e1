from django.db import transaction
from django.dispatch import Signal


def send_on_commit(signal: Signal, **kwargs) -> None:
    """Side effects (indexing, alerts, emails) run only once the change is committed."""
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))
