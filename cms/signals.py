from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from marketplace.models import Membership

from .operators import operator_access_sync


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="cms_operator_access")
def membership_changed(sender, instance, **kwargs):
    operator_access_sync(user=instance.user)
