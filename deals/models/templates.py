"""Agreement templates: the texts agreements are generated from, edited by operators in the Wagtail admin.

Written in the small placeholder language of deals.agreement_templates (never Django's template language); a
body with an unknown placeholder or broken braces is refused when saved. An agreement keeps a copy of the text
it was made from, so editing a template never changes an agreement already generated.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ..agreement_templates import placeholder_help, template_errors


class AgreementTemplate(models.Model):
    class Kind(models.TextChoices):
        LICENCE = "licence", _("Patent licence")
        ASSIGNMENT = "assignment", _("Patent assignment")
        EASY_ACCESS = "easy_access", _("Easy-access non-exclusive licence")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_zh = models.TextField(_("text (Chinese)"), help_text=lazy(placeholder_help, str)())
    body_en = models.TextField(_("text (English)"), help_text=lazy(placeholder_help, str)())
    # Of the active templates of a kind, the most recently updated one is used for new agreements.
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "-updated_at", "-pk"]
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")

    def __str__(self) -> str:
        return f"{self.title_zh} / {self.title_en}"

    def clean(self) -> None:
        errors = {name: template_errors(getattr(self, name)) for name in ("body_zh", "body_en")}
        errors = {name: messages for name, messages in errors.items() if messages}
        if errors:
            raise ValidationError(errors)

    @property
    def snapshot(self) -> dict:
        """The text an agreement keeps (rendering reads only this, never the template row)."""
        return {name: getattr(self, name) for name in ("title_zh", "title_en", "body_zh", "body_en")}
