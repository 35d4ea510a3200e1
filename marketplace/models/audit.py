from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Append-only record of a change to any workflow object: who, when, what, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, db_index=True)
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    @admin.display(description=_("from"))
    def from_state_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    @admin.display(description=_("to"))
    def to_state_label(self) -> str:
        return self._state_label(self.to_state)

    def _state_label(self, state: str) -> str:
        """A stored state in the reader's language, from the subject's own `status` choices (events of every
        workflow share this table, so the code alone does not say which labels apply)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()  # cached per process
        try:
            choices = dict(model._meta.get_field("status").choices or ()) if model else {}
        except FieldDoesNotExist:
            choices = {}
        return str(choices.get(state, state))
