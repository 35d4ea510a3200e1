"""The NDA in the Wagtail admin: operators read every published version and publish the next one (a version
is never edited in place, so each acceptance keeps naming the text that was accepted)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.forms import add_service_errors
from cms.views.moderation import OperatorRequiredMixin

from .models import NdaVersion
from .nda_services import nda_version_publish
from .selectors import nda_version_current


class NdaVersionForm(forms.Form):
    body_zh = forms.CharField(label=gettext_lazy("Text (Chinese)"), widget=forms.Textarea(attrs={"rows": 18}))
    body_en = forms.CharField(label=gettext_lazy("Text (English)"), widget=forms.Textarea(attrs={"rows": 18}))


class NdaVersionsView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("NDA")
    header_icon = "doc-full"
    template_name = "deals/admin/nda_versions.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, form=None, **kwargs):
        current = nda_version_current()
        initial = {"body_zh": current.body_zh, "body_en": current.body_en} if current else {}
        return {
            **super().get_context_data(**kwargs),
            "current": current,
            "versions": NdaVersion.objects.select_related("created_by").order_by("-number"),
            "form": form or NdaVersionForm(initial=initial),
        }

    def post(self, request, *args, **kwargs):
        form = NdaVersionForm(request.POST)
        if form.is_valid():
            try:
                version = nda_version_publish(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(error, form)
            else:
                messages.success(request, _("Version %(number)d of the NDA is published; buyers now accept this "
                                            "one.") % {"number": version.number})
                return redirect("nda_versions")
        return self.render_to_response(self.get_context_data(form=form), status=400)
