"""A refusal as one sentence for a page's message: a service's ValidationError or PermissionDenied (its messages
joined), or any other error's text."""


def error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))
