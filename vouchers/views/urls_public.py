"""Public voucher pages: a catalogue product's stable address, agencies on public notice, the sanctions list.
The catalogue itself is the Wagtail ServiceCataloguePage (vouchers.models.pages)."""

from django.urls import path

from . import public

urlpatterns = [
    path("services/<int:pk>/", public.product_detail, name="product"),
    path("notices/", public.notices, name="notices"),
    path("notices/<int:pk>/object/", public.objection_create, name="objection-create"),
    path("sanctions/", public.sanctions, name="sanctions"),
]
